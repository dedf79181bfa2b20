package sandbox

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/planbot/planbot/fakeslack"
)

// writeHTML answers a page fragment.
func writeHTML(w http.ResponseWriter, b *htmlBuf) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(b.String()))
}

// handleChannel renders the top-level messages of a channel for a viewer;
// thread replies are counted under their parent.
func (s *Server) handleChannel(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	channel, viewer := q.Get("channel"), s.user(q.Get("user"))
	items := s.timeline(channel, viewer.ID)
	files := s.filesByID()
	parents := map[string]bool{}
	for _, it := range items {
		if !it.isReply() {
			parents[it.TS] = true
		}
	}
	replies := map[string][]item{}
	var b htmlBuf
	var top []item
	for _, it := range items {
		if it.isReply() && parents[it.ThreadTS] {
			replies[it.ThreadTS] = append(replies[it.ThreadTS], it)
			continue
		}
		top = append(top, it)
	}
	if len(top) == 0 {
		b.raw(`<div class="empty">This is the very beginning of `)
		b.text(s.channelLabel(channel))
		b.raw(`. Type <code>`)
		b.text(s.cfg.Command)
		b.raw(`</code> below to start.</div>`)
	}
	for _, it := range top {
		s.writeMessage(&b, it, viewer, files, replies[it.TS], false)
	}
	writeHTML(w, &b)
}

// channelLabel is "#name" for a channel and "planbot" for the app's DM.
func (s *Server) channelLabel(id string) string {
	for _, c := range s.cfg.Workspace.Channels {
		if c.ID == id {
			return "#" + c.Name
		}
	}
	if strings.HasPrefix(id, "D") {
		return "your messages with planbot"
	}
	return id
}

// handleThread renders a thread: its parent and its replies.
func (s *Server) handleThread(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	channel, ts, viewer := q.Get("channel"), q.Get("ts"), s.user(q.Get("user"))
	files := s.filesByID()
	var b htmlBuf
	found := false
	for _, it := range s.timeline(channel, viewer.ID) {
		if it.TS == ts {
			found = true
			s.writeMessage(&b, it, viewer, files, nil, true)
			b.raw(`<div class="thread-sep">Replies</div>`)
		} else if it.ThreadTS == ts && it.isReply() {
			s.writeMessage(&b, it, viewer, files, nil, true)
		}
	}
	if !found {
		b.raw(`<div class="empty">This message is gone.</div>`)
	}
	writeHTML(w, &b)
}

// author returns the name and avatar letter of a message's author.
func (s *Server) author(id string) (string, string, bool) {
	switch id {
	case fakeslack.BotUserID:
		return "planbot", "P", true
	case "USLACKBOT":
		return "Slackbot", "S", true
	}
	name := s.render.userName(id)
	letter := "?"
	if name != "" {
		letter = strings.ToUpper(string([]rune(name)[:1]))
	}
	return name, letter, false
}

// writeMessage renders one message with its files, its thread link and
// its hover menu (reply in thread, the manifest's message shortcuts).
func (s *Server) writeMessage(b *htmlBuf, it item, viewer User, files map[string]fakeslack.File, replies []item, inThread bool) {
	name, letter, app := s.author(it.User)
	class := "msg"
	if it.EphemeralUser != "" {
		class += " msg-ephemeral"
	}
	b.raw(`<div class="` + class + `" data-container="message"`)
	b.attr("data-channel", it.Channel)
	b.attr("data-ts", it.TS)
	if it.Local {
		b.raw(` data-local="1"`)
	}
	b.raw(`><div class="msg-avatar`)
	if app {
		b.raw(` msg-avatar-app`)
	}
	b.raw(`">`)
	b.text(letter)
	b.raw(`</div><div class="msg-body"><div class="msg-head"><span class="msg-author">`)
	b.text(name)
	b.raw(`</span>`)
	if app {
		b.raw(`<span class="msg-badge">APP</span>`)
	}
	b.raw(`<time class="msg-time">`)
	b.text(formatTime(it.At, viewer.TZ, false))
	b.raw(`</time>`)
	if it.Updated {
		b.raw(`<span class="msg-edited">(edited)</span>`)
	}
	b.raw(`</div>`)
	if it.EphemeralUser != "" {
		b.raw(`<div class="msg-only-you">Only visible to you</div>`)
	}
	b.raw(`<div class="msg-content">`)
	if len(it.Blocks) > 0 && string(it.Blocks) != "[]" {
		s.render.blocks(b, it.Blocks)
	} else {
		s.render.mrkdwn(b, it.Text)
	}
	b.raw(`</div>`)
	for _, id := range it.Files {
		s.writeFile(b, files[id], id)
	}
	if n := len(replies); n > 0 && !inThread {
		b.raw(`<button type="button" class="msg-replies"`)
		b.attr("data-open-thread", it.TS)
		b.raw(">")
		b.text(plural(n, "reply", "replies"))
		b.raw(`</button>`)
	}
	b.raw(`</div>`)
	s.writeHoverMenu(b, it, inThread)
	b.raw(`</div>`)
}

