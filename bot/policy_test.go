package bot

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNothingBypassesThePolicy: no code of the bot or of the planbot
// command calls slack-go's client (X.API.Method) itself: every Web API
// call goes through bot/slackcall, which retries, paces and classifies
// failures. Only bot/slackcall may.
func TestNothingBypassesThePolicy(t *testing.T) {
	for _, dir := range []string{".", "../cmd/planbot", "../remind", "../sandbox"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			if _, err := os.Stat(dir); err == nil {
				t.Fatalf("no Go files in %s", dir)
			}
			continue
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			file, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if inner, ok := sel.X.(*ast.SelectorExpr); ok && inner.Sel.Name == "API" {
					t.Errorf("%s: %s calls slack-go directly (.API.%s): use the Bot's helpers or bot/slackcall", fset.Position(sel.Pos()), f, sel.Sel.Name)
				}
				return true
			})
		}
	}
}
