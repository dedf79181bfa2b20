package fakeslack

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Identifiers of the fake workspace and of the bot, as auth.test and payloads report them.
const (
	// TeamID is the id of the one workspace.
	TeamID = "T0001"
	// TeamDomain is the workspace's domain, as in https://fakeslack.slack.com.
	TeamDomain = "fakeslack"
	// BotUserID is the bot's user id; every message the bot posts has it as User.
	BotUserID = "UBOT"
	// BotID is the bot's bot id.
	BotID = "B0001"
	// AppID is the app's id (api_app_id in payloads).
	AppID = "A0001"
	// VerificationToken is the legacy "token" field of every payload.
	VerificationToken = "fake-verification-token"
)

// ErrClosed is returned by waiting methods once the server is closed.
var ErrClosed = errors.New("fakeslack: server closed")

// Options configures a Server. The zero value is usable.
type Options struct {
	Addr         string        // default "127.0.0.1:0"
	PingInterval time.Duration // WebSocket PING to clients; default 10s (slack-go drops the socket after 30 s without one)
	AckTimeout   time.Duration // events_api redelivery after this without ack; default 3s; 0 = default; negative disables redelivery
	TriggerTTL   time.Duration // how long a trigger_id stays valid; default 3s
	Logger       *slog.Logger  // default discards
	// PostRateLimit, when positive, is the least time between two
	// chat.postMessage calls to one channel: a faster call is answered
	// HTTP 429 with Retry-After (seconds, rounded up, at least 1) and
	// {"ok":false,"error":"ratelimited"}, and recorded with status 429.
	// Slack allows about one message per second per channel. 0: no limit.
	PostRateLimit time.Duration
	// OnBreach, if set, is called (from the serving goroutine) with every
	// Slack limit a view, message or ack breaks (see Breach); tests set it to
	// t.Errorf so that a breach fails the test even if the bot hides it.
	OnBreach func(Breach)
	// Now is the server's clock: message ts, trigger expiry (TriggerTTL),
	// PostRateLimit and storms (StartStorm), Call.At, event_time; default
	// time.Now. Tests inject theirs, so that no test sleeps. Socket Mode
	// pings and AckTimeout run on real time: they pace a real client.
	Now func() time.Time
}

// User is a workspace member as users.info reports it.
type User struct {
	ID, TeamID, Name, RealName, Locale, TZ string // Locale like "fr-FR", TZ IANA like "Europe/Paris"
}

// Channel is a conversation in the workspace. IsMember says whether the bot is in
// it; Members lists the other members when it is added (see AddMembers).
type Channel struct {
	ID, Name             string
	IsMember, IsArchived bool
	// IsPrivate makes a private channel (also implied by an id starting with
	// "G"): to the bot, unless it is a member, it does not exist.
	IsPrivate bool
	Members   []string // initial members other than the bot, in join order
}

func (c Channel) private() bool { return c.IsPrivate || strings.HasPrefix(c.ID, "G") }

// Server is a fake Slack: a Web API subset over HTTP and Socket Mode over WebSocket.
// All methods are safe for concurrent use.
type Server struct {
	opts   Options
	log    *slog.Logger
	ln     net.Listener
	srv    *http.Server
	base   string // "http://127.0.0.1:PORT"
	done   chan struct{}
	wg     sync.WaitGroup
	closer sync.Once

	mu       sync.Mutex
	seq      int64
	lastTS   int64 // last message ts, in microseconds
	users    map[string]User
	channels map[string]Channel
	members  map[string][]string // channel -> member ids in join order, the bot included when IsMember
	faults   map[string][]Fault
	storms   []activeStorm
	rejected map[string]string // token -> error code (RejectToken)

	calls        []Call
	callsChanged chan struct{}
	subs         map[*subscriber]struct{}

	messages []Message
	msgIndex map[string]int   // channel+"\x00"+ts -> index in messages
	threads  map[string][]int // channel+"\x00"+parent ts -> indexes of the replies, oldest first
	// byChannel lists each channel's messages, oldest first, so that
	// reading a channel's history does not scan every channel's.
	byChannel map[string][]int

	views    map[string]*View
	stacks   map[string][]string // user -> modal view ids, bottom first
	homes    map[string]string   // user -> home view id
	triggers map[string]*trigger
	respURLs map[string]responseURL

	files     map[string]*File
	fileOrder []string

	tickets      map[string]bool
	conns        []*wsConn
	rr           int
	connectCount int
	connChanged  chan struct{}
	pending      map[string]chan Ack
	deliveries   []Delivery
	breaches     []Breach
	waitingHook  func()       // tests: called when a delivery starts waiting for a socket
	limiter      *postLimiter // nil unless Options.PostRateLimit is set
}

type trigger struct {
	issued time.Time
	used   bool
	user   string
}

type responseURL struct {
	channel string
	user    string
	ts      string // the message a click came from, for replace_original
}