func (s *Server) writeHoverMenu(b *htmlBuf, it item, inThread bool) {
	b.raw(`<div class="msg-hover"><button type="button" class="msg-more" aria-label="Message actions" title="More actions">⋮</button><div class="msg-menu" hidden>`)
	if !inThread && !it.isReply() {
		b.raw(`<button type="button" class="msg-menu-item"`)
		b.attr("data-open-thread", it.TS)
		b.raw(`>Reply in thread</button>`)
	}
	shortcuts := MessageShortcuts(s.cfg.Shortcuts)
	b.raw(`<div class="msg-menu-title">planbot shortcuts</div>`)
	if len(shortcuts) == 0 {
		b.raw(`<div class="msg-menu-note">No message shortcut in manifest.yml yet</div>`)
	}
	for _, sc := range shortcuts {
		b.raw(`<button type="button" class="msg-menu-item msg-shortcut"`)
		b.attr("data-callback-id", sc.CallbackID)
		b.attr("title", sc.Description)
		b.raw(">")
		b.text(sc.Name)
		b.raw(`</button>`)
	}
	b.raw(`</div></div>`)
}

// writeFile renders a file shared with a message: images inline, other
// files as a download link.
func (s *Server) writeFile(b *htmlBuf, f fakeslack.File, id string) {
	href := "/files/" + id
	if f.ID == "" {
		b.raw(`<div class="msg-file msg-file-missing">`)
		b.text("file " + id + " is not available")
		b.raw(`</div>`)
		return
	}
	b.raw(`<div class="msg-file">`)
	if f.Title != "" && f.Title != f.Name {
		b.raw(`<div class="msg-file-title">`)
		b.text(f.Title)
		b.raw(`</div>`)
	}
	if isImage(fileType(f)) {
		b.raw(`<a class="msg-file-link" target="_blank" rel="noopener" title="Open full size"`)
		b.attr("href", href)
		b.raw(`><img class="msg-file-image"`)
		b.attr("src", href)
		b.attr("alt", f.Name)
		b.raw(`></a>`)
	} else {
		b.raw(`<a class="msg-file-download" download`)
		b.attr("href", href)
		b.raw(`><span class="msg-file-icon">📄</span><span>`)
		b.text(f.Name)
		b.raw(`</span><span class="msg-file-size">`)
		b.text(sizeLabel(len(f.Data)))
		b.raw(`</span></a>`)
		if isPDF(fileType(f)) {
			// A report worth sending (issue 17) is read, not only saved.
			b.raw(`<a class="msg-file-open" target="_blank" rel="noopener"`)
			b.attr("href", href+"?open=1")
			b.raw(`>Open</a>`)
		}
	}
	b.raw(`</div>`)
}

// isPDF reports whether a file is a PDF, which the page can open in the
// browser's viewer.
func isPDF(mediaType string) bool {
	t, _, _ := mime.ParseMediaType(mediaType)
	return t == "application/pdf"
}

// fileType is a file's media type, from its name or its first bytes.
func fileType(f fakeslack.File) string {
	if t := mime.TypeByExtension(strings.ToLower(path.Ext(f.Name))); t != "" {
		return t
	}
	return http.DetectContentType(f.Data)
}

// isImage reports whether a file is shown inline: raster formats only,
// since an SVG can carry script.
func isImage(mediaType string) bool {
	t, _, _ := mime.ParseMediaType(mediaType)
	switch t {
	case "image/png", "image/jpeg", "image/gif", "image/webp":
		return true
	}
	return false
}

func sizeLabel(n int) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KB"
	}
	return strconv.Itoa(n) + " B"
}

