package fakeslack

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"
)

// Upload is a file a member drops into a channel, with an optional comment.
type Upload struct {
	Channel, User, Name string
	Title, Comment      string // Title defaults to Name; Comment is the message text, as typed
	ThreadTS            string
	Data                []byte
	Mimetype            string // default from the name's extension (csv, xlsx, txt, ...)
}

// UploadFile shares u in its channel as the member's message with the file
// attached, as Slack shows it in history, message events and shortcut payloads.
// The member must be in the channel. The bot reads it with files.info and
// downloads url_private_download with its token.
func (s *Server) UploadFile(u Upload) (File, Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	channel, err := s.memberChannel(u.Channel, u.User)
	if err != nil {
		return File{}, Message{}, err
	}
	if u.Name == "" {
		return File{}, Message{}, fmt.Errorf("fakeslack: upload needs a file name")
	}
	f := &File{
		ID: s.nextID("F"), Name: u.Name, Title: u.Title, Channel: channel, ThreadTS: u.ThreadTS,
		InitialComment: u.Comment, User: u.User, Data: bytes.Clone(u.Data), Completed: true,
		length: len(u.Data), uploaded: true,
	}
	if f.Title == "" {
		f.Title = f.Name
	}
	f.Mimetype, f.Filetype = fileType(u.Name)
	if u.Mimetype != "" {
		f.Mimetype = u.Mimetype
	}
	s.files[f.ID] = f
	s.fileOrder = append(s.fileOrder, f.ID)
	m := s.addMessage(Message{Channel: channel, User: u.User, Text: EscapeText(u.Comment), ThreadTS: u.ThreadTS, Files: []string{f.ID}})
	out := *f
	out.Data = bytes.Clone(f.Data)
	return out, m, nil
}

// fileTypes maps extensions to Slack's mimetype and filetype, for the files a
// marketing team drops; others are binary.
var fileTypes = map[string][2]string{
	".csv":  {"text/csv", "csv"},
	".tsv":  {"text/tab-separated-values", "tsv"},
	".txt":  {"text/plain", "text"},
	".json": {"application/json", "json"},
	".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
	".xls":  {"application/vnd.ms-excel", "xls"},
	".pdf":  {"application/pdf", "pdf"},
	".png":  {"image/png", "png"},
	".jpg":  {"image/jpeg", "jpg"},
}

func fileType(name string) (mimetype, filetype string) {
	if t, ok := fileTypes[strings.ToLower(path.Ext(name))]; ok {
		return t[0], t[1]
	}
	return "application/octet-stream", "binary"
}

// fileKey is the path segment of a file's private URLs, as in Slack's
// https://files.slack.com/files-pri/T0001-F0001/download/name.
func fileKey(f *File) string { return TeamID + "-" + f.ID }

// fileJSON is f as files.info and message "files" show it. Callers hold s.mu.
func (s *Server) fileJSON(f *File) map[string]any {
	private := s.base + "/files-pri/" + fileKey(f) + "/" + url.PathEscape(f.Name)
	download := s.base + "/files-pri/" + fileKey(f) + "/download/" + url.PathEscape(f.Name)
	out := map[string]any{
		"id":                   f.ID,
		"name":                 f.Name,
		"title":                f.Title,
		"mimetype":             f.Mimetype,
		"filetype":             f.Filetype,
		"pretty_type":          strings.ToUpper(f.Filetype),
		"user":                 f.User,
		"user_team":            TeamID,
		"size":                 len(f.Data),
		"mode":                 "hosted",
		"is_external":          false,
		"external_type":        "",
		"is_public":            false,
		"public_url_shared":    false,
		"display_as_bot":       false,
		"editable":             false,
		"url_private":          private,
		"url_private_download": download,
		"permalink":            "https://" + TeamDomain + ".slack.com/files/" + f.User + "/" + f.ID + "/" + url.PathEscape(f.Name),
		"channels":             []string{},
		"groups":               []string{},
		"ims":                  []string{},
		"comments_count":       0,
	}
	if c, ok := s.channels[f.Channel]; ok {
		switch conversationType(c) {
		case "im":
			out["ims"] = []string{c.ID}
		case "private_channel":
			out["groups"] = []string{c.ID}
		default:
			out["channels"] = []string{c.ID}
			out["is_public"] = true
		}
	}
	return out
}

// botCanRead reports whether the bot may see f: its own, or shared in a
// conversation the bot is in. Callers hold s.mu.
func (s *Server) botCanRead(f *File) bool {
	if !f.Completed {
		return false
	}
	if f.User == BotUserID {
		return true
	}
	c, ok := s.channels[f.Channel]
	return ok && c.IsMember
}

func (s *Server) filesInfo(req *apiRequest) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[req.params.Get("file")]
	if !ok || !s.botCanRead(f) {
		return errResult("file_not_found")
	}
	return okResult(map[string]any{
		"file":              s.fileJSON(f),
		"comments":          []any{},
		"response_metadata": map[string]any{"next_cursor": ""},
	})
}

// handleDownload serves a file's url_private and url_private_download. As on
// files.slack.com, only a request with a valid bot token that may read the file
// (Authorization: Bearer xoxb-...) gets the bytes; any other is redirected to the
// workspace sign-in page, an HTML page answered 200. Recorded as method "download".
func (s *Server) handleDownload(w http.ResponseWriter, r *http.Request) {
	req := &apiRequest{r: r, params: url.Values{"path": {r.URL.Path}}, token: bearer(r)}
	res := s.serveFaulty("download", req, func() result { return s.download(r.PathValue("key"), req) })
	s.finish(w, "download", req, res)
}

func (s *Server) download(key string, req *apiRequest) result {
	token := req.token
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := strings.CutPrefix(key, TeamID+"-")
	f, found := s.files[id]
	if !ok || !found || !strings.HasPrefix(token, "xoxb-") || s.rejected[token] != "" || !s.botCanRead(f) {
		h := http.Header{}
		h.Set("Location", s.base+"/?redir="+url.QueryEscape(req.r.URL.Path))
		return result{status: http.StatusFound, header: h, raw: []byte("Found")}
	}
	h := http.Header{}
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", f.Name))
	return result{header: h, raw: bytes.Clone(f.Data), contentType: f.Mimetype}
}

// signInPage is what a browser, or a client without the token, gets instead of a file.
const signInPage = `<!DOCTYPE html><html lang="en-US"><head><title>Sign in | Slack</title></head><body><h1>Sign in to fakeslack</h1></body></html>`

func (s *Server) handleSignIn(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(signInPage))
}
