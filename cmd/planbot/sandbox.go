package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/sandbox"
	"github.com/planbot/planbot/storage"
)

const sandboxUsage = `Usage: planbot sandbox [flags]

Starts, in one process, a local fake Slack, the real bot connected to it over
Socket Mode, a SQLite file, and a web page that looks like a small Slack
workspace: type /plan in a channel, fill the modals, open App Home, switch
between an English and a French user, and move the clock forward.

The channel history and the clock offset are kept beside the SQLite file
(sandbox.db.state.json for sandbox.db), so a restart finds the workspace as
it was; -reset deletes both.

Flags:
`

// sandboxOptions configures startSandbox.
type sandboxOptions struct {
	Addr     string // the page's address; loopback unless Public
	DB       string // SQLite file
	Public   bool   // allow a non-loopback Addr
	Manifest string // manifest.yml to read the shortcuts from; "" = built-in list
	// Shortcuts, when not nil, are listed instead of the manifest's.
	Shortcuts []sandbox.Shortcut
	Base      Config // language, zone and log level; tokens, URL and DB are set here
	Logger    *slog.Logger
	// Wall is the clock the sandbox's runs ahead of; default time.Now.
	Wall func() time.Time
}

// sandboxApp is a running sandbox: fakeslack, Main and the page.
type sandboxApp struct {
	Slack *fakeslack.Server
	Main  *Main
	Web   *sandbox.Server
	Clock *sandbox.Clock
	URL   string // the page, "http://127.0.0.1:8080/"
	Ready time.Duration
	// Notes say what became of the saved history: restored, cleared, or
	// missing beside an existing database.
	Notes []string

	http    *http.Server
	stopBot context.CancelFunc
	botDone chan error
	closer  sync.Once
	closed  error
}

// runSandbox is the sandbox subcommand: it serves until ctx is done.
func runSandbox(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, sandboxUsage)
		fs.PrintDefaults()
	}
	addr := fs.String("addr", "127.0.0.1:8080", "address of the web page")
	db := fs.String("db", "sandbox.db", "SQLite file of the sandbox's plans")
	public := fs.Bool("public", false, "allow -addr on a non-loopback interface (anyone who reaches it can act as any user)")
	manifest := fs.String("manifest", "manifest.yml", "Slack app manifest to list the message shortcuts from (built-in list if missing)")
	reset := fs.Bool("reset", false, "delete the SQLite file and the history saved beside it first, and start with no plan")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if err := checkAddr(*addr, *public); err != nil {
		fmt.Fprintln(stderr, "planbot sandbox:", err)
		return 2
	}
	base, err := LoadConfig()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if storage.IsPostgres(*db) {
		fmt.Fprintln(stderr, "planbot sandbox: -db takes a SQLite file (the sandbox keeps its history beside it), not a PostgreSQL URL")
		return 2
	}
	*db = strings.TrimPrefix(*db, "sqlite://")
	if *reset {
		for _, path := range []string{*db, *db + "-wal", *db + "-shm", sandbox.StatePath(*db)} {
			if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
				fmt.Fprintln(stderr, "planbot sandbox: reset:", err)
				return 1
			}
		}
	}
	level, err := parseLevel(base.LogLevel)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	app, err := startSandbox(sandboxOptions{Addr: *addr, DB: *db, Public: *public, Manifest: *manifest, Base: base, Logger: logger})
	if err != nil {
		fmt.Fprintln(stderr, "planbot sandbox:", err)
		return 1
	}
	fmt.Fprintf(stdout, "planbot sandbox: open %s (ready in %s; database %s; Ctrl-C to stop)\n", app.URL, app.Ready.Round(time.Millisecond), *db)
	for _, note := range app.Notes {
		fmt.Fprintln(stdout, "planbot sandbox:", note)
	}
	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-app.botDone:
		app.botDone = nil
	}
	if err := app.Close(); err != nil {
		logger.Error("sandbox close", "error", err)
		return 1
	}
	if runErr != nil {
		logger.Error("bot stopped", "error", runErr)
		return 1
	}
	return 0
}

