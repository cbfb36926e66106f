// Package install writes and removes gotape's Jupyter kernelspec: kernel.json (argv =
// the absolute path of the gotape binary, "kernel", "--history", "auto" (the history file
// in the user's Jupyter data directory, HistoryFile), "{connection_file}"; display name
// "Go (gotape)"; language go; interrupt_mode message) and the embedded 32×32 and 64×64
// logos, in the user's, a prefix's or Python's sys.prefix Jupyter data directory.
//
// It does not build the binary and does not talk to a running Jupyter.
package install

//go:generate go run genlogo.go
