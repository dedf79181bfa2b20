package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"testing"
)

// TestUpload: the page drops the sample export, or a file of the user's,
// into a channel as the member's message, with the file attached as the
// bot will download it; an unknown sample is refused.
func TestUpload(t *testing.T) {
	e := newEnv(t, false)
	ws := DefaultWorkspace()
	user, channel := ws.Users[0].ID, ws.Channels[0].ID
	upload := func(req map[string]any) (*http.Response, string) {
		b, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		return e.do("POST", "/api/upload", "application/json", string(b), nil)
	}
	if res, out := upload(map[string]any{"user": user, "channel": channel, "sample": "ga4_traffic_acquisition.csv"}); res.StatusCode != http.StatusOK {
		t.Fatalf("sample upload: %s: %s", res.Status, out)
	}
	if res, out := upload(map[string]any{"user": user, "channel": channel, "name": "mine.csv", "data": []byte("Date,Clicks\n2026-03-01,3\n")}); res.StatusCode != http.StatusOK {
		t.Fatalf("file upload: %s: %s", res.Status, out)
	}
	want, err := os.ReadFile("samples/ga4_traffic_acquisition.csv")
	if err != nil {
		t.Fatal(err)
	}
	files := e.slack.Files()
	if len(files) != 2 || files[0].Name != "ga4_traffic_acquisition.csv" || !bytes.Equal(files[0].Data, want) ||
		files[1].Name != "mine.csv" || files[0].User != user || files[0].Channel != channel {
		t.Fatalf("files %+v", files)
	}
	if res, _ := upload(map[string]any{"user": user, "channel": channel, "sample": "../../go.mod"}); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown sample: %s, want 404", res.Status)
	}
}