// startSandbox starts fakeslack, the bot connected to it, and the page.
// It returns once the bot's socket is up and the page listens.
func startSandbox(o sandboxOptions) (*sandboxApp, error) {
	start := time.Now()
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if err := checkAddr(o.Addr, o.Public); err != nil {
		return nil, err
	}
	shortcuts := o.Shortcuts
	if shortcuts == nil {
		var err error
		if shortcuts, err = loadShortcuts(o.Manifest); err != nil {
			return nil, err
		}
	}
	state, notes, err := loadSandboxState(o.DB)
	if err != nil {
		return nil, err
	}
	slackSrv, err := fakeslack.Start(fakeslack.Options{Logger: o.Logger.With("component", "fakeslack")})
	if err != nil {
		return nil, fmt.Errorf("start fakeslack: %w", err)
	}
	app := &sandboxApp{Slack: slackSrv, Clock: sandbox.NewClock(o.Wall), Notes: notes}
	fail := func(err error) (*sandboxApp, error) {
		_ = app.Close()
		return nil, err
	}
	if state != nil { // before the bot starts, so that it never sees the clock at the wall time
		if err := state.Apply(slackSrv, app.Clock); err != nil {
			return fail(fmt.Errorf("%s: %w; move it away to keep the plans with an empty history, or start with -reset", sandbox.StatePath(o.DB), err))
		}
	}

	cfg := o.Base
	cfg.AppToken, cfg.BotToken, cfg.APIURL, cfg.DB = "xapp-1-sandbox", "xoxb-sandbox", slackSrv.APIURL(), o.DB
	if err := cfg.Validate(); err != nil {
		return fail(err)
	}
	m := NewMain(cfg, o.Logger)
	m.Now = app.Clock.Now
	// The page runs the scheduler's poll itself, taking turns with the
	// clock control: a jump while a tick delivers would mark a reminder
	// sent on time as late.
	tickEvery := m.SchedulerInterval
	m.SchedulerInterval = 0
	if err := m.Open(); err != nil {
		return fail(err)
	}
	app.Main = m
	ctx, cancel := context.WithCancel(context.Background())
	app.stopBot, app.botDone = cancel, make(chan error, 1)
	go func() { app.botDone <- m.Run(ctx) }()
	waitCtx, waitCancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer waitCancel()
	if err := slackSrv.WaitConnected(waitCtx); err != nil {
		return fail(fmt.Errorf("the bot did not connect to the fake Slack: %w", err))
	}

	web, err := sandbox.New(sandbox.Config{
		Slack: slackSrv, Workspace: sandbox.DefaultWorkspace(), Shortcuts: shortcuts,
		Clock: app.Clock, Tick: app.tickScheduler, TickInterval: tickEvery, Public: o.Public,
		StatePath: sandbox.StatePath(o.DB), State: state, Logger: o.Logger.With("component", "sandbox"),
	})
	if err != nil {
		return fail(err)
	}
	app.Web = web
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return fail(fmt.Errorf("listen on %s: %w (choose another with -addr 127.0.0.1:PORT)", o.Addr, err))
	}
	app.URL = "http://" + ln.Addr().String() + "/"
	app.http = &http.Server{Handler: web, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := app.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			o.Logger.Error("sandbox page", "error", err)
		}
	}()
	app.Ready = time.Since(start)
	return app, nil
}

// loadSandboxState reads the history saved beside the database at db and
// says what became of it. The two go together: a history without its
// database is cleared, and a database without its history starts with
// empty channels and the clock at the wall time, which is said.
func loadSandboxState(db string) (*sandbox.State, []string, error) {
	path := sandbox.StatePath(db)
	_, dbErr := os.Stat(db)
	dbExists := dbErr == nil
	state, err := sandbox.ReadState(path)
	switch {
	case errors.Is(err, os.ErrNotExist) && dbExists:
		return nil, []string{fmt.Sprintf("%s has no saved history beside it (%s): its plans are kept, but the channels start empty and the clock at today, so dates the plans saw ahead may still lie ahead; start with -reset for a clean sandbox", db, filepath.Base(path))}, nil
	case errors.Is(err, os.ErrNotExist):
		return nil, nil, nil
	case err != nil:
		return nil, nil, fmt.Errorf("%w; move it away to keep the plans with an empty history, or start with -reset", err)
	case !dbExists:
		if err := sandbox.RemoveState(path); err != nil {
			return nil, nil, fmt.Errorf("clear the history of a deleted database: %w", err)
		}
		return nil, []string{fmt.Sprintf("%s is gone, so the channel history and clock saved with it (%s) were cleared too", db, filepath.Base(path))}, nil
	}
	note := fmt.Sprintf("restored the channel history and the clock from %s", filepath.Base(path))
	if state.Offset > 0 {
		note += fmt.Sprintf(" (sandbox time %s ahead)", sandbox.OffsetLabel(state.Offset))
	}
	return state, []string{note}, nil
}

// checkAddr refuses a non-loopback address unless public: the page lets
// anyone who reaches it act as any user.
func checkAddr(addr string, public bool) error {
	if public || sandbox.IsLoopbackHost(addr) {
		return nil
	}
	return fmt.Errorf("-addr %s is not a loopback address: the page lets anyone act as any user, so it serves on 127.0.0.1 unless -public is given", addr)
}

// tickScheduler runs one pass of the bot's reminder scheduler at the
// sandbox time: the page calls it right after moving the clock, so what
// came due shows at once rather than at the scheduler's next poll.
func (a *sandboxApp) tickScheduler(ctx context.Context) error {
	if a.Main == nil || a.Main.Scheduler == nil {
		return nil
	}
	return a.Main.Scheduler.Tick(ctx, a.Main.Now())
}

// loadShortcuts reads the shortcuts of the manifest at path, or returns the
// built-in list when path is empty or missing (a binary run elsewhere).
func loadShortcuts(path string) ([]sandbox.Shortcut, error) {
	if path == "" {
		return sandbox.DefaultShortcuts, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return sandbox.DefaultShortcuts, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	sc, err := sandbox.ParseManifestShortcuts(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return sc, nil
}

// Close stops the page, then the bot (as SIGTERM does), saves the
// history, and closes the database and fakeslack. It may be called on a
// partly started sandbox, and more than once.
func (a *sandboxApp) Close() error {
	a.closer.Do(func() { a.closed = a.close() })
	return a.closed
}

func (a *sandboxApp) close() error {
	var errs []error
	if a.Web != nil {
		errs = append(errs, a.Web.Close()) // ends the page's event streams, so Shutdown does not wait on them
	}
	if a.http != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		errs = append(errs, a.http.Shutdown(ctx))
		cancel()
	}
	if a.stopBot != nil {
		a.stopBot()
		if a.botDone != nil {
			errs = append(errs, <-a.botDone)
		}
	}
	if a.Web != nil {
		errs = append(errs, a.Web.Save()) // with what the bot posted while it stopped
	}
	if a.Main != nil {
		errs = append(errs, a.Main.Close())
	}
	if a.Slack != nil {
		errs = append(errs, a.Slack.Close())
	}
	return errors.Join(errs...)
}
