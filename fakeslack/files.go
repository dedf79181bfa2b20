package fakeslack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
)

// File is a file uploaded by the bot with the three-step upload v2 flow, or by a
// member (UploadFile).
type File struct {
	ID, Name, Title, Channel, ThreadTS, InitialComment string
	User                                               string // the uploader: BotUserID or a member
	Mimetype, Filetype                                 string // "text/csv", "csv"
	Data                                               []byte
	Completed                                          bool // shared (completed upload); only then files.info and downloads serve it

	length   int  // as announced by files.getUploadURLExternal
	uploaded bool // the upload_url received the bytes
}

// Files returns the files, the bot's and the members', in the order they were created.
func (s *Server) Files() []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]File, 0, len(s.fileOrder))
	for _, id := range s.fileOrder {
		f := *s.files[id]
		f.Data = bytes.Clone(f.Data)
		out = append(out, f)
	}
	return out
}

func (s *Server) filesGetUploadURLExternal(req *apiRequest) result {
	name := req.params.Get("filename")
	length, err := strconv.Atoi(req.params.Get("length"))
	if name == "" || err != nil || length <= 0 {
		return errResult("invalid_arguments")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := &File{ID: s.nextID("F"), Name: name, User: BotUserID, length: length}
	f.Mimetype, f.Filetype = fileType(name)
	s.files[f.ID] = f
	s.fileOrder = append(s.fileOrder, f.ID)
	return okResult(map[string]any{"upload_url": s.base + "/upload/" + f.ID, "file_id": f.ID})
}

// handleUpload stores the bytes POSTed to an upload_url, as a multipart "file" part
// or as the raw body, and answers "OK - <length>" like Slack.
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	req := &apiRequest{r: r, body: body, params: r.URL.Query(), token: bearer(r)}
	res := s.serveUpload(r.PathValue("id"), req)
	s.finish(w, "upload", req, res)
}

func (s *Server) serveUpload(id string, req *apiRequest) result {
	return s.serveFaulty("upload", req, func() result { return s.storeUpload(id, req) })
}

func (s *Server) storeUpload(id string, req *apiRequest) result {
	if req.r.Method != http.MethodPost {
		return result{status: http.StatusMethodNotAllowed, raw: []byte("method not allowed")}
	}
	data := req.body
	ct, params, _ := mime.ParseMediaType(req.r.Header.Get("Content-Type"))
	if strings.HasPrefix(ct, "multipart/") {
		var err error
		if data, err = filePart(req.body, params["boundary"]); err != nil {
			return result{status: http.StatusBadRequest, raw: []byte(err.Error())}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[id]
	if !ok || f.Completed {
		return result{status: http.StatusNotFound, raw: []byte("not found")}
	}
	f.Data, f.uploaded = bytes.Clone(data), true
	if len(data) != f.length {
		s.log.Warn("upload length differs from announced length", "file_id", id, "length", len(data), "announced", f.length)
	}
	return result{raw: fmt.Appendf(nil, "OK - %d", len(data))}
}

// filePart returns the content of the "file" part, or of the first file part.
func filePart(body []byte, boundary string) ([]byte, error) {
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	var first []byte
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read multipart: %w", err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, fmt.Errorf("read part: %w", err)
		}
		if p.FormName() == "file" {
			return data, nil
		}
		if first == nil && p.FileName() != "" {
			first = data
		}
	}
	if first == nil {
		return nil, fmt.Errorf("no file part")
	}
	return first, nil
}

func (s *Server) filesCompleteUploadExternal(req *apiRequest) result {
	var summaries []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(req.params.Get("files")), &summaries); err != nil || len(summaries) == 0 {
		return errResult("invalid_arguments")
	}
	blocks, bad, ok := s.checkMessage("files.completeUploadExternal", req.params.Get("channel_id"), req.params.Get("blocks"))
	if !ok {
		return bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sum := range summaries {
		f, ok := s.files[sum.ID]
		if !ok || !f.uploaded || f.Completed {
			return errResult("file_not_found")
		}
	}
	channel := req.params.Get("channel_id")
	if channel == "" {
		channel = req.params.Get("channels")
	}
	if channel != "" {
		var code string
		if channel, code = s.resolveChannel(channel); code != "" {
			return errResult(code)
		}
	}
	out := make([]map[string]any, 0, len(summaries))
	ids := make([]string, 0, len(summaries))
	for _, sum := range summaries {
		f := s.files[sum.ID]
		f.Title = sum.Title
		if f.Title == "" {
			f.Title = f.Name
		}
		f.Completed = true
		f.Channel, f.ThreadTS, f.InitialComment = channel, req.params.Get("thread_ts"), req.params.Get("initial_comment")
		out = append(out, map[string]any{"id": f.ID, "title": f.Title})
		ids = append(ids, f.ID)
	}
	if channel != "" {
		s.addMessage(Message{
			Channel:  channel,
			ThreadTS: req.params.Get("thread_ts"),
			Text:     req.params.Get("initial_comment"),
			Blocks:   blocks,
			Files:    ids,
		})
	}
	return okResult(map[string]any{"files": out})
}