// handleFile serves an uploaded file: images inline, anything else as an
// attachment, never sniffed, and sandboxed should a browser render it.
func (s *Server) handleFile(w http.ResponseWriter, r *http.Request) {
	f, ok := s.filesByID()[r.PathValue("id")]
	if !ok || !f.Completed {
		http.NotFound(w, r)
		return
	}
	t := fileType(f)
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	if isPDF(t) && r.URL.Query().Get("open") == "1" {
		// Opened in the browser's PDF viewer, which a sandboxing policy
		// would block; the PDF is the bot's own report.
		h.Set("Content-Type", "application/pdf")
		h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": f.Name}))
		h.Set("Content-Length", strconv.Itoa(len(f.Data)))
		_, _ = w.Write(f.Data)
		return
	}
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'")
	if isImage(t) {
		h.Set("Content-Type", t)
	} else {
		if strings.HasPrefix(t, "text/") && !strings.Contains(t, "charset") {
			t += "; charset=utf-8"
		}
		h.Set("Content-Type", t)
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	}
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	_, _ = w.Write(f.Data)
}

// viewJSON holds what the page shows of a modal or Home view.
type viewJSON struct {
	Type       string          `json:"type"`
	CallbackID string          `json:"callback_id"`
	Title      *textObject     `json:"title"`
	Submit     *textObject     `json:"submit"`
	Close      *textObject     `json:"close"`
	Blocks     json.RawMessage `json:"blocks"`
}

// handleModal renders the top of the user's modal stack, or nothing.
func (s *Server) handleModal(w http.ResponseWriter, r *http.Request) {
	stack := s.cfg.Slack.OpenViews(s.user(r.URL.Query().Get("user")).ID)
	var b htmlBuf
	if len(stack) == 0 {
		writeHTML(w, &b)
		return
	}
	top, root := stack[len(stack)-1], stack[0]
	var v viewJSON
	_ = json.Unmarshal(top.JSON, &v) // fakeslack stored it only after decoding it
	b.raw(`<div class="modal" role="dialog" aria-modal="true" aria-labelledby="modal-title" data-container="view"`)
	b.attr("data-view-id", top.ID)
	b.attr("data-hash", top.Hash)
	b.attr("data-callback-id", top.CallbackID)
	b.attr("data-depth", strconv.Itoa(len(stack)))
	b.raw(`><div class="modal-head">`)
	if len(stack) > 1 {
		b.raw(`<button type="button" class="modal-back" aria-label="Back" title="Back"`)
		b.attr("data-close-view", top.ID)
		b.raw(`>←</button>`)
	}
	b.raw(`<h2 class="modal-title" id="modal-title">`)
	s.render.textObj(&b, v.Title)
	b.raw(`</h2>`)
	if len(stack) > 1 {
		b.raw(`<span class="modal-depth">`)
		b.text(strconv.Itoa(len(stack)) + " / 3")
		b.raw(`</span>`)
	}
	b.raw(`<button type="button" class="modal-x" aria-label="Close all" title="Close"`)
	b.attr("data-close-view", root.ID)
	b.raw(`>×</button></div><form class="modal-body" novalidate>`)
	if len(v.Blocks) > 0 {
		s.render.blocks(&b, v.Blocks)
	}
	b.raw(`</form><div class="modal-general-error" role="alert" hidden></div><div class="modal-foot"><button type="button" class="btn"`)
	b.attr("data-close-view", top.ID)
	b.raw(">")
	s.render.textObj(&b, orText(v.Close, "Cancel"))
	b.raw(`</button>`)
	if v.Submit != nil && v.Submit.Text != "" {
		b.raw(`<button type="button" class="btn btn-primary"`)
		b.attr("data-submit-view", top.ID)
		b.raw(">")
		s.render.textObj(&b, v.Submit)
		b.raw(`</button>`)
	}
	b.raw(`</div></div>`)
	writeHTML(w, &b)
}

// handleHome renders the Home tab the bot last published for the user.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	var b htmlBuf
	v, ok := s.cfg.Slack.HomeView(s.user(r.URL.Query().Get("user")).ID)
	if !ok {
		b.raw(`<div class="empty">planbot has not published a Home tab for you yet: it does when you open it.</div>`)
		writeHTML(w, &b)
		return
	}
	var vj viewJSON
	_ = json.Unmarshal(v.JSON, &vj)
	b.raw(`<div class="home" data-container="view"`)
	b.attr("data-view-id", v.ID)
	b.raw(">")
	if len(vj.Blocks) > 0 {
		s.render.blocks(&b, vj.Blocks)
	}
	b.raw(`</div>`)
	writeHTML(w, &b)
}

// plural says how many of a thing there are: "1 reply", "3 replies".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
