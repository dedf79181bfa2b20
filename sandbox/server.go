// Package sandbox is the web page of `planbot sandbox`: a small Slack
// workspace in the browser, drawn from the state of fakeslack. The page
// types slash commands, clicks, submits modals and opens App Home; the
// server turns each into the payload Slack would send (through fakeslack's
// driver) and the real bot answers over Socket Mode. Block Kit is rendered
// to HTML in Go (render.go), escaped, and the page follows changes live
// over Server-Sent Events.
package sandbox

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/planbot/planbot/fakeslack"
)

//go:embed static
var staticFiles embed.FS

// User is a member of the sandbox workspace, offered by the user switcher.
type User struct {
	ID, Name, RealName, Locale, TZ string
}

// Channel is a channel of the sandbox workspace; the bot is a member.
type Channel struct {
	ID, Name, Topic string
}

// Config configures a Server.
type Config struct {
	// Slack is the fake Slack the bot is connected to.
	Slack *fakeslack.Server
	// Workspace is added to Slack by New; see DefaultWorkspace.
	Workspace Workspace
	// Shortcuts are the app's shortcuts (manifest.yml); message ones are
	// listed on every message.
	Shortcuts []Shortcut
	// Clock is the bot's clock, moved by the page's time control.
	Clock *Clock
	// Tick, when set, runs the bot's reminder scheduler once; the page
	// calls it right after advancing the clock so due reminders show up.
	Tick func(ctx context.Context) error
	// TickInterval, when positive, makes the server call Tick that often,
	// in place of the scheduler's own poll (leave that off): every tick
	// and every clock advance then take turns, so the clock never jumps
	// while a tick is delivering, which would make a reminder sent on time
	// look late.
	TickInterval time.Duration
	// StatePath, when set, is where the server keeps its State (see
	// StatePath): written soon after each change and by Close.
	StatePath string
	// State, when not nil, is the history to start from, already applied
	// to Slack and Clock (State.Apply); the workspace's seed messages are
	// then not added again.
	State *State
	// SaveInterval is the least time between two saves; default 500 ms.
	SaveInterval time.Duration
	// OnSave, when set, is called after each save the server makes on its
	// own, with its error; tests wait on it.
	OnSave func(error)
	// Command is the app's slash command; default "/plan".
	Command string
	// Public lets the page be served on a non-loopback address; otherwise
	// requests naming another host are refused (DNS rebinding).
	Public bool
	// AckTimeout bounds how long a page action waits for the bot's ack;
	// default 5 s.
	AckTimeout time.Duration
	// Logger receives the page's warnings; default discards.
	Logger *slog.Logger
}

// Server serves the sandbox page. Create it with New and Close it.
type Server struct {
	cfg    Config
	log    *slog.Logger
	render *Renderer
	mux    *http.ServeMux
	hub    *hub
	done   chan struct{}
	wg     sync.WaitGroup
	stop   func()
	closer sync.Once

	// turn is held (a value in it) by a clock advance or a scheduler tick,
	// so that they take turns.
	turn   chan struct{}
	saveMu sync.Mutex
	dirty  chan struct{}

	mu     sync.Mutex
	local  []localMessage
	lastTS int64
	seen   map[string]time.Time // channel+ts -> sandbox time the message appeared
	seq    int
}

