package stdlib

import "fmt"

// Format makes an interpreted value with a String method print as compiled Go prints it
// when it reaches fmt wrapped as a Stringer: String() for %v, %s, %q, %x and %X (not %#v),
// the value itself for the other verbs. Without it fmt printed the wrapper struct, so
// fmt.Sprintf("%d", v) of a named integer type with a String method gave "{4 5461952}".
func (W _fmt_Stringer) Format(f fmt.State, verb rune) {
	format := fmt.FormatString(f, verb)
	switch verb {
	case 'v', 's', 'q', 'x', 'X':
		if verb != 'v' || !f.Flag('#') {
			fmt.Fprintf(f, format, W.String())
			return
		}
	}
	fmt.Fprintf(f, format, W.IValue)
}
