package godoc

import (
	"encoding/json"
	"go/build"
	"sort"
	"strings"

	"github.com/gotape/gotape/interp/symbols"
)

// Index extracts the documentation of gotape's packages listed in the generated symbol
// tables, from their source (found with go/build, so it runs inside the module), as
// indented JSON: {"import/path": Package}.
func Index() ([]byte, error) {
	idx := map[string]Package{}
	var paths []string
	for key := range symbols.Symbols {
		if i := strings.LastIndexByte(key, '/'); i > 0 {
			paths = append(paths, key[:i])
		}
	}
	sort.Strings(paths)
	for _, path := range paths {
		p, err := build.Import(path, ".", build.FindOnly)
		if err != nil {
			return nil, err
		}
		d, err := Extract(p.Dir, path)
		if err != nil {
			return nil, err
		}
		idx[path] = d
	}
	return json.MarshalIndent(idx, "", "\t")
}
