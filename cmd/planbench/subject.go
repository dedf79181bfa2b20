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
	"strconv"
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

// subject is one program under test, run as its own child processes so
// its memory and CPU are its own.
type subject struct {
	Name string
	// Full subjects do planbot's goal flow (views.open, store, post); the
	// bare bot only acks.
	Full bool
	// Replicas is how many processes run the subject at once, on one
	// database, each with its own Socket Mode connection; 0 means 1.
	Replicas int
	// Postgres, when set, is the URL of the PostgreSQL server on which
	// start creates the subject's database; otherwise the subject's
	// database, if any, is a SQLite file in its directory.
	Postgres string
	// command returns process i of the subject, with dir a fresh
	// temporary directory of its own and db its database: a SQLite path
	// (db(dir)) or a PostgreSQL URL.
	command func(dir, apiURL, db string, i int) *exec.Cmd
	// db returns the SQLite file a full subject stores goals in.
	db func(dir string) string
}

// replicas returns how many processes run s.
func (s *subject) replicas() int { return max(1, s.Replicas) }

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
		Name:    "planbot",
		Full:    true,
		command: planbotCommand(bin),
		db:      func(dir string) string { return filepath.Join(dir, "planbot.db") },
	}
}

// planbotPostgres is planbot run as n replicas on a PostgreSQL database
// created for it on the server pgURL.
func planbotPostgres(bin, name, pgURL string, n int) *subject {
	return &subject{Name: name, Full: true, Replicas: n, Postgres: pgURL, command: planbotCommand(bin)}
}

// planbotCommand runs `planbot run` on db, as replica i.
func planbotCommand(bin string) func(dir, apiURL, db string, i int) *exec.Cmd {
	return func(dir, apiURL, db string, i int) *exec.Cmd {
		cmd := exec.Command(bin, "run")
		cmd.Env = childEnv(apiURL, "PLANBOT_DB="+db, fmt.Sprintf("PLANBOT_REPLICA_ID=bench-%d", i+1))
		return cmd
	}
}

func bareSubject(bin string) *subject {
	return &subject{
		Name: "bare",
		command: func(dir, apiURL, db string, i int) *exec.Cmd {
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
		command: func(dir, apiURL, db string, i int) *exec.Cmd {
			cmd := exec.Command(node, "app.js")
			cmd.Dir = appDir
			cmd.Env = childEnv(apiURL, "BOLT_DB="+db, "NODE_ENV=production")
			return cmd
		},
		db: func(dir string) string { return filepath.Join(dir, "bolt.db") },
	}
}

// running is a started subject: its processes, one per replica.
type running struct {
	*subject
	procs   []*proc
	dir     string
	db      string        // its database: a SQLite path or a PostgreSQL URL; "" if none
	dropDB  func()        // removes a PostgreSQL database start created
	startup time.Duration // exec of the first to the socket of the last connected
	poller  *storePoller
	// exited is closed when any process of the subject has exited;
	// waitErr is then that process's Wait error.
	exited   chan struct{}
	waitErr  error
	exitOnce sync.Once
}

// proc is one process of a running subject.
type proc struct {
	cmd     *exec.Cmd
	logPath string
	exited  chan struct{}
}

// start runs s, all its replicas one after the other, and waits until
// each one's Socket Mode connection is up.
func start(ctx context.Context, srv *fakeslack.Server, s *subject, tmp string) (*running, error) {
	r, err := prepare(ctx, s, tmp)
	if err != nil {
		return nil, err
	}
	if err := r.launch(ctx, srv); err != nil {
		return nil, err
	}
	return r, nil
}

// prepare makes s a directory and a database, without starting it.
func prepare(ctx context.Context, s *subject, tmp string) (*running, error) {
	dir, err := os.MkdirTemp(tmp, strings.NewReplacer(" ", "-", "(", "", ")", "", "×", "x").Replace(s.Name)+"-")
	if err != nil {
		return nil, err
	}
	r := &running{subject: s, dir: dir, exited: make(chan struct{})}
	switch {
	case s.Postgres != "":
		if r.db, r.dropDB, err = createDatabase(ctx, s.Postgres); err != nil {
			return nil, err
		}
	case s.db != nil:
		r.db = s.db(dir)
	}
	return r, nil
}

// launch starts the replicas of a prepared subject one after the other,
// each once the previous one is connected.
func (r *running) launch(ctx context.Context, srv *fakeslack.Server) error {
	t0 := time.Now()
	for i := range r.replicas() {
		if err := r.startProc(ctx, srv, i); err != nil {
			r.close()
			return err
		}
	}
	r.startup = time.Since(t0)
	return nil
}

// startProc starts process i and waits until its socket is connected.
func (r *running) startProc(ctx context.Context, srv *fakeslack.Server, i int) error {
	p := &proc{logPath: filepath.Join(r.dir, fmt.Sprintf("output-%d.log", i+1)), exited: make(chan struct{})}
	logf, err := os.Create(p.logPath)
	if err != nil {
		return err
	}
	p.cmd = r.command(r.dir, srv.APIURL(), r.db, i)
	p.cmd.Stdout, p.cmd.Stderr = logf, logf
	before := srv.ConnectCount()
	if err := p.cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("start %s: %w", r.Name, err)
	}
	r.procs = append(r.procs, p)
	go func() {
		err := p.cmd.Wait()
		logf.Close()
		close(p.exited)
		r.exitOnce.Do(func() {
			r.waitErr = err
			close(r.exited)
		})
	}()
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	connected := make(chan error, 1)
	go func() { connected <- srv.WaitConnectCount(cctx, before+1) }()
	select {
	case err = <-connected:
	case <-p.exited:
		err = errors.New("exited")
	}
	if err != nil {
		return fmt.Errorf("%s did not connect: %w; output:\n%s", r.Name, err, r.tail())
	}
	return nil
}

