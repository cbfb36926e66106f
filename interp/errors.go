package interp

import (
	"errors"
	"fmt"
	"github.com/gotape/gotape/kernel"
	"go/scanner"
	"strings"
)

// compileError formats a parse or compile error; positions are cell positions.
func compileError(err error) *kernel.ExecError {
	var lines []string
	var list scanner.ErrorList
	if errors.As(err, &list) {
		for i, x := range list {
			if i == 10 {
				lines = append(lines, fmt.Sprintf("(%d more errors)", len(list)-10))
				break
			}
			lines = append(lines, x.Error())
		}
	} else {
		lines = strings.Split(err.Error(), "\n")
	}
	return &kernel.ExecError{Name: "CompileError", Value: lines[0], Traceback: lines}
}

// explain rewords yaegi's compile errors that do not say what is wrong in the cell.
func (e *Evaluator) explain(err error, pc *parsedChunk) error {
	if strings.Contains(err.Error(), "definition loop") {
		// yaegi's message for an undefined name in a global declaration.
		if names := e.undefinedNames(pc); len(names) > 0 {
			return fmt.Errorf("%s (yaegi says: %v)", names[0], err)
		}
	}
	if strings.Contains(err.Error(), "nil type") && hasRangeCandidates(pc) {
		return fmt.Errorf("%v (yaegi cannot range over this value; for an integer n write: for i := 0; i < n; i++)", err)
	}
	return err
}
