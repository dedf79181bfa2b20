package bot

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// mustCommands returns the commands of the route table.
func mustCommands(tb testing.TB) commands {
	tb.Helper()
	r, err := newRouter(routes())
	if err != nil {
		tb.Fatal(err)
	}
	return r.commands
}

// TestRoutes checks the route table: no ID routed twice, every step of
// the method and every utility in it, and a duplicate caught.
func TestRoutes(t *testing.T) {
	r, err := newRouter(routes())
	if err != nil {
		t.Fatalf("route table: %v", err)
	}
	var method []string
	for _, c := range r.commands {
		if c.method {
			method = append(method, c.id)
		}
	}
	if got, want := strings.Join(method, " "), "goals audience content cta channels experiment engage measure review"; got != want {
		t.Errorf("steps of the method = %q, want %q", got, want)
	}
	for _, name := range []string{"status", "export", "settings", "help"} {
		if !r.commands.available(name) {
			t.Errorf("%s is not available", name)
		}
	}

	t.Run("Duplicates", func(t *testing.T) {
		for name, table := range map[string][]route{
			"Action":   actions(goalsKit.add, ActionGoalAdd, ActionGoalAdd),
			"View":     slices.Concat(view(CallbackGoal, goalsKit.submit), view(CallbackGoal, personasKit.submit)),
			"Alias":    slices.Concat(step("goals", goalsKit.open, "objectifs"), step("audience", personasKit.open, "objectifs")),
			"Command":  slices.Concat(step("goals", goalsKit.open), utility("goals", nil)),
			"Shortcut": slices.Concat(shortcut("s", nil), shortcut("s", nil)),
			"Kit":      slices.Concat(goalsKit.routes(CallbackGoal, CallbackGoalsList, "a", "e", "d"), ctasKit.routes(CallbackCTA, CallbackGoalsList, "a2", "e2", "d2")),
		} {
			if _, err := newRouter(table); err == nil {
				t.Errorf("%s: a duplicate was accepted", name)
			}
		}
	})
}

// TestRoutesCoverIDs checks that every action ID and view callback ID the
// IDs files declare has a route, so no button is left unanswered. The
// exceptions are IDs of elements whose clicks Slack does not send
// (ActionInput) and of views that are not forms.
func TestRoutesCoverIDs(t *testing.T) {
	r, err := newRouter(routes())
	if err != nil {
		t.Fatal(err)
	}
	files, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	decl := regexp.MustCompile(`(?m)^\s*((Action|Callback|Shortcut)\w+)\s*=\s*"([^"]+)"`)
	notRouted := map[string]bool{
		"ActionInput": true, "CallbackHome": true, "CallbackMeasure": true, "CallbackReviewHistory": true,
		// The light modal of a slow screen (openfill.go): no form.
		"CallbackLoading": true,
		// The import's loading, result and error screens have nothing to submit.
		"CallbackImportDone": true,
		// Lists that do not page, and forms shown without a route of their
		// own: they are named for the views they refresh.
	}
	found := 0
	for _, f := range files {
		name := f.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range decl.FindAllStringSubmatch(string(src), -1) {
			found++
			constName, kind, id := m[1], m[2], m[3]
			if notRouted[constName] {
				continue
			}
			var ok bool
			switch kind {
			case "Action":
				_, ok = r.actions[id]
			case "Callback":
				_, ok = r.views[id]
				if !ok {
					_, ok = r.pages[id]
				}
			case "Shortcut":
				_, ok = r.shortcuts[id]
			}
			if !ok {
				t.Errorf("%s: %s %q has no route", name, constName, id)
			}
		}
	}
	if found < 50 {
		t.Fatalf("found only %d IDs: the scan is broken", found)
	}
}