// cpu returns the user+system CPU time the subject's processes used.
func (r *running) cpu() time.Duration {
	var sum time.Duration
	for _, p := range r.procs {
		if d, err := procCPU(p.cmd.Process.Pid); err == nil {
			sum += d
		}
	}
	return sum
}

// mem returns the sum of the processes' RSS and of their peaks.
func (r *running) mem() (rss, hwm int64) {
	for _, p := range r.procs {
		if a, b, err := procMem(p.cmd.Process.Pid); err == nil {
			rss, hwm = rss+a, hwm+b
		}
	}
	return rss, hwm
}

// resetPeak resets the peak RSS of every process.
func (r *running) resetPeak() {
	for _, p := range r.procs {
		_ = resetPeak(p.cmd.Process.Pid)
	}
}

// close stops the subject and drops a PostgreSQL database prepare
// created.
func (r *running) close() {
	r.stop()
	if r.dropDB != nil {
		r.dropDB()
		r.dropDB = nil
	}
}

// stop sends SIGTERM to every process, then SIGKILL to those still there
// after 10 s.
func (r *running) stop() {
	if r.poller != nil {
		r.poller.close()
		r.poller = nil
	}
	for _, p := range r.procs {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
	}
	for _, p := range r.procs {
		select {
		case <-p.exited:
		case <-time.After(10 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.exited
		}
	}
}

// tail returns the end of each process's output, for error messages.
func (r *running) tail() string {
	var out strings.Builder
	for i, p := range r.procs {
		b, _ := os.ReadFile(p.logPath)
		if len(b) > 4000 {
			b = b[len(b)-4000:]
		}
		if len(r.procs) > 1 {
			fmt.Fprintf(&out, "--- replica %d\n", i+1)
		}
		out.Write(b)
	}
	return out.String()
}

// logPaths returns the output file of each process.
func (r *running) logPaths() []string {
	var out []string
	for _, p := range r.procs {
		out = append(out, p.logPath)
	}
	return out
}

// storePoller watches a subject's database, read-only, and records when
// each goal title first appears: the time a decision became durable as
// seen from outside the process.
//
// It reads the goals above a watermark: the highest ID below which every
// ID was seen. On PostgreSQL, where several transactions commit at once,
// a goal may commit after one with a higher ID: a watermark at the highest
// ID seen would skip it. IDs lost to a rollback leave gaps, so the
// watermark never stays more than maxBehind below the highest ID.
type storePoller struct {
	db   *sql.DB
	stop context.CancelFunc
	done chan struct{}

	mu    sync.Mutex
	seen  map[string]time.Time
	err   error
	polls int
	low   int64          // every ID up to low was seen
	ids   map[int64]bool // IDs above low seen
	high  int64          // the highest ID seen
}

// maxBehind bounds how far the poller's watermark trails the highest ID.
const maxBehind = 1000

// pollInterval is the resolution of submit-to-stored latencies.
const pollInterval = 2 * time.Millisecond

// startPoller polls the goals of db, a SQLite path or a PostgreSQL URL.
func startPoller(db string) (*storePoller, error) {
	p, err := openStore(db)
	if err != nil {
		return nil, err
	}
	return pollStore(p), nil
}

func pollStore(db *sql.DB) *storePoller {
	db.SetMaxOpenConns(1)
	ctx, cancel := context.WithCancel(context.Background())
	p := &storePoller{db: db, stop: cancel, done: make(chan struct{}), seen: map[string]time.Time{}, ids: map[int64]bool{}}
	go p.run(ctx)
	return p
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
	p.mu.Lock()
	low := p.low
	p.mu.Unlock()
	rows, err := p.db.QueryContext(ctx, `SELECT id, title FROM goals WHERE id > `+strconv.FormatInt(low, 10)+` ORDER BY id`)
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
		p.ids[id] = true
		p.high = max(p.high, id)
		if _, ok := p.seen[title]; !ok {
			p.seen[title] = now
		}
	}
	for p.ids[p.low+1] || p.low < p.high-maxBehind {
		delete(p.ids, p.low+1)
		p.low++
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
