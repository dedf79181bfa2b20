package importer_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestPackageIsPure holds importer to its package comment: no Slack, no
// SQL, no goroutine, no clock (today is a parameter); beside the standard
// library it imports only plan and the readers it is built on.
func TestPackageIsPure(t *testing.T) {
	allowed := []string{"github.com/planbot/planbot/plan", "github.com/xuri/excelize/v2",
		"github.com/richardlehane/mscfb", "golang.org/x/text/"}
	banned := []string{"database/sql", "net/http"}
	clock := map[string]bool{"Now": true, "Since": true, "Until": true, "Sleep": true, "After": true,
		"AfterFunc": true, "Tick": true, "NewTimer": true, "NewTicker": true}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			first, _, _ := strings.Cut(path, "/")
			ok := !strings.Contains(first, ".")
			for _, a := range allowed {
				ok = ok || path == a || strings.HasPrefix(path, a)
			}
			for _, b := range banned {
				ok = ok && path != b
			}
			if !ok {
				t.Errorf("%s: imports %s", fset.Position(imp.Pos()), path)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				t.Errorf("%s: starts a goroutine", fset.Position(n.Pos()))
			case *ast.SelectorExpr:
				if x, ok := n.X.(*ast.Ident); ok && x.Name == "time" && clock[n.Sel.Name] {
					t.Errorf("%s: reads the clock (time.%s)", fset.Position(n.Pos()), n.Sel.Name)
				}
			}
			return true
		})
	}
	if checked < 10 {
		t.Fatalf("checked %d files; the test does not run in importer's directory", checked)
	}
}
