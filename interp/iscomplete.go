package interp

import (
	"go/scanner"
	"go/token"
	"strings"
)

// indentUnit is the indent hint per open bracket.
const indentUnit = "    "

// IsComplete reports whether code is ready to run: "incomplete" while a bracket, raw
// string or block comment is open or the code ends with an operator, comma or dot (with
// an indent for the next line), "invalid" for text that cannot become Go by adding
// lines, else "complete".
func (e *Evaluator) IsComplete(code string) (string, string) {
	if strings.TrimSpace(code) == "" {
		return "complete", ""
	}
	if status, indent, ok := e.isCompleteMagic(code); ok {
		return status, indent
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	var errs []string
	var s scanner.Scanner
	s.Init(file, []byte(code), func(_ token.Position, msg string) { errs = append(errs, msg) }, 0)
	var stack []token.Token
	last := token.ILLEGAL
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue // automatic semicolon
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			stack = append(stack, tok)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			open := map[token.Token]token.Token{token.RPAREN: token.LPAREN, token.RBRACK: token.LBRACK, token.RBRACE: token.LBRACE}[tok]
			if len(stack) == 0 || stack[len(stack)-1] != open {
				return "invalid", ""
			}
			stack = stack[:len(stack)-1]
		}
		last = tok
	}
	indent := strings.Repeat(indentUnit, len(stack))
	for _, msg := range errs {
		switch {
		case strings.Contains(msg, "raw string literal not terminated"), strings.Contains(msg, "comment not terminated"):
			return "incomplete", indent
		}
	}
	if len(errs) > 0 {
		return "invalid", ""
	}
	if len(stack) > 0 {
		return "incomplete", indent
	}
	if continues(last) {
		return "incomplete", indentUnit
	}
	if _, err := parseCell(token.NewFileSet(), code); err != nil {
		return "invalid", ""
	}
	return "complete", ""
}

// continues reports whether a line ending with tok must go on.
func continues(tok token.Token) bool {
	switch {
	case tok.IsOperator():
		switch tok {
		case token.RPAREN, token.RBRACK, token.RBRACE, token.SEMICOLON, token.INC, token.DEC:
			return false
		}
		return true
	case tok.IsKeyword():
		switch tok {
		case token.BREAK, token.CONTINUE, token.FALLTHROUGH, token.RETURN:
			return false
		}
		return true
	}
	return false
}
