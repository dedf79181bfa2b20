package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/mattn/go-sqlite3" // the store poller reads the subjects' SQLite files

	"github.com/planbot/planbot/fakeslack"
)

// Dummy tokens: fakeslack only checks their prefixes.
const (
	appToken = "xapp-1-planbench"
	botToken = "xoxb-planbench"
)

// subject is one program under test, run as its own child process so its
// memory and CPU are its own.
type subject struct {
	Name string
	// Full subjects do planbot's goal flow (views.open, store, post); the
	// bare bot only acks.
	Full bool
	// command returns the child to start, with dir a fresh temporary
	// directory of its own.
	command func(dir, apiURL string) *exec.Cmd
	// db returns the SQLite file a full subject stores goals in.
	db func(dir string) string
}

func nproc() int { return runtime.NumCPU() }

// childEnv is the environment of every child: the harness's PATH and HOME,
// the tokens, the API URL and extra.
func childEnv(apiURL string, extra ...string) []string {
	return append([]string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + os.Getenv("HOME"),
		"SLACK_APP_TOKEN=" + appToken,
		"SLACK_BOT_TOKEN=" + botToken,
		"SLACK_API_URL=" + apiURL,
	}, extra...)
}

func planbotSubject(bin string) *subject {
	return &subject{
		Name: "planbot",
		Full: true,
		command: func(dir, apiURL string) *exec.Cmd {
			cmd := exec.Command(bin, "run")
			cmd.Env = childEnv(apiURL, "PLANBOT_DB="+filepath.Join(dir, "planbot.db"))
			return cmd
		},
		db: func(dir string) string { return filepath.Join(dir, "planbot.db") },
	}
}

func bareSubject(bin string) *subject {
	return &subject{
		Name: "bare",
		command: func(dir, apiURL string) *exec.Cmd {
			cmd := exec.Command(bin)
			cmd.Env = childEnv(apiURL)
			return cmd
		},
	}
}

func boltSubject(node, appDir string) *subject {
	return &subject{
		Name: "bolt",
		Full: true,
		command: func(dir, apiURL string) *exec.Cmd {
			cmd := exec.Command(node, "app.js")
			cmd.Dir = appDir
			cmd.Env = childEnv(apiURL, "BOLT_DB="+filepath.Join(dir, "bolt.db"), "NODE_ENV=production")
			return cmd
		},
		db: func(dir string) string { return filepath.Join(dir, "bolt.db") },
	}
}

// running is a started subject.
type running struct {
	*subject
	cmd     *exec.Cmd
	dir     string
	logPath string
	exited  chan struct{}
	waitErr error
	startup time.Duration // exec to socket connected
	poller  *storePoller
}

// start runs s and waits until its Socket Mode connection is up.
func start(ctx context.Context, srv *fakeslack.Server, s *subject, tmp string) (*running, error) {
	dir, err := os.MkdirTemp(tmp, s.Name+"-")
	if err != nil {
		return nil, err
	}
	r := &running{subject: s, dir: dir, logPath: filepath.Join(dir, "output.log"), exited: make(chan struct{})}
	logf, err := os.Create(r.logPath)
	if err != nil {
		return nil, err
	}
	r.cmd = s.command(dir, srv.APIURL())
	r.cmd.Stdout, r.cmd.Stderr = logf, logf
	before := srv.ConnectCount()
	t0 := time.Now()
	if err := r.cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("start %s: %w", s.Name, err)
	}
	go func() {
		r.waitErr = r.cmd.Wait()
		logf.Close()
		close(r.exited)
	}()
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	connected := make(chan error, 1)
	go func() { connected <- srv.WaitConnectCount(cctx, before+1) }()
	select {
	case err = <-connected:
	case <-r.exited:
		err = fmt.Errorf("exited: %v", r.waitErr)
	}
	if err != nil {
		r.stop()
		return nil, fmt.Errorf("%s did not connect: %w; output:\n%s", s.Name, err, r.tail())
	}
	r.startup = time.Since(t0)
	return r, nil
}

func (r *running) pid() int { return r.cmd.Process.Pid }

// stop sends SIGTERM, then SIGKILL if the child is still there after 10 s.
func (r *running) stop() {
	if r.poller != nil {
		r.poller.close()
	}
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.exited:
	case <-time.After(10 * time.Second):
		_ = r.cmd.Process.Kill()
		<-r.exited
	}
}

// tail returns the end of the child's output, for error messages.
func (r *running) tail() string {
	b, _ := os.ReadFile(r.logPath)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// storePoller watches a subject's SQLite file, read-only, and records when
// each goal title first appears: the time a decision became durable as
// seen from outside the process.
type storePoller struct {
	db   *sql.DB
	stop context.CancelFunc
	done chan struct{}

	mu     sync.Mutex
	seen   map[string]time.Time
	err    error
	polls  int
	lastID int64
}

// pollInterval is the resolution of submit-to-stored latencies.
const pollInterval = 2 * time.Millisecond

func startPoller(path string) (*storePoller, error) {
	dsn := "file:" + path + "?mode=ro&_busy_timeout=5000"
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	ctx, cancel := context.WithCancel(context.Background())
	p := &storePoller{db: db, stop: cancel, done: make(chan struct{}), seen: map[string]time.Time{}}
	go p.run(ctx)
	return p, nil
}

func (p *storePoller) run(ctx context.Context) {
	defer close(p.done)
	t := time.NewTicker(pollInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := p.poll(ctx); err != nil && !errors.Is(err, context.Canceled) {
			p.mu.Lock()
			if p.err == nil && !strings.Contains(err.Error(), "no such table") {
				p.err = err
			}
			p.mu.Unlock()
		}
	}
}

func (p *storePoller) poll(ctx context.Context) error {
	rows, err := p.db.QueryContext(ctx, `SELECT id, title FROM goals WHERE id > ? ORDER BY id`, p.lastID)
	if err != nil {
		return err
	}
	defer rows.Close()
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.polls++
	for rows.Next() {
		var id int64
		var title string
		if err := rows.Scan(&id, &title); err != nil {
			return err
		}
		p.lastID = id
		if _, ok := p.seen[title]; !ok {
			p.seen[title] = now
		}
	}
	return rows.Err()
}

// storedAt returns when title was first seen stored.
func (p *storePoller) storedAt(title string) (time.Time, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	t, ok := p.seen[title]
	return t, ok
}

func (p *storePoller) close() {
	p.stop()
	<-p.done
	p.db.Close()
}
