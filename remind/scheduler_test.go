package remind_test

// The Scheduler's tests run on a real SQLite file: what they check (one
// post per occurrence across restarts and processes) is a property of the
// scheduler and the claims in the database together.

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/testclock"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/remind"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// mustOpenClockDB opens the database file at path with clock c and closes
// it when the test ends.
func mustOpenClockDB(tb testing.TB, path string, c *testclock.Clock) *storage.DB {
	tb.Helper()
	db := storage.NewDB(path)
	db.Now = c.Now
	if err := db.Open(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	return db
}

// post is one message the fake notifier delivered.
type post struct {
	ReminderID int64
	Key        string
	Due        time.Time
	Late       bool
	Missed     int
	Snoozed    bool
	// Checked: handed over while sending, so a real notifier looked for it
	// in Slack's history before posting.
	Checked bool
}

// fakeNotifier records what it posts. outcome, when set, decides each
// call after Posting: an error, and whether the request may have posted.
type fakeNotifier struct {
	mu      sync.Mutex
	calls   int
	posts   []post
	dms     []string // reasons given to owners
	outcome func(n plan.Notice) (err error, mayHavePosted bool)
}

func (f *fakeNotifier) Notify(ctx context.Context, n plan.Notice) (plan.Receipt, error) {
	f.mu.Lock()
	f.calls++
	outcome := f.outcome
	f.mu.Unlock()
	checked := n.Delivery.State == plan.DeliverySending
	if err := n.Log.Posting(ctx); err != nil {
		return plan.Receipt{}, err
	}
	if outcome != nil {
		if err, maybe := outcome(n); err != nil {
			if !maybe {
				if err := n.Log.NotPosted(ctx); err != nil {
					return plan.Receipt{}, err
				}
			}
			return plan.Receipt{}, err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	d := n.Delivery
	f.posts = append(f.posts, post{ReminderID: n.Reminder.ID, Key: d.Key, Due: d.Due, Late: d.Late, Missed: d.Missed, Snoozed: d.Snoozed, Checked: checked})
	return plan.Receipt{ChannelID: n.Reminder.ChannelID, TS: fmt.Sprintf("1700000000.%06d", len(f.posts))}, nil
}

func (f *fakeNotifier) ChannelUnreachable(ctx context.Context, r *plan.Reminder, reason string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dms = append(f.dms, reason)
	return nil
}

func (f *fakeNotifier) snapshot() (calls int, posts []post, dms []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls, slices.Clone(f.posts), slices.Clone(f.dms)
}

func newScheduler(db *storage.DB, n remind.Notifier, c *testclock.Clock, id string) *remind.Scheduler {
	return &remind.Scheduler{Reminders: storage.NewReminderService(db), Notifier: n, Now: c.Now, ID: id}
}

// mustSchedule creates a reminder of the plan with rule, or fails the test.
func mustSchedule(tb testing.TB, db *storage.DB, p *plan.Plan, subject int64, rule plan.Rule) *plan.Reminder {
	tb.Helper()
	r, err := storage.ScheduleReminder(context.Background(), db, plan.Reminder{
		PlanID: p.ID, Kind: plan.ReminderExperimentEnd, SubjectID: subject, Rule: rule, ChannelID: p.ChannelID, OwnerID: "UOWNER",
	})
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// mustPlanIn ensures the plan of channel, in zone tz.
func mustPlanIn(tb testing.TB, db *storage.DB, channel, tz string) *plan.Plan {
	tb.Helper()
	p, err := storage.NewPlanService(db).EnsurePlan(context.Background(),
		plan.Plan{TeamID: "T1", ChannelID: channel, TimeZone: tz, Language: "en"})
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// mustTick runs one tick of s at t, with the clock at t.
func mustTick(tb testing.TB, s *remind.Scheduler, c *testclock.Clock, t time.Time) {
	tb.Helper()
	c.Set(t)
	if err := s.Tick(context.Background(), t); err != nil {
		tb.Fatal(err)
	}
}

func mustDeliveries(tb testing.TB, db *storage.DB, reminderID int64) []*plan.Delivery {
	tb.Helper()
	ds, err := storage.NewReminderService(db).FindDeliveries(context.Background(), reminderID)
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}

// mustTime parses an RFC 3339 time or fails the test.
func mustTime(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// TestScheduler_DST runs the scheduler every 10 minutes across the 2026
// daylight saving changes in Paris and New York: every occurrence is
// posted once, on time, and a skipped 02:30 goes out at 03:30.
func TestScheduler_DST(t *testing.T) {
	daily := func(zone string, h, m int) plan.Rule {
		return plan.Rule{Frequency: plan.FrequencyDaily, Hour: h, Minute: m, TimeZone: zone}
	}
	weekly := func(zone string, h, m int, d time.Weekday) plan.Rule {
		return plan.Rule{Frequency: plan.FrequencyWeekly, Weekdays: []time.Weekday{d}, Hour: h, Minute: m, TimeZone: zone}
	}
	const paris, ny = "Europe/Paris", "America/New_York"
	tests := []struct {
		name     string
		rule     plan.Rule
		from, to string
		want     []string
	}{
		{name: "ParisDailySpring", rule: daily(paris, 2, 30), from: "2026-03-27T12:00:00Z", to: "2026-03-30T12:00:00Z",
			want: []string{"2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z"}},
		{name: "ParisDailyFall", rule: daily(paris, 2, 30), from: "2026-10-23T12:00:00Z", to: "2026-10-26T12:00:00Z",
			want: []string{"2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"}},
		{name: "ParisWeeklySundaySpring", rule: weekly(paris, 2, 30, time.Sunday), from: "2026-03-28T00:00:00Z", to: "2026-04-06T00:00:00Z",
			want: []string{"2026-03-29T01:30:00Z", "2026-04-05T00:30:00Z"}},
		{name: "NewYorkDailySpring", rule: daily(ny, 2, 30), from: "2026-03-06T12:00:00Z", to: "2026-03-09T12:00:00Z",
			want: []string{"2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z"}},
		{name: "NewYorkDailyFall", rule: daily(ny, 1, 30), from: "2026-10-30T12:00:00Z", to: "2026-11-02T12:00:00Z",
			want: []string{"2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"}},
		{name: "NewYorkWeeklySundayFall", rule: weekly(ny, 1, 30, time.Sunday), from: "2026-10-31T00:00:00Z", to: "2026-11-09T00:00:00Z",
			want: []string{"2026-11-01T05:30:00Z", "2026-11-08T06:30:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to := mustTime(t, tt.from), mustTime(t, tt.to)
			clock := testclock.New(from)
			db := mustOpenClockDB(t, filepath.Join(t.TempDir(), "planbot.db"), clock)
			r := mustSchedule(t, db, mustPlanIn(t, db, "C1", tt.rule.TimeZone), 1, tt.rule)
			n := &fakeNotifier{}
			s := newScheduler(db, n, clock, "A")
			for now := from; !now.After(to); now = now.Add(10 * time.Minute) {
				mustTick(t, s, clock, now)
			}
			_, posts, _ := n.snapshot()
			var got []string
			for _, p := range posts {
				got = append(got, p.Due.Format(time.RFC3339))
				if p.Late || p.Missed != 0 {
					t.Errorf("post %s late=%t missed=%d, want on time", p.Due, p.Late, p.Missed)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("posted %v\nwant   %v", got, tt.want)
			}
			for _, d := range mustDeliveries(t, db, r.ID) {
				if d.State != plan.DeliverySent || d.MessageTS == "" || d.ChannelID != "C1" {
					t.Errorf("delivery %s: state %s ts %q channel %q, want sent with a ts", d.Key, d.State, d.MessageTS, d.ChannelID)
				}
			}
		})
	}
}

// TestScheduler_RestartBetweenClaimAndSend plays a process that died after
// claiming a firing: a claim known not to be posted is sent once by the
// next process when the lease ends; one that was being sent is handed to
// the notifier still sending, so that it looks for it in Slack's history
// before posting (bot.Notifier does; cmd/planbot's kill -9 test checks it
// against fakeslack).
func TestScheduler_RestartBetweenClaimAndSend(t *testing.T) {
	at := mustTime(t, "2026-06-01T09:00:00Z")
	tests := []struct {
		name      string
		posting   bool // the dead process had started the request
		wantPosts int
		wantState plan.DeliveryState
	}{
		{name: "ClaimedIsSentOnce", wantPosts: 1, wantState: plan.DeliverySent},
		{name: "SendingIsCheckedThenSent", posting: true, wantPosts: 1, wantState: plan.DeliverySent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "planbot.db")
			clock := testclock.New(at.Add(-time.Hour))

			// The first process claims the firing, maybe starts sending, and dies.
			db1 := mustOpenClockDB(t, path, clock)
			r := mustSchedule(t, db1, mustPlanIn(t, db1, "C1", "Europe/Paris"), 1, plan.Rule{Frequency: plan.FrequencyOnce, At: at})
			clock.Set(at)
			rs1 := storage.NewReminderService(db1)
			d, ok, err := rs1.ClaimDelivery(ctx, r.ID, "dead", at, at.Add(remind.DefaultLease))
			if err != nil || !ok {
				t.Fatalf("ClaimDelivery = %v, %v", ok, err)
			}
			if tt.posting {
				if err := rs1.MarkPosting(ctx, d.ID, "dead", at.Add(remind.DefaultLease)); err != nil {
					t.Fatal(err)
				}
			}
			if err := db1.Close(); err != nil {
				t.Fatal(err)
			}

			// The next process starts on the same file.
			db2 := mustOpenClockDB(t, path, clock)
			n := &fakeNotifier{}
			s := newScheduler(db2, n, clock, "B")
			mustTick(t, s, clock, at.Add(time.Minute))
			if calls, _, _ := n.snapshot(); calls != 0 {
				t.Fatalf("%d sends while the dead process still held the claim", calls)
			}
			for _, now := range []time.Time{at.Add(remind.DefaultLease), at.Add(10 * time.Minute), at.Add(24 * time.Hour)} {
				mustTick(t, s, clock, now)
			}
			_, posts, _ := n.snapshot()
			if len(posts) != tt.wantPosts {
				t.Fatalf("%d posts, want %d: %+v", len(posts), tt.wantPosts, posts)
			}
			if posts[0].Checked != tt.posting {
				t.Errorf("handed over checked=%v, want %v: only a delivery left sending may be in Slack", posts[0].Checked, tt.posting)
			}
			ds := mustDeliveries(t, db2, r.ID)
			if len(ds) != 1 || ds[0].State != tt.wantState {
				t.Fatalf("deliveries %+v, want one %s", ds, tt.wantState)
			}
			if tt.wantState == plan.DeliverySent && (ds[0].Attempts != 2 || ds[0].ClaimedBy != "B") {
				t.Errorf("delivery attempts %d by %q, want 2 by B", ds[0].Attempts, ds[0].ClaimedBy)
			}
		})
	}
}

// TestScheduler_TwoSchedulersOneDatabase runs two schedulers, each on its
// own connection pool like two processes (two replicas on PostgreSQL),
// ticking at the same instants in parallel: every occurrence is posted
// exactly once.
func TestScheduler_TwoSchedulersOneDatabase(t *testing.T) {
	storagetest.Run(t, testTwoSchedulersOneDatabase)
}

func testTwoSchedulersOneDatabase(t *testing.T, backend storagetest.Backend) {
	path := backend.DSN(t)
	start := mustTime(t, "2026-06-01T06:00:00Z")
	clock := testclock.New(start)
	db1 := mustOpenClockDB(t, path, clock)
	db2 := mustOpenClockDB(t, path, clock)

	const plans, perPlan = 4, 8
	want := 0
	for i := range plans {
		p := mustPlanIn(t, db1, fmt.Sprintf("C%d", i), "Europe/Paris")
		for j := range perPlan {
			at := start.Add(time.Duration(j) * time.Minute)
			mustSchedule(t, db1, p, int64(j), plan.Rule{Frequency: plan.FrequencyOnce, At: at})
			want++
		}
		mustSchedule(t, db1, p, 100, plan.Rule{Frequency: plan.FrequencyDaily, Hour: 9, TimeZone: "Europe/Paris"})
		want += 3 // June 1, 2 and 3 at 07:00Z
	}

	n := &fakeNotifier{}
	a, b := newScheduler(db1, n, clock, "A"), newScheduler(db2, n, clock, "B")
	var ticks []time.Time
	for i := range 10 {
		ticks = append(ticks, start.Add(time.Duration(i)*time.Minute))
	}
	for _, d := range []string{"2026-06-01T07:00:00Z", "2026-06-01T07:00:30Z", "2026-06-02T07:00:00Z", "2026-06-03T07:00:05Z"} {
		ticks = append(ticks, mustTime(t, d))
	}
	for _, now := range ticks {
		clock.Set(now)
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		for _, s := range []*remind.Scheduler{a, b} {
			wg.Go(func() { errs <- s.Tick(context.Background(), now) })
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	}

	_, posts, _ := n.snapshot()
	seen := map[string]int{}
	for _, p := range posts {
		seen[fmt.Sprintf("%d/%s", p.ReminderID, p.Key)]++
	}
	for k, c := range seen {
		if c != 1 {
			t.Errorf("occurrence %s posted %d times", k, c)
		}
	}
	if len(posts) != want || len(seen) != want {
		t.Errorf("%d posts of %d occurrences, want %d", len(posts), len(seen), want)
	}
}

// TestScheduler_Downtime stops the scheduler for three days: each recurring
// reminder then posts once, marked late with the missed slots counted.
func TestScheduler_Downtime(t *testing.T) {
	day0 := mustTime(t, "2026-06-01T00:00:00Z")
	clock := testclock.New(day0)
	db := mustOpenClockDB(t, filepath.Join(t.TempDir(), "planbot.db"), clock)
	p := mustPlanIn(t, db, "C1", "Europe/Paris")
	rules := []plan.Rule{
		{Frequency: plan.FrequencyDaily, Hour: 9, TimeZone: "Europe/Paris"},
		{Frequency: plan.FrequencyDaily, Hour: 18, Minute: 30, TimeZone: "Europe/Paris"},
		{Frequency: plan.FrequencyWeekly, Weekdays: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday}, Hour: 12, TimeZone: "Europe/Paris"},
	}
	for i, rule := range rules {
		mustSchedule(t, db, p, int64(i), rule)
	}
	n := &fakeNotifier{}
	s := newScheduler(db, n, clock, "A")

	// Monday: every reminder fires on time. Then the bot is down until Thursday 20:00 UTC.
	for _, hhmm := range []string{"07:00", "10:00", "16:30"} {
		mustTick(t, s, clock, mustTime(t, "2026-06-01T"+hhmm+":00Z"))
	}
	if _, posts, _ := n.snapshot(); len(posts) != 3 {
		t.Fatalf("%d posts on day 0, want 3", len(posts))
	}
	back := mustTime(t, "2026-06-04T20:00:00Z")
	mustTick(t, s, clock, back)
	mustTick(t, s, clock, back.Add(5*time.Second))

	_, posts, _ := n.snapshot()
	after := posts[3:]
	if len(after) != len(rules) {
		t.Fatalf("%d posts after 3 days down, want one per reminder (%d): %+v", len(after), len(rules), after)
	}
	wantDue := []string{"2026-06-04T07:00:00Z", "2026-06-04T10:00:00Z", "2026-06-04T16:30:00Z"}
	for i, p := range after {
		if got := p.Due.Format(time.RFC3339); got != wantDue[i] || !p.Late || p.Missed != 2 {
			t.Errorf("post %d: due %s late %t missed %d, want %s, late, 2 missed", i, got, p.Late, p.Missed, wantDue[i])
		}
	}
}

// TestScheduler_Snooze snoozes a reminder that fired: it fires once more,
// when the snooze ends, and never again.
func TestScheduler_Snooze(t *testing.T) {
	ctx := context.Background()
	at := mustTime(t, "2026-06-01T09:00:00Z")
	clock := testclock.New(at.Add(-time.Hour))
	db := mustOpenClockDB(t, filepath.Join(t.TempDir(), "planbot.db"), clock)
	r := mustSchedule(t, db, mustPlanIn(t, db, "C1", "UTC"), 1, plan.Rule{Frequency: plan.FrequencyOnce, At: at})
	n := &fakeNotifier{}
	s := newScheduler(db, n, clock, "A")

	mustTick(t, s, clock, at)
	rs := storage.NewReminderService(db)
	if _, err := rs.SnoozeReminder(ctx, r.ID, at.Add(-time.Minute)); plan.ErrorCode(err) != plan.EINVALID {
		t.Fatalf("snooze into the past: %v, want EINVALID", err)
	}
	got, err := rs.SnoozeReminder(ctx, r.ID, at.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got.State != plan.ReminderActive || !got.NextAt.Equal(at.Add(time.Hour)) {
		t.Fatalf("snoozed reminder: %s next %s", got.State, got.NextAt)
	}
	for _, d := range []time.Duration{59 * time.Minute, time.Hour, time.Hour + 5*time.Second, 3 * time.Hour, 48 * time.Hour} {
		mustTick(t, s, clock, at.Add(d))
	}
	_, posts, _ := n.snapshot()
	if len(posts) != 2 || posts[0].Snoozed || !posts[1].Snoozed || !posts[1].Due.Equal(at.Add(time.Hour)) {
		t.Fatalf("posts %+v, want the firing then one snoozed firing at +1h", posts)
	}
	if r, _ := rs.FindReminderByID(ctx, r.ID); r.State != plan.ReminderDone {
		t.Errorf("reminder %s after its snooze, want done", r.State)
	}
}

// TestScheduler_ChannelUnreachable: not_in_channel makes no retry loop. The
// owner is told once, the plan's reminders wait, one probe an hour tries
// again, and once the channel is fixed what waited goes out, once.
func TestScheduler_ChannelUnreachable(t *testing.T) {
	ctx := context.Background()
	at := mustTime(t, "2026-06-01T09:00:00Z")
	clock := testclock.New(at.Add(-time.Hour))
	db := mustOpenClockDB(t, filepath.Join(t.TempDir(), "planbot.db"), clock)
	p := mustPlanIn(t, db, "C1", "UTC")
	r1 := mustSchedule(t, db, p, 1, plan.Rule{Frequency: plan.FrequencyOnce, At: at})
	r2 := mustSchedule(t, db, p, 2, plan.Rule{Frequency: plan.FrequencyOnce, At: at})
	other := mustSchedule(t, db, mustPlanIn(t, db, "C2", "UTC"), 1, plan.Rule{Frequency: plan.FrequencyOnce, At: at})

	var mu sync.Mutex
	reachable := false
	n := &fakeNotifier{outcome: func(nt plan.Notice) (error, bool) {
		mu.Lock()
		defer mu.Unlock()
		if nt.Reminder.ChannelID == "C1" && !reachable {
			return &plan.DeliveryError{Reason: "not_in_channel", Unreachable: true}, false
		}
		return nil, false
	}}
	s := newScheduler(db, n, clock, "A")

	mustTick(t, s, clock, at)
	mustTick(t, s, clock, at.Add(5*time.Second))
	mustTick(t, s, clock, at.Add(30*time.Minute))
	calls, posts, dms := n.snapshot()
	// One try in C1, one post in C2; nothing more until the hour is up.
	if calls != 2 || len(posts) != 1 || posts[0].ReminderID != other.ID || len(dms) != 1 || dms[0] != "not_in_channel" {
		t.Fatalf("calls %d posts %+v dms %v; want 2 calls, the other plan's post, one DM", calls, posts, dms)
	}

	mustTick(t, s, clock, at.Add(time.Hour))
	if calls, _, dms := n.snapshot(); calls != 3 || len(dms) != 1 {
		t.Fatalf("after an hour: %d calls, %d DMs; want one probe and no new DM", calls, len(dms))
	}

	// Someone invites the bot and clicks "try again".
	mu.Lock()
	reachable = true
	mu.Unlock()
	if err := storage.NewReminderService(db).ClearChannelUnreachable(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	mustTick(t, s, clock, at.Add(time.Hour+time.Minute))
	mustTick(t, s, clock, at.Add(5*time.Hour))
	_, posts, _ = n.snapshot()
	var c1 []int64
	for _, p := range posts[1:] {
		c1 = append(c1, p.ReminderID)
		if !p.Late {
			t.Errorf("reminder %d posted an hour late but not marked late", p.ReminderID)
		}
	}
	slices.Sort(c1)
	if !slices.Equal(c1, []int64{r1.ID, r2.ID}) {
		t.Errorf("posted in C1 after the fix: %v, want each of %d and %d once", c1, r1.ID, r2.ID)
	}
}

// TestScheduler_Failures: a 429 that outlasts the notifier's own wait is
// retried after Retry-After; a request that may have posted is never
// retried.
func TestScheduler_Failures(t *testing.T) {
	at := mustTime(t, "2026-06-01T09:00:00Z")
	t.Run("RetryAfter", func(t *testing.T) {
		clock := testclock.New(at.Add(-time.Hour))
		db := mustOpenClockDB(t, filepath.Join(t.TempDir(), "planbot.db"), clock)
		r := mustSchedule(t, db, mustPlanIn(t, db, "C1", "UTC"), 1, plan.Rule{Frequency: plan.FrequencyOnce, At: at})
		first := true
		n := &fakeNotifier{outcome: func(plan.Notice) (error, bool) {
			if first {
				first = false
				return &plan.DeliveryError{Reason: "ratelimited", RetryAfter: 30 * time.Second}, false
			}
			return nil, false
		}}
		s := newScheduler(db, n, clock, "A")
		mustTick(t, s, clock, at)
		mustTick(t, s, clock, at.Add(10*time.Second))
		if calls, posts, _ := n.snapshot(); calls != 1 || len(posts) != 0 {
			t.Fatalf("before Retry-After: %d calls, %d posts", calls, len(posts))
		}
		mustTick(t, s, clock, at.Add(30*time.Second))
		mustTick(t, s, clock, at.Add(time.Hour))
		if calls, posts, _ := n.snapshot(); calls != 2 || len(posts) != 1 {
			t.Fatalf("after Retry-After: %d calls, %d posts; want 2 and 1", calls, len(posts))
		}
		// Waiting for the channel costs no attempt.
		if ds := mustDeliveries(t, db, r.ID); len(ds) != 1 || ds[0].State != plan.DeliverySent || ds[0].Attempts != 1 {
			t.Fatalf("deliveries %+v, want one sent, in one attempt", ds)
		}
	})
	t.Run("MayHavePostedIsCheckedThenSent", func(t *testing.T) {
		clock := testclock.New(at.Add(-time.Hour))
		db := mustOpenClockDB(t, filepath.Join(t.TempDir(), "planbot.db"), clock)
		r := mustSchedule(t, db, mustPlanIn(t, db, "C1", "UTC"), 1, plan.Rule{Frequency: plan.FrequencyOnce, At: at})
		var states []plan.DeliveryState
		n := &fakeNotifier{outcome: func(nt plan.Notice) (error, bool) {
			states = append(states, nt.Delivery.State)
			if len(states) == 1 {
				return &plan.DeliveryError{Reason: "http_503"}, true
			}
			return nil, false
		}}
		s := newScheduler(db, n, clock, "A")
		for _, d := range []time.Duration{0, time.Minute, time.Hour} {
			mustTick(t, s, clock, at.Add(d))
		}
		_, posts, _ := n.snapshot()
		if len(states) != 2 || states[1] != plan.DeliverySending || len(posts) != 1 || !posts[0].Checked {
			t.Fatalf("notifier saw %v and posted %+v; want the retry handed over sending, to look for it first", states, posts)
		}
		if ds := mustDeliveries(t, db, r.ID); len(ds) != 1 || ds[0].State != plan.DeliverySent {
			t.Fatalf("deliveries %+v, want one sent", ds)
		}
	})
	t.Run("NeverToldIsUncertain", func(t *testing.T) {
		clock := testclock.New(at.Add(-time.Hour))
		db := mustOpenClockDB(t, filepath.Join(t.TempDir(), "planbot.db"), clock)
		r := mustSchedule(t, db, mustPlanIn(t, db, "C1", "UTC"), 1, plan.Rule{Frequency: plan.FrequencyOnce, At: at})
		n := &fakeNotifier{outcome: func(plan.Notice) (error, bool) {
			return &plan.DeliveryError{Reason: "http_503"}, true // and Slack's history never answers
		}}
		s := newScheduler(db, n, clock, "A")
		for i := range 10 {
			mustTick(t, s, clock, at.Add(time.Duration(i)*time.Hour))
		}
		if calls, _, _ := n.snapshot(); calls != remind.DefaultMaxAttempts {
			t.Fatalf("%d calls, want %d: each retry looks for the post first", calls, remind.DefaultMaxAttempts)
		}
		if ds := mustDeliveries(t, db, r.ID); len(ds) != 1 || ds[0].State != plan.DeliveryUncertain {
			t.Fatalf("deliveries %+v, want one uncertain", ds)
		}
	})
}

// gateNotifier wraps fakeNotifier and records how many posts run at once.
// The first post waits for a second one to start, so a scheduler that
// delivers one plan at a time is caught. The wait is bounded only to end
// such a scheduler's test: on a loaded CI machine a second worker can take
// seconds to reach Notify, and that is not one plan at a time.
type gateNotifier struct {
	fakeNotifier
	mu       sync.Mutex
	inFlight int
	max      int
	second   chan struct{}
	once     sync.Once
	waited   bool
}

func (g *gateNotifier) Notify(ctx context.Context, n plan.Notice) (plan.Receipt, error) {
	g.mu.Lock()
	g.inFlight++
	if g.inFlight > g.max {
		g.max = g.inFlight
	}
	first := !g.waited
	g.waited = true
	if g.inFlight >= 2 {
		g.once.Do(func() { close(g.second) })
	}
	g.mu.Unlock()
	if first {
		select {
		case <-g.second:
		case <-ctx.Done():
		case <-time.After(time.Minute):
		}
	}
	defer func() {
		g.mu.Lock()
		g.inFlight--
		g.mu.Unlock()
	}()
	return g.fakeNotifier.Notify(ctx, n)
}

// TestScheduler_BacklogInOneTick puts 60 reminders of 12 plans due at the
// same minute, with batches of 10: one tick sends them all, once each,
// plans in parallel and each plan's reminders in order.
func TestScheduler_BacklogInOneTick(t *testing.T) {
	clock := testclock.New(mustTime(t, "2026-06-01T08:00:00Z"))
	db := mustOpenClockDB(t, filepath.Join(t.TempDir(), "planbot.db"), clock)
	at := mustTime(t, "2026-06-01T09:00:00Z")
	want := map[int64][]int64{} // plan -> reminder IDs in creation order
	for i := range 12 {
		p := mustPlanIn(t, db, fmt.Sprintf("C%02d", i), "UTC")
		for j := range 5 {
			r := mustSchedule(t, db, p, int64(i*10+j), plan.Rule{Frequency: plan.FrequencyOnce, At: at})
			want[p.ID] = append(want[p.ID], r.ID)
		}
	}
	n := &gateNotifier{second: make(chan struct{})}
	s := newScheduler(db, n, clock, "s1")
	s.BatchSize, s.Workers = 10, 4
	mustTick(t, s, clock, at)

	_, posts, _ := n.snapshot()
	if len(posts) != 60 {
		t.Fatalf("one tick posted %d reminders, want all 60", len(posts))
	}
	seen := map[int64]int{}
	planOf := map[int64]int64{}
	for p, ids := range want {
		for _, id := range ids {
			planOf[id] = p
		}
	}
	got := map[int64][]int64{}
	for _, p := range posts {
		seen[p.ReminderID]++
		got[planOf[p.ReminderID]] = append(got[planOf[p.ReminderID]], p.ReminderID)
	}
	for id, c := range seen {
		if c != 1 {
			t.Errorf("reminder %d posted %d times", id, c)
		}
	}
	for p, ids := range want {
		if !slices.Equal(got[p], ids) {
			t.Errorf("plan %d posted %v, want %v in order", p, got[p], ids)
		}
	}
	if n.max < 2 {
		t.Errorf("at most %d post in flight: plans were delivered one at a time", n.max)
	}
}

// pacedNotifier is a fakeNotifier that paces each channel as bot.Notifier
// does, on the test clock: one post a second per channel, a channel kept
// quiet for Retry-After after a 429, and PostDelay (remind.Pacer) to say how
// long a channel must still wait. A post to a channel that is not ready
// waits inside Notify, moving the clock: the time a worker would sleep
// there, which the scheduler must avoid. retryAfter, when set, answers a
// try of a reminder with a 429 instead of posting.
type pacedNotifier struct {
	fakeNotifier
	clock      *testclock.Clock
	retryAfter func(r *plan.Reminder, try int) time.Duration

	pmu    sync.Mutex
	next   map[string]time.Time
	tries  map[int64]int
	at     map[int64]time.Time // reminder -> clock time of its post
	waited time.Duration       // spent waiting inside Notify
}

func newPacedNotifier(clock *testclock.Clock) *pacedNotifier {
	return &pacedNotifier{clock: clock, next: map[string]time.Time{}, tries: map[int64]int{}, at: map[int64]time.Time{}}
}

func (p *pacedNotifier) PostDelay(channel string) time.Duration {
	p.pmu.Lock()
	defer p.pmu.Unlock()
	return p.next[channel].Sub(p.clock.Now())
}

func (p *pacedNotifier) Notify(ctx context.Context, n plan.Notice) (plan.Receipt, error) {
	ch := n.Reminder.ChannelID
	p.pmu.Lock()
	if d := p.next[ch].Sub(p.clock.Now()); d > 0 {
		p.waited += d
		p.clock.Advance(d)
	}
	now := p.clock.Now()
	p.next[ch] = now.Add(time.Second)
	try := p.tries[n.Reminder.ID]
	p.tries[n.Reminder.ID]++
	var wait time.Duration
	if p.retryAfter != nil {
		wait = p.retryAfter(n.Reminder, try)
	}
	if wait > 0 {
		p.next[ch] = now.Add(wait)
	} else {
		p.at[n.Reminder.ID] = now
	}
	p.pmu.Unlock()
	if wait > 0 {
		if err := n.Log.Posting(ctx); err != nil {
			return plan.Receipt{}, err
		}
		if err := n.Log.NotPosted(ctx); err != nil {
			return plan.Receipt{}, err
		}
		p.mu.Lock()
		p.calls++
		p.mu.Unlock()
		return plan.Receipt{}, &plan.DeliveryError{Reason: "ratelimited", RetryAfter: wait}
	}
	return p.fakeNotifier.Notify(ctx, n)
}

func (p *pacedNotifier) postedAt(id int64) (time.Time, bool) {
	p.pmu.Lock()
	defer p.pmu.Unlock()
	t, ok := p.at[id]
	return t, ok
}

// fakeAfter is Scheduler.After on the test clock: it moves the clock by d
// and fires at once.
func fakeAfter(c *testclock.Clock) func(time.Duration) <-chan time.Time {
	return func(d time.Duration) <-chan time.Time {
		c.Advance(d)
		ch := make(chan time.Time, 1)
		ch <- c.Now()
		return ch
	}
}

// TestScheduler_PacedChannelHoldsNoWorker: with one worker, a plan whose
// channel must wait a second between posts does not hold the worker: the
// other plans' reminders go out at the due time, in between, and nobody
// sleeps in the notifier.
func TestScheduler_PacedChannelHoldsNoWorker(t *testing.T) {
	at := mustTime(t, "2026-06-01T09:00:00Z")
	clock := testclock.New(at.Add(-time.Hour))
	db := mustOpenClockDB(t, filepath.Join(t.TempDir(), "planbot.db"), clock)
	once := plan.Rule{Frequency: plan.FrequencyOnce, At: at}
	busy := mustPlanIn(t, db, "C1", "UTC")
	var c1 []int64
	for i := range 3 {
		c1 = append(c1, mustSchedule(t, db, busy, int64(i+1), once).ID)
	}
	c2 := mustSchedule(t, db, mustPlanIn(t, db, "C2", "UTC"), 1, once).ID
	c3 := mustSchedule(t, db, mustPlanIn(t, db, "C3", "UTC"), 1, once).ID

	n := newPacedNotifier(clock)
	s := newScheduler(db, n, clock, "A")
	s.Workers, s.After = 1, fakeAfter(clock)
	mustTick(t, s, clock, at)

	for _, id := range []int64{c2, c3} {
		if got, ok := n.postedAt(id); !ok || !got.Equal(at) {
			t.Errorf("reminder %d of another channel posted at %s (%v), want at the due time %s", id, got, ok, at)
		}
	}
	for i, id := range c1 {
		want := at.Add(time.Duration(i) * time.Second)
		if got, ok := n.postedAt(id); !ok || !got.Equal(want) {
			t.Errorf("reminder %d of C1 posted at %s (%v), want %s: a second apart, in order", id, got, ok, want)
		}
	}
	if n.waited != 0 {
		t.Errorf("a worker waited %s inside the notifier for its channel", n.waited)
	}
	if calls, posts, _ := n.snapshot(); calls != 5 || len(posts) != 5 {
		t.Errorf("%d calls, %d posts; want 5 and 5", calls, len(posts))
	}
}

// TestScheduler_RetryAfterInTick: a 429 with a short Retry-After is sent
// again in the same tick once the channel may post, without going back to
// storage, while other plans go on; the plan's next reminder keeps its
// place after it. A long Retry-After goes back to storage, and the plan's
// other reminders wait for a later tick instead of holding this one.
func TestScheduler_RetryAfterInTick(t *testing.T) {
	at := mustTime(t, "2026-06-01T09:00:00Z")
	once := plan.Rule{Frequency: plan.FrequencyOnce, At: at}
	setup := func(t *testing.T, retryAfter time.Duration) (*storage.DB, *testclock.Clock, *pacedNotifier, *remind.Scheduler, []int64, int64) {
		clock := testclock.New(at.Add(-time.Hour))
		db := mustOpenClockDB(t, filepath.Join(t.TempDir(), "planbot.db"), clock)
		p1 := mustPlanIn(t, db, "C1", "UTC")
		c1 := []int64{mustSchedule(t, db, p1, 1, once).ID, mustSchedule(t, db, p1, 2, once).ID}
		c2 := mustSchedule(t, db, mustPlanIn(t, db, "C2", "UTC"), 1, once).ID
		n := newPacedNotifier(clock)
		n.retryAfter = func(r *plan.Reminder, try int) time.Duration {
			if r.ID == c1[0] && try == 0 {
				return retryAfter
			}
			return 0
		}
		s := newScheduler(db, n, clock, "A")
		s.Workers, s.After = 1, fakeAfter(clock)
		return db, clock, n, s, c1, c2
	}

	t.Run("Short", func(t *testing.T) {
		db, clock, n, s, c1, c2 := setup(t, 2*time.Second)
		mustTick(t, s, clock, at)
		if got, _ := n.postedAt(c2); !got.Equal(at) {
			t.Errorf("other channel posted at %s, want %s", got, at)
		}
		first, ok1 := n.postedAt(c1[0])
		second, ok2 := n.postedAt(c1[1])
		if !ok1 || !first.Equal(at.Add(2*time.Second)) || !ok2 || !second.Equal(at.Add(3*time.Second)) {
			t.Errorf("C1 posted at %s (%v) and %s (%v); want Retry-After (2s) after the due time, then a second later", first, ok1, second, ok2)
		}
		if ds := mustDeliveries(t, db, c1[0]); len(ds) != 1 || ds[0].State != plan.DeliverySent || ds[0].Attempts != 1 {
			t.Errorf("deliveries %+v, want one sent, handed out once", ds)
		}
		if calls, posts, _ := n.snapshot(); calls != 4 || len(posts) != 3 || n.waited != 0 {
			t.Errorf("%d calls, %d posts, waited %s in the notifier; want 4, 3, 0", calls, len(posts), n.waited)
		}
	})

	t.Run("StoppedWhileWaiting", func(t *testing.T) {
		db, clock, n, s, c1, _ := setup(t, 2*time.Second)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		s.After = func(time.Duration) <-chan time.Time {
			cancel() // the process stops while C1 waits for Retry-After
			return nil
		}
		clock.Set(at)
		if err := s.Tick(ctx, at); err != nil {
			t.Fatal(err)
		}
		if ds := mustDeliveries(t, db, c1[0]); len(ds) != 1 || ds[0].State != plan.DeliveryClaimed || ds[0].Reason != "scheduler stopped" {
			t.Fatalf("deliveries %+v, want one claimed, handed back", ds)
		}
		// Another scheduler sends it at once, without waiting for the lease.
		n.pmu.Lock()
		n.next = map[string]time.Time{}
		n.pmu.Unlock()
		other := newScheduler(db, n, clock, "B")
		other.After = fakeAfter(clock)
		mustTick(t, other, clock, at.Add(time.Second))
		if _, ok := n.postedAt(c1[0]); !ok {
			t.Fatal("the handed-back delivery was not sent by the next scheduler")
		}
		if ds := mustDeliveries(t, db, c1[0]); len(ds) != 1 || ds[0].State != plan.DeliverySent || ds[0].ClaimedBy != "B" {
			t.Errorf("deliveries %+v, want one sent by B", ds)
		}
	})

	t.Run("Long", func(t *testing.T) {
		db, clock, n, s, c1, c2 := setup(t, time.Minute)
		mustTick(t, s, clock, at)
		if got := clock.Now(); got.Sub(at) >= time.Minute {
			t.Fatalf("the tick waited until %s for a long Retry-After", got)
		}
		if _, ok := n.postedAt(c2); !ok {
			t.Error("the other channel's reminder was not posted")
		}
		if _, ok := n.postedAt(c1[1]); ok {
			t.Fatal("C1's second reminder posted before its first")
		}
		if ds := mustDeliveries(t, db, c1[0]); len(ds) != 1 || ds[0].State != plan.DeliveryClaimed || ds[0].Reason != "ratelimited" {
			t.Fatalf("deliveries %+v, want one claimed, back in storage", ds)
		}
		mustTick(t, s, clock, at.Add(61*time.Second))
		first, ok1 := n.postedAt(c1[0])
		second, ok2 := n.postedAt(c1[1])
		if !ok1 || !ok2 || !first.Before(second) {
			t.Fatalf("C1 posted at %s (%v) and %s (%v); want both, in order", first, ok1, second, ok2)
		}
		if ds := mustDeliveries(t, db, c1[0]); len(ds) != 1 || ds[0].State != plan.DeliverySent || ds[0].Attempts != 1 {
			t.Errorf("deliveries %+v, want one sent, in one attempt: waiting for the channel costs none", ds)
		}
	})
}
