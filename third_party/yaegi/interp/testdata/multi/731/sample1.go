package subpkg

import "fmt"

func PrintA() {
	fmt.Println("A")
}
