package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/bot/slackcall"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/internal/testclock"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
)

// clockMain opens a Main on dbPath against srv with every clock on
// clock: the plans', the Slack call policy's (Retry-After, pace) and the
// scheduler's waits, so a test runs minutes of Slack time without
// sleeping. The scheduler does not poll: the test ticks it. The bot is
// not connected: these tests drive the scheduler and the outbox.
func clockMain(t *testing.T, srv *fakeslack.Server, clock *testclock.Clock, dbPath string, logs io.Writer) *Main {
	t.Helper()
	cfg := Config{AppToken: "xapp-1-test", BotToken: "xoxb-test", APIURL: srv.APIURL(), DB: dbPath, Lang: "en", TZ: "UTC", LogLevel: "info"}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	m := NewMain(cfg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo})))
	m.Now, m.SchedulerInterval = clock.Now, 0
	m.Calls = &slackcall.Client{Now: clock.Now, Sleep: clock.Sleep}
	if err := m.Open(); err != nil {
		t.Fatal(err)
	}
	m.Scheduler.After = clock.After
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Error(err)
		}
	})
	return m
}

// deliveryStates counts the reminder deliveries of db by state.
func deliveryStates(t *testing.T, db *storage.DB) map[plan.DeliveryState]int {
	t.Helper()
	tx, err := db.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(context.Background(), `SELECT state, COUNT(*) FROM reminder_deliveries GROUP BY state`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[plan.DeliveryState]int{}
	for rows.Next() {
		var s plan.DeliveryState
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			t.Fatal(err)
		}
		out[s] = n
	}
	return out
}

// stormSize is the storm test's size: 10,000 reminders across 1,000
// channels, 100 of them in the storm; a fifth of that with the race
// detector (the same test, about 8 times slower per post), a tenth under
// -short.
func stormSize() (channels, perChannel, stormy int) {
	switch {
	case testing.Short():
		return 100, 10, 10
	case raceDetector:
		return 200, 10, 20
	}
	return 1000, 10, 100
}

// TestFault_RateLimitStorm puts 10,000 reminders due at once across 1,000
// channels while Slack answers every post to 100 of the channels with 429
// and Retry-After 30 s for 4 minutes, under a per-channel limit as strict
// as Slack's (one post a second, no burst). Every reminder is posted once
// (its delivery key once in its channel), those of the storm's channels
// after the storm, and none is marked failed: waiting costs no attempt.
func TestFault_RateLimitStorm(t *testing.T) {
	start := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	clock := testclock.New(start)
	srv, err := fakeslack.Start(fakeslack.Options{Now: clock.Now, PostRateLimit: time.Second, OnBreach: breachFails(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	channels, per, stormy := stormSize()
	logs := &syncBuffer{}
	defer func() {
		if t.Failed() {
			t.Logf("logs (tail):\n%s", tail(logs.String(), 60))
		}
	}()
	m := clockMain(t, srv, clock, filepath.Join(memDir(t), "planbot.db"), logs)

	ctx := context.Background()
	due := start.Add(time.Minute)
	var rs []plan.Reminder
	storm := map[string]bool{}
	for i := range channels {
		ch := fmt.Sprintf("C%04d", i)
		srv.AddChannel(fakeslack.Channel{ID: ch, Name: fmt.Sprintf("plan-%d", i), IsMember: true})
		p, err := m.Bot.Plans.EnsurePlan(ctx, plan.Plan{TeamID: fakeslack.TeamID, ChannelID: ch, Name: ch, TimeZone: "UTC", Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		for j := range per {
			rs = append(rs, plan.Reminder{PlanID: p.ID, Kind: plan.ReminderMeasurementReview, SubjectID: int64(j + 1),
				Rule: plan.Rule{Frequency: plan.FrequencyOnce, At: due}, ChannelID: ch})
		}
		if i%(channels/stormy) == 0 {
			storm[ch] = true
		}
	}
	if _, err := storage.ScheduleReminders(ctx, m.DB, rs); err != nil {
		t.Fatal(err)
	}

	clock.Set(due)
	stormEnd := due.Add(4 * time.Minute)
	for ch := range storm {
		srv.StartStorm(fakeslack.Storm{Method: "chat.postMessage", Channel: ch, For: 4 * time.Minute, RetryAfter: 30 * time.Second})
	}
	total := channels * per
	ticks := 0
	for ; ticks < 200 && len(srv.Messages("")) < total; ticks++ {
		if err := m.Scheduler.Tick(ctx, clock.Now()); err != nil {
			t.Fatal(err)
		}
		clock.Advance(5 * time.Second) // Run ticks every 5 s
	}

	// Every reminder once, by its key, in its channel.
	keys := map[string]int{}
	for _, msg := range srv.Messages("") {
		if msg.Metadata == nil {
			t.Fatalf("a post without metadata in %s", msg.Channel)
		}
		keys[msg.Channel+" "+string(msg.Metadata.EventPayload)]++
		if storm[msg.Channel] {
			if at := tsTime(t, msg.TS); at.Before(stormEnd) {
				t.Errorf("a post in %s at %s, during the storm", msg.Channel, at)
			}
		}
	}
	dup := 0
	for k, n := range keys {
		if n > 1 {
			dup++
			t.Errorf("%s posted %d times", k, n)
		}
	}
	limited := 0
	for _, c := range srv.Calls("chat.postMessage") {
		if c.Status == 429 {
			limited++
		}
	}
	states := deliveryStates(t, m.DB)
	lost := total - len(keys)
	t.Logf("reminders %d in %d channels (%d in the storm): tried %d, posted %d, lost %d, duplicated %d; HTTP 429 %d; deliveries %v; %d ticks, %s of Slack time",
		total, channels, len(storm)*per, len(srv.Calls("chat.postMessage")), len(keys), lost, dup, limited, states, ticks, clock.Now().Sub(due).Round(time.Second))
	if lost != 0 {
		t.Errorf("%d reminders lost", lost)
	}
	if states[plan.DeliverySent] != total || states[plan.DeliveryFailed] != 0 || states[plan.DeliveryUncertain] != 0 {
		t.Errorf("deliveries %v, want %d sent, none failed", states, total)
	}
	if limited < len(storm) {
		t.Errorf("%d posts answered 429, want at least one per channel of the storm: the storm did not happen", limited)
	}
	if n := srv.RateLimited(); n > total/100 {
		t.Errorf("%d posts refused by the per-channel limit: the pace is off", n)
	}
}

// memDir is a temporary directory in memory (/dev/shm) when the machine
// has one, else t.TempDir(): tests that make tens of thousands of commits
// measure the bot, not the disk's fsync.
func memDir(t *testing.T) string {
	t.Helper()
	if fi, err := os.Stat("/dev/shm"); err != nil || !fi.IsDir() {
		return t.TempDir()
	}
	dir, err := os.MkdirTemp("/dev/shm", "planbot-test-")
	if err != nil {
		return t.TempDir()
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// tsTime reads a message ts as a time.
func tsTime(t *testing.T, ts string) time.Time {
	t.Helper()
	var sec, usec int64
	if _, err := fmt.Sscanf(ts, "%d.%d", &sec, &usec); err != nil {
		t.Fatalf("ts %q: %v", ts, err)
	}
	return time.Unix(sec, usec*1000).UTC()
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
