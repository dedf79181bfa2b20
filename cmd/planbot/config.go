package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strings"
	"time"
	"unicode"

	"github.com/kelseyhightower/envconfig"

	"github.com/planbot/planbot/storage"
)

// Config is planbot's configuration, read from the environment.
type Config struct {
	AppToken string `envconfig:"SLACK_APP_TOKEN"`
	BotToken string `envconfig:"SLACK_BOT_TOKEN"`
	APIURL   string `envconfig:"SLACK_API_URL" default:"https://slack.com/api/"`
	// DB is a SQLite file (a path or sqlite://path) or a PostgreSQL URL
	// (postgres://...), which several planbot processes may share.
	DB string `envconfig:"PLANBOT_DB" default:"planbot.db"`
	// DBMaxConns caps the PostgreSQL pool of the process; 0 means
	// storage.DefaultMaxConns.
	DBMaxConns int    `envconfig:"PLANBOT_DB_MAX_CONNS" default:"10"`
	Lang       string `envconfig:"PLANBOT_LANG" default:"en"`
	TZ         string `envconfig:"PLANBOT_TZ" default:"UTC"`
	LogLevel   string `envconfig:"PLANBOT_LOG_LEVEL" default:"info"`

	// HTTPAddr, when set (host:port), serves /healthz, /readyz and the
	// Prometheus metrics at /metrics; off by default.
	HTTPAddr string `envconfig:"PLANBOT_HTTP_ADDR"`
	// ReplicaID names this process in every log line and in the metrics;
	// Validate sets hostname-pid when it is empty.
	ReplicaID string `envconfig:"PLANBOT_REPLICA_ID"`
	// Lease is how long this process's claim on an event or a reminder
	// lasts: should it die, another process takes its work over once the
	// claim ends. 0 keeps the defaults, bot.DefaultEventLease (30 s) and
	// remind.DefaultLease (2 min).
	Lease time.Duration `envconfig:"PLANBOT_LEASE"`
}

// MinLease is the shortest PLANBOT_LEASE: a claim must outlast the work
// it covers, or a live process's work is taken over and done twice.
const MinLease = 10 * time.Second

// maxReplicaID bounds PLANBOT_REPLICA_ID, which every log line carries.
const maxReplicaID = 64

// LoadConfig reads the environment. It does not validate: see Validate.
func LoadConfig() (Config, error) {
	var c Config
	if err := envconfig.Process("", &c); err != nil {
		return c, fmt.Errorf("read environment: %w", err)
	}
	return c, nil
}

// Validate checks the configuration and returns one readable paragraph
// that says what to set, or nil. It normalizes APIURL to end with "/",
// which slack-go needs.
func (c *Config) Validate() error {
	var problems []string
	switch {
	case c.AppToken == "":
		problems = append(problems, "SLACK_APP_TOKEN is not set (the app-level token, xapp-..., with the connections:write scope)")
	case !strings.HasPrefix(c.AppToken, "xapp-"):
		problems = append(problems, "SLACK_APP_TOKEN does not start with xapp- (use the app-level token, not the bot token)")
	}
	switch {
	case c.BotToken == "":
		problems = append(problems, "SLACK_BOT_TOKEN is not set (the bot token, xoxb-..., from OAuth & Permissions)")
	case !strings.HasPrefix(c.BotToken, "xoxb-"):
		problems = append(problems, "SLACK_BOT_TOKEN does not start with xoxb- (use the Bot User OAuth Token)")
	}
	if u, err := url.Parse(c.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		problems = append(problems, fmt.Sprintf("SLACK_API_URL %q is not an http(s) URL", c.APIURL))
	} else if !strings.HasSuffix(c.APIURL, "/") {
		c.APIURL += "/"
	}
	if c.Lang != "en" && c.Lang != "fr" {
		problems = append(problems, fmt.Sprintf("PLANBOT_LANG %q must be en or fr", c.Lang))
	}
	if _, err := time.LoadLocation(c.TZ); err != nil || c.TZ == "" {
		problems = append(problems, fmt.Sprintf("PLANBOT_TZ %q is not an IANA time zone such as Europe/Paris", c.TZ))
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		problems = append(problems, err.Error())
	}
	switch {
	case c.DB == "" || c.DB == "sqlite://":
		problems = append(problems, "PLANBOT_DB is empty (a SQLite file path such as planbot.db, or a postgres:// URL)")
	case storage.IsPostgres(c.DB):
		if u, err := url.Parse(c.DB); err != nil || u.Host == "" {
			problems = append(problems, fmt.Sprintf("PLANBOT_DB %q is not a PostgreSQL URL such as postgres://planbot@db.example/planbot", storage.Redact(c.DB)))
		}
	case strings.Contains(c.DB, "://") && !strings.HasPrefix(c.DB, "sqlite://"):
		problems = append(problems, fmt.Sprintf("PLANBOT_DB %q is neither a SQLite file (a path or sqlite://path) nor a postgres:// URL", c.DB))
	}
	if c.DBMaxConns < 0 {
		problems = append(problems, fmt.Sprintf("PLANBOT_DB_MAX_CONNS %d must be 1 or more", c.DBMaxConns))
	}
	if c.HTTPAddr != "" {
		if _, port, err := net.SplitHostPort(c.HTTPAddr); err != nil || port == "" {
			problems = append(problems, fmt.Sprintf("PLANBOT_HTTP_ADDR %q is not host:port, such as :9090 or 127.0.0.1:9090", c.HTTPAddr))
		}
	}
	if c.ReplicaID == "" {
		c.ReplicaID = defaultReplicaID()
	} else if len(c.ReplicaID) > maxReplicaID || strings.IndexFunc(c.ReplicaID, func(r rune) bool { return !unicode.IsPrint(r) || unicode.IsSpace(r) }) >= 0 {
		problems = append(problems, fmt.Sprintf("PLANBOT_REPLICA_ID %q must be at most %d printable characters without spaces", c.ReplicaID, maxReplicaID))
	}
	if c.Lease != 0 && c.Lease < MinLease {
		problems = append(problems, fmt.Sprintf("PLANBOT_LEASE %v must be at least %v", c.Lease, MinLease))
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("planbot cannot start: %s. Create the Slack app from manifest.yml and copy its two tokens into the environment, as the README's \"Run against Slack\" section shows", strings.Join(problems, "; "))
}

// defaultReplicaID is hostname-pid: unique among the processes of one
// machine, and telling which machine a log line came from.
func defaultReplicaID() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "planbot"
	}
	if len(host) > maxReplicaID-8 {
		host = host[:maxReplicaID-8]
	}
	return fmt.Sprintf("%s-%d", host, os.Getpid())
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, fmt.Errorf("PLANBOT_LOG_LEVEL %q must be debug, info, warn or error", s)
	}
	return l, nil
}

// LogValue keeps the tokens and the database password out of logs.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("slack_api_url", c.APIURL),
		slog.String("db", storage.Redact(c.DB)),
		slog.String("lang", c.Lang),
		slog.String("tz", c.TZ),
		slog.Bool("app_token_set", c.AppToken != ""),
		slog.Bool("bot_token_set", c.BotToken != ""),
		slog.String("http_addr", c.HTTPAddr),
		slog.String("lease", c.Lease.String()),
	)
}
