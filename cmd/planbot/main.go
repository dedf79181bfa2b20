// Command planbot is a Slack app that walks a marketing team through its
// social media plan. See the README for set-up.
package main

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // minimal hosts have no zoneinfo; plans need IANA zones

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/bot/slackcall"
	"github.com/planbot/planbot/chart"
	"github.com/planbot/planbot/ops"
	"github.com/planbot/planbot/remind"
	"github.com/planbot/planbot/report"
	"github.com/planbot/planbot/storage"
)

// The bot's notifiers are what the scheduler posts through. remind and bot
// do not import each other, so their fit is checked here.
var (
	_ remind.Notifier = (*bot.MeasureNotifier)(nil)
	_ remind.Notifier = (*bot.Notifier)(nil)
	_ remind.Pacer    = (*bot.Notifier)(nil)
	// MeasureNotifier paces through the Notifier it embeds; the scheduler
	// finds it a Pacer by type assertion, so a lost method would silently
	// stop the pacing.
	_ remind.Pacer = (*bot.MeasureNotifier)(nil)
)

// Version is set at build time with -ldflags "-X main.Version=...".
var Version = "dev"

const usage = `planbot: a Slack app that walks a marketing team through its social media plan.

Usage:
  planbot [run]      connect to Slack over Socket Mode and serve until SIGINT/SIGTERM
  planbot sandbox    try the bot in a local Slack-like web page, no Slack needed (-h for flags)
  planbot migrate    copy a SQLite plan database into an empty PostgreSQL one (-h for flags)
  planbot version    print the version
  planbot help       print this help

Environment (see README.md):
  SLACK_APP_TOKEN       app-level token, xapp-... (required for run)
  SLACK_BOT_TOKEN       bot token, xoxb-... (required for run)
  SLACK_API_URL         Slack Web API base URL (default https://slack.com/api/)
  PLANBOT_DB            SQLite file, or postgres:// URL for several processes (default planbot.db)
  PLANBOT_DB_MAX_CONNS  PostgreSQL connections per process (default 10)
  PLANBOT_LANG          en or fr, when a user's Slack locale is unknown (default en)
  PLANBOT_TZ            IANA time zone of new plans (default UTC)
  PLANBOT_LOG_LEVEL     debug, info, warn or error (default info)
  PLANBOT_HTTP_ADDR     host:port serving /healthz, /readyz and /metrics (default off)
  PLANBOT_REPLICA_ID    this process's name in logs and metrics (default hostname-pid)
  PLANBOT_LEASE         how long a claim on an event or reminder outlives a dead process
                        (default 30s for events, 2m for reminders; at least 10s)
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := "run"
	if len(args) > 0 {
		cmd = args[0]
	}
	switch cmd {
	case "run":
		return runBot(ctx, stderr)
	case "sandbox":
		return runSandbox(ctx, args[1:], stdout, stderr)
	case "migrate":
		return runMigrate(ctx, args[1:], stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "planbot", Version)
		return 0
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "planbot: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
}

func runBot(ctx context.Context, stderr io.Writer) int {
	cfg, err := LoadConfig()
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	level, _ := parseLevel(cfg.LogLevel)
	m := NewMain(cfg, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})))
	// The real clocks: ticks watch for wall clock jumps on the monotonic
	// clock, and on PostgreSQL claims check the server's clock.
	m.Elapsed, m.ServerClock = remind.Monotonic(), true
	if err := m.Open(); err != nil {
		m.Logger.Error("open", "error", err)
		if errors.Is(err, errTokenRefused) {
			fmt.Fprintln(stderr, err)
			return 2
		}
		return 1
	}
	runErr := m.Run(ctx)
	if err := m.Close(); err != nil {
		m.Logger.Error("close", "error", err)
		return 1
	}
	if runErr != nil {
		m.Logger.Error("run", "error", runErr)
		return 1
	}
	m.Logger.Info("stopped cleanly")
	return 0
}

// Main is the whole program: configuration, database and bot. Tests drive
// the same Main that the planbot command runs.
type Main struct {
	Config Config
	Logger *slog.Logger
	Now    func() time.Time // the clock; tests inject their own

	DB  *storage.DB
	Bot *bot.Bot
	// Scheduler posts the reminders, polling every SchedulerInterval; an
	// interval of 0, set before Open, leaves the polling to Scheduler.Tick.
	Scheduler         *remind.Scheduler
	SchedulerInterval time.Duration
	// Calls is the Slack call policy of the bot and of the scheduler's
	// notifier, one for both, so that they pace each channel together.
	// Open fills in its client and its pace; tests may set it first, with
	// their clock.
	Calls *slackcall.Client
	// Elapsed, when set before Open, is a clock that never jumps, for the
	// scheduler to tell a wall clock jump from time passing (runBot sets
	// remind.Monotonic()); tests that drive Now leave it nil.
	Elapsed func() time.Duration
	// ServerClock makes reminder claims on PostgreSQL check the server's
	// clock too (runBot sets it); tests that drive Now leave it off.
	ServerClock bool
	// AuthTimeout bounds the check of the bot token at start-up, retries
	// of Slack's 5xx included; default 30 s.
	AuthTimeout time.Duration

	// Metrics and HTTP serve /healthz, /readyz and /metrics when
	// Config.HTTPAddr is set; nil otherwise.
	Metrics *ops.Metrics
	HTTP    *ops.Server
}

// errTokenRefused is Open's error when Slack refuses the bot token.
var errTokenRefused = errors.New("slack refused SLACK_BOT_TOKEN")

// NewMain returns a Main for cfg, which must be valid. Every line logger
// writes carries the replica's ID.
func NewMain(cfg Config, logger *slog.Logger) *Main {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if cfg.ReplicaID != "" {
		logger = logger.With("replica_id", cfg.ReplicaID)
	}
	return &Main{Config: cfg, Logger: logger, Now: time.Now, SchedulerInterval: 5 * time.Second}
}

// Open opens the database, builds the Slack clients, checks the bot token
// with auth.test and, when Config.HTTPAddr is set, starts serving health
// and metrics. A token Slack refuses is errTokenRefused, with a message
// that says what to do, rather than a bot that looks healthy and fails
// every post.
func (m *Main) Open() (err error) {
	m.DB = storage.NewDB(m.Config.DB)
	m.DB.Now = m.Now
	m.DB.MaxConns = m.Config.DBMaxConns
	m.DB.ServerClock = m.ServerClock
	transport := newTransport()
	if m.Config.HTTPAddr != "" {
		m.Metrics = ops.NewMetrics(ops.Info{Version: Version, ReplicaID: m.Config.ReplicaID, Backend: m.DB.Backend()})
		m.DB.Observe = m.Metrics.Transaction
		transport = m.Metrics.Transport(transport)
	}
	if err := m.DB.Open(); err != nil {
		return fmt.Errorf("open database %s: %w", storage.Redact(m.Config.DB), err)
	}
	defer func() {
		if err != nil {
			m.DB.Close()
		}
	}()
	api := slack.New(m.Config.BotToken,
		slack.OptionAPIURL(m.Config.APIURL),
		slack.OptionAppLevelToken(m.Config.AppToken),
		slack.OptionHTTPClient(&http.Client{Timeout: 30 * time.Second, Transport: transport}),
	)
	if m.Calls == nil {
		m.Calls = &slackcall.Client{}
	}
	if m.Calls.API == nil {
		m.Calls.API = api
	}
	if m.Calls.Logger == nil {
		m.Calls.Logger = m.Logger.With("component", "slackcall")
	}
	m.Calls.Pace = storage.NewChannelPaceService(m.DB)
	if err := m.checkToken(); err != nil {
		return err
	}
	// This process's name in the claims of events and reminders: the
	// replica's ID, made unique should two processes be given one.
	claimID := cmp.Or(m.Config.ReplicaID, "planbot") + "-" + randomSuffix()
	lang, _ := bot.ParseLang(m.Config.Lang)
	m.Bot = &bot.Bot{
		API:    api,
		Calls:  m.Calls,
		Socket: socketmode.New(api),
		Outbox: storage.NewOutboxService(m.DB),
		Stash:  storage.NewViewStashService(m.DB),
		Plans:  storage.NewPlanService(m.DB),
		Goals:  storage.NewGoalService(m.DB),
		Events: storage.NewEventService(m.DB),
		// The services of steps 2 to 5.
		Personas: storage.NewPersonaService(m.DB),
		Strategy: storage.NewStrategyService(m.DB),
		Content:  storage.NewContentService(m.DB),
		CTAs:     storage.NewCTAService(m.DB),
		Channels: storage.NewChannelService(m.DB),
		// The services of steps 6 and 7, and of reminders.
		Experiments: storage.NewExperimentService(m.DB),
		Engagement:  storage.NewEngagementService(m.DB),
		Reminders:   storage.NewReminderService(m.DB),
		// The services of steps 8 and 9, and the snapshots of plans.
		Metrics:   storage.NewMetricService(m.DB),
		Adapt:     storage.NewAdaptService(m.DB),
		Snapshots: storage.NewSnapshotService(m.DB),
		Imports:   storage.NewImportService(m.DB),
		// Approvals and check-ins (issue 17).
		Approvals:   storage.NewApprovalService(m.DB),
		CheckIns:    storage.NewCheckInService(m.DB),
		Reports:     report.Renderer{},
		Charts:      chart.Renderer{},
		Logger:      m.Logger.With("component", "bot"),
		Now:         m.Now,
		DefaultLang: lang,
		DefaultTZ:   m.Config.TZ,
		// What several replicas on one database share.
		Homes:      storage.NewHomeService(m.DB),
		ID:         claimID,
		EventLease: m.Config.Lease,
	}
	m.Scheduler = &remind.Scheduler{
		Reminders: m.Bot.Reminders,
		// MeasureNotifier posts measurement reviews with their charts and
		// hands every other reminder to the Notifier it wraps.
		Notifier: &bot.MeasureNotifier{
			Notifier: &bot.Notifier{
				API: api, Calls: m.Calls, Plans: m.Bot.Plans, Experiments: m.Bot.Experiments, Engagement: m.Bot.Engagement,
				CheckIns: m.Bot.CheckIns, Snapshots: m.Bot.Snapshots, Approvals: m.Bot.Approvals, Reports: m.Bot,
				Logger: m.Logger.With("component", "notifier"), Now: m.Now,
			},
			Goals: m.Bot.Goals, Metrics: m.Bot.Metrics, Content: m.Bot.Content,
			Charts: chart.Renderer{},
		},
		Logger:   m.Logger.With("component", "scheduler"),
		Now:      m.Now,
		Elapsed:  m.Elapsed,
		Interval: m.SchedulerInterval,
		ID:       claimID,
		Lease:    m.Config.Lease,
	}
	if m.Metrics != nil {
		m.Bot.Observer = m.Metrics
		m.Scheduler.Observe = m.Metrics.Reminder
		m.Metrics.Gauge("planbot_socket_connected", "1 while the Socket Mode connection is up, 0 otherwise.", func() float64 {
			if m.Bot.Connected() {
				return 1
			}
			return 0
		})
		m.HTTP = &ops.Server{Addr: m.Config.HTTPAddr, Metrics: m.Metrics, Ready: m.ready, Logger: m.Logger.With("component", "ops")}
		if err := m.HTTP.Open(); err != nil {
			m.HTTP = nil
			return err
		}
	}
	return nil
}

// ready says why this process cannot serve now: the database does not
// answer, or the Socket Mode connection is down.
func (m *Main) ready(ctx context.Context) error {
	if err := m.DB.Ping(ctx); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	if !m.Bot.Connected() {
		return errors.New("socket mode not connected")
	}
	return nil
}

// checkToken calls auth.test. A refused token is errTokenRefused with what
// to do; Slack down or rate limiting for AuthTimeout is an error too: a
// bot that cannot reach Slack at start-up should not pretend to serve.
func (m *Main) checkToken() error {
	d := m.AuthTimeout
	if d <= 0 {
		d = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	who, err := m.Calls.AuthTest(ctx)
	switch {
	case slackcall.TokenRefused(err):
		return fmt.Errorf("%w (%s): it is wrong, revoked or of another app. Copy the Bot User OAuth Token (xoxb-...) from the app's OAuth & Permissions page into SLACK_BOT_TOKEN, reinstalling the app if it was revoked, as the README's \"Run against Slack\" section shows",
			errTokenRefused, slackcall.CodeOf(err))
	case err != nil:
		return fmt.Errorf("check the bot token with auth.test at %s: %w", m.Config.APIURL, err)
	}
	m.Logger.Info("bot token checked", "team_id", who.TeamID, "bot_user_id", who.UserID)
	return nil
}

// Run serves Slack until ctx is done, then drains the handlers in flight.
func (m *Main) Run(ctx context.Context) error {
	m.Logger.Info("starting", "version", Version, "config", m.Config)
	if err := m.Scheduler.Open(); err != nil {
		return fmt.Errorf("start scheduler: %w", err)
	}
	err := m.Bot.Run(ctx)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// Close stops the scheduler, then closes the database, after Run has
// returned: the bot has stopped already.
func (m *Main) Close() error {
	if m.Scheduler != nil {
		if err := m.Scheduler.Close(); err != nil {
			m.Logger.Error("close scheduler", "error", err)
		}
	}
	if m.HTTP != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := m.HTTP.Close(ctx); err != nil {
			m.Logger.Error("close ops http server", "error", err)
		}
		cancel()
		m.HTTP = nil
	}
	if m.DB == nil {
		return nil
	}
	return m.DB.Close()
}

// newTransport is the transport of the Web API client, which Open bounds
// in time (slack-go's default client has no timeout): it keeps enough idle
// connections for the scheduler's concurrent posts, where Go's default
// keeps 2 per host and every other post would open a new TLS connection
// to Slack.
func newTransport() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 100
	t.MaxIdleConnsPerHost = 64
	return t
}

// randomSuffix returns 6 random hexadecimal digits.
func randomSuffix() string {
	b := make([]byte, 3)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}
