package bot

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/plan"
)

// Tests of what several processes on one database share: the event inbox
// and the record of published Homes, with in-memory stand-ins for
// storage.EventService and storage.HomeService that two bots can share as
// two processes share a database.

// memEvents is an in-memory EventClaimer. beginHook, when set, runs at the
// start of every BeginEvent.
type memEvents struct {
	signal
	mu        sync.Mutex
	events    map[string]*memEvent
	begins    int
	beginHook func(n int)
}

type memEvent struct {
	holder   string
	payload  []byte
	lease    time.Time
	state    string
	attempts int
}

func (m *memEvents) BeginEvent(ctx context.Context, id, holder string, payload []byte, leaseUntil time.Time) (bool, error) {
	m.mu.Lock()
	m.begins++
	n, hook := m.begins, m.beginHook
	m.mu.Unlock()
	m.notify()
	if hook != nil {
		hook(n)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.events == nil {
		m.events = map[string]*memEvent{}
	}
	if _, ok := m.events[id]; ok {
		return false, nil
	}
	m.events[id] = &memEvent{holder: holder, payload: payload, lease: leaseUntil, state: "handling", attempts: 1}
	return true, nil
}

func (m *memEvents) FinishEvent(ctx context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.events[id]; ok {
		e.state, e.payload = "done", nil
	}
	return nil
}

func (m *memEvents) TakeOverEvents(ctx context.Context, holder string, now, leaseUntil time.Time, limit, maxAttempts int) ([]plan.PendingEvent, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []plan.PendingEvent
	for id, e := range m.events {
		if e.state != "handling" || e.lease.After(now) || len(out) == limit {
			continue
		}
		e.holder, e.lease = holder, leaseUntil
		e.attempts++
		out = append(out, plan.PendingEvent{ID: id, Payload: e.payload, Attempts: e.attempts})
	}
	return out, 0, nil
}

func (m *memEvents) PruneEvents(ctx context.Context, before time.Time) (int64, error) { return 0, nil }

func (m *memEvents) state(id string) (string, string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.events[id]; ok {
		return e.state, e.holder
	}
	return "", ""
}

// memHomes is an in-memory HomeRecorder.
type memHomes struct {
	mu    sync.Mutex
	homes map[string][2]string
}

func (m *memHomes) LastHome(ctx context.Context, userID string) (string, string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.homes[userID]
	return h[0], h[1], nil
}

func (m *memHomes) RecordHome(ctx context.Context, userID, viewHash, contentSHA string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.homes == nil {
		m.homes = map[string][2]string{}
	}
	m.homes[userID] = [2]string{viewHash, contentSHA}
	return nil
}

// memObserver counts what an Observer is told.
type memObserver struct {
	signal
	mu       sync.Mutex
	outcomes map[string]int // "type outcome"
	acks     map[string]int
}

func (o *memObserver) Envelope(typ, outcome string) {
	o.mu.Lock()
	if o.outcomes == nil {
		o.outcomes = map[string]int{}
	}
	o.outcomes[typ+" "+outcome]++
	o.mu.Unlock()
	o.notify()
}

func (o *memObserver) Acked(typ string, d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.acks == nil {
		o.acks = map[string]int{}
	}
	if d > 0 {
		o.acks[typ]++
	}
}

func (o *memObserver) count(key string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.outcomes[key]
}

// homeFixture is a bot with the snapshots of one plan, an event inbox and
// an observer, its sweeper off.
func homeFixture(t *testing.T, events *memEvents, homes *memHomes) (*botFixture, *memObserver) {
	t.Helper()
	p := &plan.Plan{ID: 1, TeamID: fakeslack.TeamID, ChannelID: "C1", Name: "social", TimeZone: "UTC", Language: "en"}
	snaps := &countingSnapshots{plan: &plan.PlanSnapshot{Plan: p, Strategy: &plan.Strategy{PlanID: 1}, Schedule: plan.DefaultReviewSchedule}}
	obs := &memObserver{}
	f := newBotFixture(t, func(b *Bot) {
		b.Plans, b.Snapshots = &memPlans{plans: []*plan.Plan{p}}, snaps
		b.Observer = obs
		if events != nil { // a nil *memEvents would be a non-nil EventClaimer
			b.Events = events
		}
		if homes != nil {
			b.Homes = homes
		}
		b.ID, b.SweepInterval = "this", -1
	})
	return f, obs
}

func homeEvent(user string) map[string]any {
	return map[string]any{"type": "app_home_opened", "user": user, "channel": "D" + user[1:], "tab": "home", "event_ts": "1764063600.000100"}
}

// TestEvents_ClaimedBeforeAck holds the claim of an event: its envelope
// must not be acked meanwhile, so that Slack redelivers it. The copy's
// claim releases the first; one of them claims the event, the other is a
// duplicate. Handled once in all.
func TestEvents_ClaimedBeforeAck(t *testing.T) {
	release := make(chan struct{})
	var once sync.Once
	events := &memEvents{beginHook: func(n int) {
		if n == 1 {
			<-release
		} else {
			once.Do(func() { close(release) })
		}
	}}
	f, obs := homeFixture(t, events, nil)
	t.Cleanup(func() { once.Do(func() { close(release) }) }) // runs before the bot stops
	n := len(f.slack.Calls("views.publish"))

	// Slack's deadline passes with the claim still pending: no ack.
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	if _, err := f.slack.SendEvent(ctx, "EvHold", homeEvent("UANA"), 0); err == nil {
		t.Fatal("the event was acked while its claim was still being written")
	}
	// Slack redelivers it.
	if _, err := f.slack.SendEvent(f.ctx(), "EvHold", homeEvent("UANA"), 1); err != nil {
		t.Fatal(err)
	}
	f.waitCall(n, "views.publish")
	obs.wait(t, func() bool { return obs.count("events_api ok") == 1 && obs.count("events_api duplicate") == 1 })
	if st, holder := events.state("EvHold"); st != "done" || holder != "this" {
		t.Errorf("event %s by %q, want done by this", st, holder)
	}
	if got := len(f.slack.Calls("views.publish")) - n; got != 1 {
		t.Errorf("%d publishes, want 1", got)
	}
}

// signal wakes those waiting for a change of a test double.
type signal struct {
	mu sync.Mutex
	ch chan struct{}
}

// notify wakes every waiter.
func (s *signal) notify() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ch != nil {
		close(s.ch)
		s.ch = nil
	}
}

