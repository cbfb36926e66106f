package interp

import (
	"context"
	"strings"
	"testing"

	"github.com/gotape/gotape/kernel"
)

// noStdin is a frontend that does not allow input requests, as the kernel answers then.
type noStdin struct{ recorder }

func (*noStdin) Input(context.Context, string, bool) (string, error) { return "", kernel.ErrNoStdin }

// TestStdinNotAllowedSaysSo: reading stdin when the frontend does not allow input gives the
// kernel's error (not a bare EOF) and tells the cell once on stderr, even when the cell
// ignores the error.
func TestStdinNotAllowedSaysSo(t *testing.T) {
	e := New()
	rec := &noStdin{}
	b, err := e.Execute(context.Background(), "import (\"bufio\"; \"fmt\"; \"os\")\nvar s string\nfmt.Scanln(&s)\n_, err := bufio.NewReader(os.Stdin).ReadString('\\n')\nerr.Error()", rec)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Data["text/plain"].(string); !strings.Contains(got, "allow_stdin is false") {
		t.Errorf("the read's error: %s", got)
	}
	if got := rec.errOut(); strings.Count(got, "does not allow input requests") != 1 {
		t.Errorf("stderr %q: want the message once", got)
	}
}

// TestStdStreamsCloseSaysWhy: os.Stdout.Close() (and Stderr, Stdin) compile, leave the
// stream open and say why; the *os.File methods that make sense work.
func TestStdStreamsCloseSaysWhy(t *testing.T) {
	e := New()
	r := run(t, e, "import (\"fmt\"; \"os\")\nerr := os.Stdout.Close()\nos.Stderr.Close()\nos.Stdin.Close()\nfmt.Println(\"still printing\", os.Stdout.Name())\nos.Stdout.WriteString(\"ws\\n\")\nerr != nil")
	if r.err != nil {
		t.Fatalf("%s: %s", r.err.Name, r.err.Value)
	}
	if r.result != "true" || r.rec.out() != "still printing /dev/stdout\nws\n" {
		t.Errorf("result %q, stdout %q", r.result, r.rec.out())
	}
	for _, s := range []string{"os.Stdout is the notebook's stream", "os.Stderr is", "os.Stdin is"} {
		if !strings.Contains(r.rec.errOut(), s) {
			t.Errorf("stderr %q lacks %q", r.rec.errOut(), s)
		}
	}
	if r := run(t, e, "fmt.Println(\"next cell\")"); r.rec.out() != "next cell\n" {
		t.Errorf("next cell printed %q", r.rec.out())
	}
}
