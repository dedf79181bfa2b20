package sandbox

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func TestParseManifestShortcuts(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []Shortcut
		wantErr    bool
	}{
		{"None", "display_information:\n  name: planbot\nfeatures:\n  bot_user:\n    display_name: planbot\n", nil, false},
		{"Empty", "features:\n  shortcuts: []\n", nil, false},
		{"Two", `features:
  app_home:
    home_tab_enabled: true
  shortcuts:
    # from any message
    - name: Add to engagement queue   # shown in the menu
      type: message
      callback_id: engage_add
      description: "Turn this message into an engagement item: reply # tracked"
    -
      name: 'New plan item'
      type: global
      callback_id: item_new
      description: It's quick
  slash_commands:
    - command: /plan
      description: not a shortcut
settings:
  shortcuts:
    - name: not under features
`, []Shortcut{
			{Name: "Add to engagement queue", Type: "message", CallbackID: "engage_add", Description: "Turn this message into an engagement item: reply # tracked"},
			{Name: "New plan item", Type: "global", CallbackID: "item_new", Description: "It's quick"},
		}, false},
		{"FlowList", "features:\n  shortcuts: [{name: x}]\n", nil, true},
		{"BadQuote", "features:\n  shortcuts:\n    - name: \"open\n", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseManifestShortcuts([]byte(tt.yaml))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if !tt.wantErr && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
	if got := MessageShortcuts([]Shortcut{{Name: "a", Type: "message"}, {Name: "b", Type: "global"}}); len(got) != 1 || got[0].Name != "a" {
		t.Errorf("MessageShortcuts = %+v", got)
	}
}

// TestDefaultShortcutsMatchManifest keeps the built-in list (used when the
// sandbox runs away from the repository) equal to manifest.yml.
func TestDefaultShortcutsMatchManifest(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "manifest.yml"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseManifestShortcuts(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 && len(DefaultShortcuts) == 0 {
		return
	}
	if !reflect.DeepEqual(got, DefaultShortcuts) {
		t.Errorf("manifest.yml shortcuts = %#v\nsandbox.DefaultShortcuts = %#v\nupdate DefaultShortcuts in sandbox/manifest.go", got, DefaultShortcuts)
	}
}

func TestClock(t *testing.T) {
	wall := time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC)
	c := NewClock(func() time.Time { return wall })
	if !c.Now().Equal(wall) {
		t.Fatalf("Now = %v", c.Now())
	}
	c.Advance(36 * time.Hour)
	c.Advance(-time.Hour) // ignored: time does not run backwards
	if got := c.Now().Sub(wall); got != 36*time.Hour || c.Offset() != 36*time.Hour {
		t.Errorf("after Advance: Now - wall = %s, Offset = %s", got, c.Offset())
	}
	for d, want := range map[time.Duration]string{0: "0 min", 45 * time.Minute: "45 min", 26 * time.Hour: "1 d 2 h", 7 * 24 * time.Hour: "7 d"} {
		if got := OffsetLabel(d); got != want {
			t.Errorf("OffsetLabel(%s) = %q, want %q", d, got, want)
		}
	}
}

func TestIsLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1:8080": true, "localhost:8080": true, "LOCALHOST": true, "[::1]:8080": true, "127.0.0.2": true,
		"0.0.0.0:8080": false, ":8080": false, "192.168.1.10:8080": false, "example.com": false, "localhost.evil.com": false, "": false,
	} {
		if got := IsLoopbackHost(host); got != want {
			t.Errorf("IsLoopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}