// wait returns once cond holds, checking it at each notify; it fails the
// test after 10 s.
func (s *signal) wait(t *testing.T, cond func() bool) {
	t.Helper()
	timeout := time.NewTimer(10 * time.Second)
	defer timeout.Stop()
	for {
		s.mu.Lock()
		if s.ch == nil {
			s.ch = make(chan struct{})
		}
		ch := s.ch
		s.mu.Unlock()
		if cond() {
			return
		}
		select {
		case <-ch:
		case <-timeout.C:
			t.Fatal("condition not met within 10 s")
		}
	}
}

// TestEvents_TakenOver leaves an event claimed by a process that died
// after acking it: once its lease ends, SweepEvents handles it from its
// payload and marks it done; before, it leaves it alone.
func TestEvents_TakenOver(t *testing.T) {
	events := &memEvents{}
	f, obs := homeFixture(t, events, nil)
	b := f.bot
	payload, err := json.Marshal(map[string]any{
		"token": fakeslack.VerificationToken, "team_id": fakeslack.TeamID, "api_app_id": fakeslack.AppID,
		"type": "event_callback", "event_id": "EvDead", "event_time": botNow.Unix(), "event": homeEvent("UANA"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := events.BeginEvent(context.Background(), "EvDead", "dead", payload, botNow.Add(time.Second)); err != nil || !ok {
		t.Fatal(ok, err)
	}
	n := len(f.slack.Calls("views.publish"))

	b.Now = func() time.Time { return botNow } // the lease has not ended
	if got, err := b.SweepEvents(f.ctx()); err != nil || got != 0 {
		t.Fatalf("before the lease ends: %d, %v; want nothing taken", got, err)
	}
	b.Now = func() time.Time { return botNow.Add(time.Second) }
	if got, err := b.SweepEvents(f.ctx()); err != nil || got != 1 {
		t.Fatalf("once the lease ended: %d, %v; want 1 taken over", got, err)
	}
	if c := f.waitCall(n, "views.publish"); c.Params.Get("user_id") != "UANA" {
		t.Errorf("published to %s", c.Params.Get("user_id"))
	}
	if st, holder := events.state("EvDead"); st != "done" || holder != "this" {
		t.Errorf("event %s by %q, want done by this", st, holder)
	}
	if obs.count("events_api taken_over") != 1 {
		t.Errorf("observer: %v", obs.outcomes)
	}
	if !strings.Contains(f.logs.String(), "handling an event another process left") {
		t.Errorf("takeover not logged:\n%s", f.logs.String())
	}
}

// TestObserver_Envelopes checks the outcomes and acks an Observer is told.
func TestObserver_Envelopes(t *testing.T) {
	f, obs := homeFixture(t, &memEvents{}, nil)
	f.command("help")
	if _, err := f.slack.SendEvent(f.ctx(), "EvObs", homeEvent("UANA"), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := f.slack.SendEvent(f.ctx(), "EvObs", homeEvent("UANA"), 1); err != nil {
		t.Fatal(err)
	}
	obs.wait(t, func() bool {
		return obs.count("slash_commands ok") == 1 && obs.count("events_api ok") == 1 && obs.count("events_api duplicate") == 1
	})
	obs.mu.Lock()
	defer obs.mu.Unlock()
	if obs.acks["slash_commands"] != 1 || obs.acks["events_api"] != 2 {
		t.Errorf("acks observed %v, want 1 command and 2 events", obs.acks)
	}
	if !f.bot.Connected() {
		t.Error("Connected() = false while serving")
	}
}

// TestHome_SharedRecord runs two bots, as two processes, on one record of
// published Homes: an identical Home is not published again, whichever
// process published it; one process never skips a Home because it
// published the same one before another process published a different
// one; and a publish over a Home another process published meanwhile is
// refused by Slack's hash, then rendered again.
func TestHome_SharedRecord(t *testing.T) {
	homes := &memHomes{}
	f, _ := homeFixture(t, nil, homes)
	a := f.bot
	b := newHomeBot(t, f, homes)
	snapsA := a.Snapshots.(*countingSnapshots)
	snapsB := b.Snapshots.(*countingSnapshots)
	ctx := f.ctx()
	publishes := func() int { return len(f.slack.Calls("views.publish")) }
	shown := func() string {
		t.Helper()
		c := f.slack.Calls("views.publish")
		for i := len(c) - 1; i >= 0; i-- {
			if strings.Contains(string(c[i].Response), `"ok":true`) {
				return c[i].Params.Get("view")
			}
		}
		return ""
	}
	rename := func(name string) { snapsA.plan.Plan.Name, snapsB.plan.Plan.Name = name, name }

	rename("Spring")
	a.renderHome(ctx, fakeslack.TeamID, "UANA")
	n := publishes()
	b.renderHome(ctx, fakeslack.TeamID, "UANA") // the same Home: B skips what A published
	a.renderHome(ctx, fakeslack.TeamID, "UANA")
	if got := publishes() - n; got != 0 {
		t.Fatalf("%d publishes of an unchanged Home, want 0", got)
	}

	rename("Summer")
	b.renderHome(ctx, fakeslack.TeamID, "UANA")
	rename("Spring") // back to what A published last
	a.renderHome(ctx, fakeslack.TeamID, "UANA")
	if !strings.Contains(shown(), "Spring") {
		t.Fatalf("A skipped its Home because it had published it before B's: Slack shows %s", shown())
	}

	// Another process publishes and has not recorded it yet: A's publish,
	// made on the hash recorded, is refused, and A renders and publishes
	// again, the last time without a hash.
	resp, err := b.API.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "UANA",
		View: slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "in flight", false, false), nil, nil)}}}})
	if err != nil || resp.View.Hash == "" {
		t.Fatal(err)
	}
	rename("Autumn")
	n = publishes()
	a.renderHome(ctx, fakeslack.TeamID, "UANA")
	if got := publishes() - n; got != homeAttempts {
		t.Errorf("%d publishes, want %d (refused twice on the stale hash, then without one)", got, homeAttempts)
	}
	if !strings.Contains(shown(), "Autumn") {
		t.Errorf("Slack shows %s, want the Autumn Home", shown())
	}
	h, _, _ := homes.LastHome(ctx, "UANA")
	if h == "" || h == resp.View.Hash {
		t.Errorf("recorded hash %q, want the hash of the last publish", h)
	}
}

// newHomeBot returns a second bot on f's Slack, initialized but not
// connected, with a snapshot service of its own and homes.
func newHomeBot(t *testing.T, f *botFixture, homes *memHomes) *Bot {
	t.Helper()
	a := f.bot
	ps := *a.Snapshots.(*countingSnapshots).plan
	pl := *ps.Plan
	ps.Plan = &pl
	b := &Bot{API: a.API, Now: a.Now, Logger: slog.New(slog.NewTextHandler(f.logs, nil)),
		Plans: a.Plans, Snapshots: &countingSnapshots{plan: &ps}, Homes: homes, ID: "other"}
	if err := b.init(); err != nil {
		t.Fatal(err)
	}
	return b
}
