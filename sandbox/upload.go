package sandbox

import (
	"embed"
	"encoding/json"
	"net/http"
	"path"

	"github.com/planbot/planbot/fakeslack"
)

// samples are analytics exports shipped with the sandbox, for a member to
// drop into a channel and import with the "Import results" shortcut: a
// Google Analytics 4 report and a French team's own spreadsheet as CSV.
//
//go:embed samples
var samples embed.FS

// maxUpload bounds a file dropped from the page: a little over the 10 MB
// planbot imports, so that the bot, not the sandbox, says a file is too
// large.
const maxUpload = 11 << 20

// handleUpload shares a file in a channel as the member's message, as a
// member dropping it into Slack does: a file the page sends (name, and
// data in base64) or one of the samples (sample, its name), by user in
// channel, who joins the channel first, as uploading there requires. The
// body is JSON, like every POST of the page (see ServeHTTP).
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	var req struct {
		User    string `json:"user"`
		Channel string `json:"channel"`
		Sample  string `json:"sample"`
		Name    string `json:"name"`
		Data    []byte `json:"data"` // base64 in JSON
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxUpload*4/3+1<<20)).Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error": "bad request: " + err.Error()})
		return
	}
	up := fakeslack.Upload{Channel: req.Channel, User: s.user(req.User).ID, Name: path.Base(req.Name), Data: req.Data}
	if req.Sample != "" {
		data, err := samples.ReadFile("samples/" + path.Base(req.Sample))
		if err != nil {
			writeJSON(w, http.StatusNotFound, map[string]any{"ok": false, "error": "no sample " + req.Sample})
			return
		}
		up.Name, up.Data = path.Base(req.Sample), data
	}
	if req.Name == "" && req.Sample == "" || len(up.Data) > maxUpload {
		writeJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error": "a file (name and data, at most 11 MB) or a sample"})
		return
	}
	if err := s.cfg.Slack.AddMembers(up.Channel, up.User); err != nil {
		s.fail(w, "join channel", err)
		return
	}
	f, m, err := s.cfg.Slack.UploadFile(up)
	if err != nil {
		s.fail(w, "upload", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "file_id": f.ID, "ts": m.TS})
}
