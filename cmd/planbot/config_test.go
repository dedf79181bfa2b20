package main

import (
	"log/slog"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestConfig_DB(t *testing.T) {
	for _, tt := range []struct {
		name, db string
		maxConns int
		want     string // a part of the error; "" when valid
	}{
		{"File", "planbot.db", 10, ""},
		{"SQLiteURL", "sqlite:///var/lib/planbot/planbot.db", 10, ""},
		{"Postgres", "postgres://planbot:s3cret@db.example:5432/planbot?sslmode=require", 10, ""},
		{"Postgresql", "postgresql://db.example/planbot", 0, ""},
		{"Empty", "", 10, "PLANBOT_DB is empty"},
		{"EmptySQLiteURL", "sqlite://", 10, "PLANBOT_DB is empty"},
		{"PostgresNoHost", "postgres:///planbot", 10, "is not a PostgreSQL URL"},
		{"OtherScheme", "mysql://db.example/planbot", 10, "neither a SQLite file"},
		{"NegativeConns", "planbot.db", -1, "PLANBOT_DB_MAX_CONNS"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := Config{AppToken: "xapp-1", BotToken: "xoxb-1", APIURL: "https://slack.com/api/", DB: tt.db,
				DBMaxConns: tt.maxConns, Lang: "en", TZ: "UTC", LogLevel: "info"}
			err := c.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Validate: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("Validate: %v, want an error with %q", err, tt.want)
			case err != nil && strings.Contains(err.Error(), "s3cret"):
				t.Fatalf("error shows the password: %v", err)
			}
		})
	}
}

// TestConfig_LogValue keeps the tokens and the database password out of
// the logs.
func TestConfig_LogValue(t *testing.T) {
	c := Config{AppToken: "xapp-secret", BotToken: "xoxb-secret", DB: "postgres://planbot:s3cret@db.example/planbot"}
	var b strings.Builder
	slog.New(slog.NewTextHandler(&b, nil)).Info("starting", "config", c)
	out := b.String()
	for _, secret := range []string{"xapp-secret", "xoxb-secret", "s3cret"} {
		if strings.Contains(out, secret) {
			t.Errorf("log shows %q: %s", secret, out)
		}
	}
	if !strings.Contains(out, "planbot:xxxxx@db.example") {
		t.Errorf("log lacks the redacted database URL: %s", out)
	}
}

func TestConfig_Ops(t *testing.T) {
	for _, tt := range []struct {
		name      string
		httpAddr  string
		replicaID string
		lease     time.Duration
		want      string // a part of the error; "" when valid
	}{
		{name: "Off"},
		{name: "Port", httpAddr: ":9090"},
		{name: "HostPort", httpAddr: "127.0.0.1:9090", replicaID: "planbot-7f9c", lease: time.Minute},
		{name: "ErrNoPort", httpAddr: "127.0.0.1", want: "PLANBOT_HTTP_ADDR"},
		{name: "ErrEmptyPort", httpAddr: "localhost:", want: "PLANBOT_HTTP_ADDR"},
		{name: "ErrReplicaSpace", replicaID: "web 1", want: "PLANBOT_REPLICA_ID"},
		{name: "ErrReplicaLong", replicaID: strings.Repeat("r", 65), want: "PLANBOT_REPLICA_ID"},
		{name: "ErrLeaseShort", lease: 9 * time.Second, want: "PLANBOT_LEASE"},
		{name: "LeaseMin", lease: 10 * time.Second},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := Config{AppToken: "xapp-1", BotToken: "xoxb-1", APIURL: "https://slack.com/api/", DB: "planbot.db",
				Lang: "en", TZ: "UTC", LogLevel: "info", HTTPAddr: tt.httpAddr, ReplicaID: tt.replicaID, Lease: tt.lease}
			err := c.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Validate: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("Validate: %v, want an error with %q", err, tt.want)
			}
			if err == nil && tt.replicaID == "" {
				// The default: hostname-pid.
				if want := "-" + strconv.Itoa(os.Getpid()); !strings.HasSuffix(c.ReplicaID, want) {
					t.Errorf("default replica ID %q, want hostname%s", c.ReplicaID, want)
				}
			}
		})
	}
}

// TestConfig_Env reads the operability settings from the environment.
func TestConfig_Env(t *testing.T) {
	t.Setenv("PLANBOT_HTTP_ADDR", ":9090")
	t.Setenv("PLANBOT_REPLICA_ID", "web-2")
	t.Setenv("PLANBOT_LEASE", "45s")
	c, err := LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTPAddr != ":9090" || c.ReplicaID != "web-2" || c.Lease != 45*time.Second {
		t.Errorf("read %q %q %v", c.HTTPAddr, c.ReplicaID, c.Lease)
	}
}
