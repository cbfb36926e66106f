package main

import "subpkg"

func main() {
	subpkg.PrintA()
	subpkg.PrintB()
}
