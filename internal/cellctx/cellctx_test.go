package cellctx

import (
	"context"
	"testing"
	"time"
)

type key struct{}

func TestInherited(t *testing.T) {
	if Current() != nil {
		t.Fatal("a context before Bind")
	}
	ctx := context.WithValue(context.Background(), key{}, "cell 1")
	undo := Bind(ctx)
	got := make(chan any)
	go func() { // a goroutine started by the cell, and one started by it
		go func() {
			time.Sleep(10 * time.Millisecond)
			got <- Current().Value(key{})
		}()
	}()
	undo()
	if Current() != nil {
		t.Error("undo left a context")
	}
	if v := <-got; v != "cell 1" {
		t.Errorf("goroutine of cell 1 sees %v after the cell ended", v)
	}

	undo = Bind(context.WithValue(context.Background(), key{}, "cell 2"))
	c2 := Current()
	undo()
	go func() { // a callback re-bound to the cell it was created in
		defer Bind(c2)()
		got <- Current().Value(key{})
	}()
	if v := <-got; v != "cell 2" {
		t.Errorf("re-bound context %v", v)
	}
}

func TestForgetsOldest(t *testing.T) {
	undo := Bind(context.WithValue(context.Background(), key{}, "old"))
	old := Current()
	undo()
	for i := 0; i < maxBound; i++ {
		Bind(context.Background())()
	}
	defer Bind(old)()
	if Current() != nil {
		t.Error("a binding older than maxBound is still remembered")
	}
}

func BenchmarkCurrent(b *testing.B) {
	defer Bind(context.WithValue(context.Background(), key{}, "x"))()
	for i := 0; i < b.N; i++ {
		if Current() == nil {
			b.Fatal("nil")
		}
	}
}
