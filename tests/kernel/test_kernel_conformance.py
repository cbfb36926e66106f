"""jupyter_kernel_test conformance suite for gotape: every attribute the kernel supports."""
import unittest

import jupyter_kernel_test as jkt
from gotape_kernel_cells import IMPORTS


class GotapeKernelTests(jkt.KernelTests):
    kernel_name = "gotape"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        reply = cls.kc.execute_interactive(IMPORTS, timeout=60)
        assert reply["content"]["status"] == "ok", reply["content"]
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'fmt.Println("hello, world")'
    code_stderr = 'fmt.Fprintln(os.Stderr, "to stderr")'

    completion_samples = [
        # matches replace the identifier after the dot (cursor_start is checked in
        # test_kernel_client.py)
        {"text": "fmt.Printl", "matches": {"Println"}},
        {"text": "strings.ToUpp", "matches": {"ToUpper", "ToUpperSpecial"}},
        {"text": "fmt.Sprin", "matches": {"Sprint", "Sprintf", "Sprintln"}},
    ]
    complete_code_samples = ["x := 1", 'fmt.Println("a")', "func f() int { return 1 }", "1 + 2"]
    incomplete_code_samples = ["func f() {", "for i := 0; i < 3; i++ {", "x := []int{1,"]
    invalid_code_samples = ["x := )", "func f() }"]

    code_page_something = "fmt.Println?"
    code_generate_error = "undefinedThing + 1"

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": "6 * 7", "result": "42"},
        {"code": "x := 3\nx * x", "result": "9"},
    ]
    code_display_data = [
        {"code": 'display.HTML("<b>bold</b>")', "mime": "text/html"},
        {"code": 'display.Markdown("# Title")', "mime": "text/markdown"},
        {"code": 'display.SVG(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>`)', "mime": "image/svg+xml"},
        {"code": 'display.LaTeX(`$x^2$`)', "mime": "text/latex"},
        {"code": 'display.JSON(map[string]int{"a": 1})', "mime": "application/json"},
    ]

    code_history_pattern = "6 * ?"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "fmt.Println"
    code_clear_output = "display.ClearOutput(false)"


if __name__ == "__main__":
    unittest.main()
