package subpkg

import "fmt"

func PrintB() {
	fmt.Println("B")
}
