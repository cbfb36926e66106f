package interp

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"
)

func TestScratch(t *testing.T) {
	for _, c := range []string{"%d + 1", "z := %d\nz"} {
		e := New()
		e.Execute(context.Background(), "var x, z int", nopOutput{})
		for _, n := range []int{2000, 2000} {
			start := time.Now()
			for i := 0; i < n; i++ {
				e.Execute(context.Background(), fmt.Sprintf(c, i), nopOutput{})
			}
			fmt.Println(strconv.Quote(c), n, time.Since(start)/time.Duration(n), len(e.globals()))
		}
	}
}
