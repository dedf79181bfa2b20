package bot

import (
	"os"
	"regexp"
	"slices"
	"testing"
)

// TestManifestDeclaresRoutes checks manifest.yml against the route table:
// Slack sends a shortcut, an event or the command only when the manifest
// declares it, and a declared shortcut nobody routes is a menu item that
// does nothing.
func TestManifestDeclaresRoutes(t *testing.T) {
	src, err := os.ReadFile("../manifest.yml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := newRouter(routes())
	if err != nil {
		t.Fatal(err)
	}
	var declared []string
	for _, m := range regexp.MustCompile(`(?m)^\s*callback_id:\s*"?([\w-]+)"?`).FindAllStringSubmatch(string(src), -1) {
		declared = append(declared, m[1])
	}
	var routed []string
	for id := range r.shortcuts {
		routed = append(routed, id)
	}
	slices.Sort(declared)
	slices.Sort(routed)
	if !slices.Equal(declared, routed) {
		t.Errorf("shortcuts: manifest.yml declares %q, routes.go routes %q", declared, routed)
	}
	for typ := range r.events {
		if !regexp.MustCompile(`(?m)^\s*-\s*` + regexp.QuoteMeta(typ) + `\s*$`).Match(src) {
			t.Errorf("event %q is routed but manifest.yml does not subscribe to it", typ)
		}
	}
	if !regexp.MustCompile(`(?m)^\s*-?\s*command:\s*/plan\s*$`).Match(src) {
		t.Error("manifest.yml does not declare /plan")
	}
}