// New adds the workspace to cfg.Slack and returns a Server following it.
func New(cfg Config) (*Server, error) {
	ws := cfg.Workspace
	if cfg.Slack == nil || cfg.Clock == nil || len(ws.Users) == 0 || len(ws.Channels) == 0 {
		return nil, errors.New("sandbox: Slack, Clock, and a workspace with users and channels are required")
	}
	if cfg.Command == "" {
		cfg.Command = "/plan"
	}
	if cfg.AckTimeout <= 0 {
		cfg.AckTimeout = 5 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.SaveInterval <= 0 {
		cfg.SaveInterval = 500 * time.Millisecond
	}
	if _, err := time.LoadLocation(ws.TZ); err != nil {
		return nil, fmt.Errorf("sandbox: workspace zone %q: %w", ws.TZ, err)
	}
	s := &Server{cfg: cfg, log: cfg.Logger, hub: newHub(), done: make(chan struct{}), seen: map[string]time.Time{}, dirty: make(chan struct{}, 1), turn: make(chan struct{}, 1)}
	names := map[string]string{fakeslack.BotUserID: "planbot"}
	channels := map[string]string{}
	s.render = &Renderer{
		UserName:    func(id string) string { return names[id] },
		ChannelName: func(id string) string { return channels[id] },
	}
	for _, u := range append(append([]User(nil), ws.Users...), ws.Others...) {
		cfg.Slack.AddUser(fakeslack.User{ID: u.ID, Name: u.Name, RealName: u.RealName, Locale: u.Locale, TZ: u.TZ})
		names[u.ID] = u.RealName
		s.render.Users = append(s.render.Users, Option{Value: u.ID, Label: u.RealName})
	}
	// Everyone is in every channel: the shortcuts offer the plans of a
	// member's channels, and planbot shows a plan only to members of its
	// channel.
	var members []string
	for _, u := range append(append([]User(nil), ws.Users...), ws.Others...) {
		members = append(members, u.ID)
	}
	for _, c := range ws.Channels {
		cfg.Slack.AddChannel(fakeslack.Channel{ID: c.ID, Name: c.Name, IsMember: true, Members: members})
		channels[c.ID] = c.Name
		s.render.Channels = append(s.render.Channels, Option{Value: c.ID, Label: c.Name})
	}
	static, err := fs.Sub(staticFiles, "static")
	if err != nil {
		return nil, fmt.Errorf("static files: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFileFS(w, r, static, "index.html")
	})
	mux.HandleFunc("GET /api/bootstrap", s.handleBootstrap)
	mux.HandleFunc("GET /api/clock", s.handleClock)
	mux.HandleFunc("GET /events", s.handleEvents)
	mux.HandleFunc("GET /ui/channel", s.handleChannel)
	mux.HandleFunc("GET /ui/thread", s.handleThread)
	mux.HandleFunc("GET /ui/modal", s.handleModal)
	mux.HandleFunc("GET /ui/home", s.handleHome)
	mux.HandleFunc("GET /files/{id}", s.handleFile)
	mux.HandleFunc("POST /api/command", s.handleCommand)
	mux.HandleFunc("POST /api/action", s.handleAction)
	mux.HandleFunc("POST /api/submit", s.handleSubmit)
	mux.HandleFunc("POST /api/close", s.handleClose)
	mux.HandleFunc("POST /api/shortcut", s.handleShortcut)
	mux.HandleFunc("POST /api/upload", s.handleUpload)
	mux.HandleFunc("POST /api/home", s.handleHomeOpened)
	mux.HandleFunc("POST /api/advance", s.handleAdvance)
	s.mux = mux
	if st := cfg.State; st != nil {
		s.local, s.lastTS = append([]localMessage(nil), st.local...), st.lastTS
		for k, v := range st.seen {
			s.seen[k] = v
		}
	} else {
		for _, m := range ws.Messages {
			s.addLocal(localMessage{Channel: m.Channel, User: m.User, Text: userEscaper.Replace(m.Text)})
		}
	}

	calls, stop := cfg.Slack.Subscribe()
	s.stop = stop
	s.wg.Add(1)
	go s.feed(calls)
	if cfg.StatePath != "" {
		s.wg.Add(1)
		go s.saver()
		s.changed() // a fresh start is saved at once: the file then matches the database
	}
	if cfg.Tick != nil && cfg.TickInterval > 0 {
		s.wg.Add(1)
		go s.ticker()
	}
	return s, nil
}

// Close ends the page's event streams, stops following fakeslack and
// ticking, and saves the state a last time. It does not close fakeslack.
func (s *Server) Close() error {
	var err error
	s.closer.Do(func() {
		close(s.done)
		s.stop()
		s.wg.Wait()
		err = s.Save()
	})
	return err
}

// ServeHTTP serves the page, after the checks that keep other sites out:
// a Host header naming this machine (unless Public), and JSON bodies on
// POST, which a cross-site form cannot send without a CORS preflight.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.cfg.Public && !IsLoopbackHost(r.Host) {
		http.Error(w, "sandbox: host not allowed; use http://127.0.0.1 or http://localhost, or start with -public", http.StatusForbidden)
		return
	}
	if r.Method == http.MethodPost {
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			http.Error(w, "sandbox: POST needs a JSON body", http.StatusUnsupportedMediaType)
			return
		}
		if o := r.Header.Get("Origin"); o != "" && o != "http://"+r.Host {
			http.Error(w, "sandbox: cross-origin request refused", http.StatusForbidden)
			return
		}
	}
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: http: https:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	s.mux.ServeHTTP(w, r)
}

// IsLoopbackHost reports whether host (a Host header or a listen address,
// with or without a port) names this machine's loopback interface.
func IsLoopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// user returns the workspace member with id, or the first one.
func (s *Server) user(id string) User {
	for _, u := range s.cfg.Workspace.Users {
		if u.ID == id {
			return u
		}
	}
	return s.cfg.Workspace.Users[0]
}

func (s *Server) handleBootstrap(w http.ResponseWriter, r *http.Request) {
	type short struct {
		Name, CallbackID, Description string
	}
	var shortcuts []short
	for _, sc := range MessageShortcuts(s.cfg.Shortcuts) {
		shortcuts = append(shortcuts, short{sc.Name, sc.CallbackID, sc.Description})
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"users":     s.cfg.Workspace.Users,
		"channels":  s.cfg.Workspace.Channels,
		"shortcuts": shortcuts,
		"command":   s.cfg.Command,
		"scheduler": s.cfg.Tick != nil,
	})
}

// decode reads a JSON request body into v.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	if err := dec.Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error": "bad request: " + err.Error()})
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// fail answers a page action that Slack or the bot did not take.
func (s *Server) fail(w http.ResponseWriter, what string, err error) {
	s.log.Warn("sandbox: "+what, "error", err)
	writeJSON(w, http.StatusBadGateway, map[string]any{"ok": false, "error": what + ": " + err.Error()})
}

func (s *Server) ackCtx(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), s.cfg.AckTimeout)
}
