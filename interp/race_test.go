//go:build race

package interp

// raceEnabled: yaegi v0.16.1's ExecuteWithContext writes its named results from two
// goroutines when the context is cancelled (program.go:197/203), which the race detector
// reports; interrupt tests skip under -race for that reason.
const raceEnabled = true
