package interp

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// cellFile is the file name used in positions of cell code ("cell:3:5: ...").
const cellFile = "cell"

// chunk is a run of consecutive top-level declarations or statements of a cell.
// yaegi evaluates declarations as a file and statements as the body of main, so a cell
// mixing both is run chunk by chunk, in order.
type chunk struct {
	decl      bool
	src       string
	line, col int // position of src in the cell, 1-based
}

// itemKind classifies a top-level item of a cell.
type itemKind int

const (
	itemStmt itemKind = iota
	itemImport
	itemDecl
)

// splitCell cuts a cell into chunks at top-level item boundaries, using the Go scanner
// (so braces in strings and comments do not count). Consecutive items of the same kind
// (imports, other declarations, statements) share a chunk.
func splitCell(src string) []chunk {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)
	var toks []token.Token
	var offs []int
	for {
		p, t, _ := s.Scan()
		if t == token.EOF {
			break
		}
		toks = append(toks, t)
		offs = append(offs, file.Offset(p))
	}
	at := func(j int) token.Token { return toks[j] }
	var chunks []chunk
	var starts []int
	lastKind := itemKind(-1)
	depth := 0
	atItem := true
	for i, t := range toks {
		if atItem && t != token.SEMICOLON {
			if k := classify(len(toks), i, at); k != lastKind {
				p := fset.Position(file.Pos(offs[i]))
				chunks = append(chunks, chunk{decl: k != itemStmt, line: p.Line, col: p.Column})
				starts = append(starts, offs[i])
				lastKind = k
			}
			atItem = false
		}
		switch t {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if depth > 0 {
				depth--
			}
		case token.SEMICOLON:
			if depth == 0 {
				atItem = true
			}
		}
	}
	for i := range chunks {
		end := len(src)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		chunks[i].src = src[starts[i]:end]
	}
	return chunks
}

func classify(n, i int, at func(int) token.Token) itemKind {
	switch at(i) {
	case token.IMPORT:
		return itemImport
	case token.TYPE, token.CONST, token.VAR:
		return itemDecl
	case token.FUNC:
		if i+1 < n && at(i+1) == token.IDENT {
			return itemDecl
		}
		if i+1 < n && at(i+1) == token.LPAREN {
			// A method declaration: func (recv) Name( ; a literal: func(params) ... {
			d := 0
			for j := i + 1; j < n; j++ {
				switch at(j) {
				case token.LPAREN:
					d++
				case token.RPAREN:
					d--
				}
				if d == 0 {
					if j+2 < n && at(j+1) == token.IDENT && at(j+2) == token.LPAREN {
						return itemDecl
					}
					return itemStmt
				}
			}
		}
	}
	return itemStmt
}

// parsedChunk is a chunk parsed with the interpreter's file set.
type parsedChunk struct {
	chunk
	file    *ast.File      // declarations
	body    *ast.BlockStmt // statements (body of main)
	wrapper *ast.File      // for statements: the file wrapping them in func main
}

// parseChunk parses c with fset, keeping cell positions through a line directive.
func parseChunk(fset *token.FileSet, c chunk) (*parsedChunk, error) {
	dir := fmt.Sprintf("/*line %s:%d:%d*/", cellFile, c.line, c.col)
	pc := &parsedChunk{chunk: c}
	if c.decl {
		f, err := parser.ParseFile(fset, cellFile, "package main;"+dir+c.src, parser.DeclarationErrors)
		if err != nil {
			return nil, err
		}
		pc.file = f
		return pc, nil
	}
	f, err := parser.ParseFile(fset, cellFile, "package main; func main() {"+dir+c.src+"\n}", parser.DeclarationErrors)
	if err != nil {
		return nil, atEndOfCell(err, c)
	}
	pc.body = f.Decls[0].(*ast.FuncDecl).Body
	pc.wrapper = f
	return pc, nil
}

// atEndOfCell moves syntax errors found on the wrapper's closing brace to the end of
// the chunk, as "found 'EOF'" (what Go says for the same text in a file).
func atEndOfCell(err error, c chunk) error {
	list, ok := err.(scanner.ErrorList)
	if !ok {
		return err
	}
	endLine := c.line + strings.Count(c.src, "\n")
	endCol := len(c.src) - strings.LastIndexByte(c.src, '\n')
	if endLine == c.line {
		endCol = c.col + len(c.src)
	}
	for _, e := range list {
		if e.Pos.Line > endLine {
			e.Pos.Line, e.Pos.Column = endLine, endCol
			e.Msg = strings.Replace(e.Msg, "found '}'", "found 'EOF'", 1)
		}
	}
	return list
}

// parseCell splits and parses a whole cell. Syntax errors are reported for the first
// failing chunk, with cell positions.
func parseCell(fset *token.FileSet, src string) ([]*parsedChunk, error) {
	var out []*parsedChunk
	for _, c := range splitCell(src) {
		if strings.TrimSpace(c.src) == "" {
			continue
		}
		pc, err := parseChunk(fset, c)
		if err != nil {
			return nil, err
		}
		out = append(out, pc)
	}
	return out, nil
}
