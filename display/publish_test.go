package display

import (
	"context"
	"testing"

	"github.com/gotape/gotape/internal/cellctx"
)

// TestPublisherOfTheCell: displays go to the publisher of the calling goroutine's cell
// context, also from a goroutine that cell started and after the cell ended; elsewhere to
// SetPublisher's.
func TestPublisherOfTheCell(t *testing.T) {
	global := record(t)
	cell1, cell2 := &recorder{}, &recorder{}
	release, done := make(chan bool), make(chan bool)
	undo := cellctx.Bind(WithPublisher(context.Background(), cell1))
	go func() { // started by cell 1, displays after cell 1 ended
		<-release
		HTML("<i>late</i>")
		close(done)
	}()
	HTML("<b>one</b>")
	undo()
	undo = cellctx.Bind(WithPublisher(context.Background(), cell2))
	HTML("<b>two</b>")
	close(release)
	<-done
	undo()
	HTML("<b>outside</b>")
	if len(cell1.msgs) != 2 || cell1.msgs[0].b[MIMEHTML] != "<b>one</b>" || cell1.msgs[1].b[MIMEHTML] != "<i>late</i>" {
		t.Errorf("cell 1 got %+v", cell1.msgs)
	}
	if len(cell2.msgs) != 1 || cell2.msgs[0].b[MIMEHTML] != "<b>two</b>" {
		t.Errorf("cell 2 got %+v", cell2.msgs)
	}
	if len(global.msgs) != 1 || global.msgs[0].b[MIMEHTML] != "<b>outside</b>" {
		t.Errorf("outside any cell: %+v", global.msgs)
	}
}