// Start listens on opts.Addr and serves until Close.
func Start(opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	if opts.PingInterval <= 0 {
		opts.PingInterval = 10 * time.Second
	}
	if opts.AckTimeout == 0 {
		opts.AckTimeout = 3 * time.Second
	}
	if opts.TriggerTTL <= 0 {
		opts.TriggerTTL = 3 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	host, _, err := net.SplitHostPort(opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("parse addr: %w", err)
	}
	if host != "127.0.0.1" {
		return nil, fmt.Errorf("fakeslack: listen only on 127.0.0.1, got %q", opts.Addr)
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	s := &Server{
		opts:         opts,
		log:          opts.Logger,
		ln:           ln,
		base:         "http://" + ln.Addr().String(),
		done:         make(chan struct{}),
		users:        map[string]User{},
		channels:     map[string]Channel{},
		members:      map[string][]string{},
		faults:       map[string][]Fault{},
		rejected:     map[string]string{},
		callsChanged: make(chan struct{}),
		subs:         map[*subscriber]struct{}{},
		msgIndex:     map[string]int{},
		threads:      map[string][]int{},
		byChannel:    map[string][]int{},
		views:        map[string]*View{},
		stacks:       map[string][]string{},
		homes:        map[string]string{},
		triggers:     map[string]*trigger{},
		respURLs:     map[string]responseURL{},
		files:        map[string]*File{},
		tickets:      map[string]bool{},
		connChanged:  make(chan struct{}),
		pending:      map[string]chan Ack{},
		limiter:      newPostLimiter(opts.PostRateLimit, opts.Now),
	}
	s.users[BotUserID] = User{ID: BotUserID, TeamID: TeamID, Name: "planbot", RealName: "Planbot", Locale: "en-US", TZ: "UTC"}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/{method}", s.handleAPI)
	mux.HandleFunc("/upload/{id}", s.handleUpload)
	mux.HandleFunc("/response/{id}", s.handleResponseURL)
	mux.HandleFunc("/ws", s.handleWS)
	mux.HandleFunc("GET /files-pri/{key}/{rest...}", s.handleDownload)
	mux.HandleFunc("GET /{$}", s.handleSignIn)
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("serve", "error", err)
		}
	}()
	s.log.Info("fakeslack started", "addr", s.Addr())
	return s, nil
}

// APIURL returns the Web API base URL, ending with '/', for slack.OptionAPIURL.
func (s *Server) APIURL() string { return s.base + "/api/" }

// Addr returns the host:port the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Close closes every socket and the listener, and waits for the server's goroutines.
// It is idempotent.
func (s *Server) Close() error {
	var err error
	s.closer.Do(func() {
		close(s.done)
		s.mu.Lock()
		conns := append([]*wsConn(nil), s.conns...)
		s.mu.Unlock()
		for _, c := range conns {
			_ = c.ws.Close()
		}
		err = s.srv.Close()
		s.wg.Wait()
		s.mu.Lock()
		for sub := range s.subs {
			sub.stop()
		}
		s.mu.Unlock()
	})
	return err
}

// AddUser adds or replaces a workspace member.
func (s *Server) AddUser(u User) {
	if u.TeamID == "" {
		u.TeamID = TeamID
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[u.ID] = u
}

// AddChannel adds or replaces a channel, with the bot and c.Members as its
// members. Posting to an unknown channel, or to a private one without the bot,
// gives channel_not_found, to one with IsMember false not_in_channel, to an
// archived one is_archived.
func (s *Server) AddChannel(c Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var members []string
	if c.IsMember {
		members = append(members, BotUserID)
	}
	for _, u := range c.Members {
		if !slices.Contains(members, u) {
			members = append(members, u)
		}
	}
	c.Members = nil
	s.channels[c.ID] = c
	s.members[c.ID] = members
}

// now reads the server's clock (Options.Now).
func (s *Server) now() time.Time { return s.opts.Now() }

// nextID returns prefix followed by a fresh number. Callers hold s.mu.
func (s *Server) nextID(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s%08d", prefix, s.seq)
}

// nextTS returns a unique, strictly increasing message ts. Callers hold s.mu.
func (s *Server) nextTS() string {
	now := s.now().UnixMicro()
	if now <= s.lastTS {
		now = s.lastTS + 1
	}
	s.lastTS = now
	return fmt.Sprintf("%d.%06d", now/1e6, now%1e6)
}

// newTrigger issues a trigger id for user. Callers hold s.mu.
func (s *Server) newTrigger(user string) string {
	s.seq++
	now := s.now()
	id := fmt.Sprintf("%d.%d.%s", s.seq, now.Unix(), randomHex(8))
	s.triggers[id] = &trigger{issued: now, user: user}
	return id
}

// newResponseURL issues a response_url that posts into channel. Callers hold s.mu.
func (s *Server) newResponseURL(channel, user, ts string) string {
	id := randomHex(12)
	s.respURLs[id] = responseURL{channel: channel, user: user, ts: ts}
	return s.base + "/response/" + id
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// bearer extracts the token from an Authorization header.
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if t, ok := strings.CutPrefix(h, "Bearer "); ok {
		return t
	}
	return ""
}

// waitChanged blocks until ch is closed, ctx ends or the server closes.
func (s *Server) waitChanged(ctx context.Context, ch <-chan struct{}) error {
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-s.done:
		return ErrClosed
	}
}
