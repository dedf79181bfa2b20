package bot

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/bot/slackcall"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/plan"
)

// testNoticeKind is a reminder kind rendered by a fixed message, so the
// notifier's tests need no experiment or engagement service.
const testNoticeKind plan.ReminderKind = "notifier_test"

// registerTestNotice adds the renderer of testNoticeKind to the table of
// routes.go, once.
var registerTestNotice = sync.OnceFunc(func() {
	reminderRenderers[testNoticeKind] = func(n *Notifier, ctx context.Context, p *plan.Plan, r *plan.Reminder, d *plan.Delivery) (reminderPost, error) {
		if r.SubjectID == 0 {
			return reminderPost{Skip: "nothing to say"}, nil
		}
		return reminderPost{Text: "reminder " + Escape(string(r.Kind)), Blocks: []slack.Block{
			slack.NewSectionBlock(mrkdwn("reminder"), nil, nil),
		}, ThreadTS: r.ThreadTS}, nil
	}
})

// stubPlans serves FindPlanByID from a map; other methods are not used.
type stubPlans struct {
	plan.PlanService
	plans map[int64]*plan.Plan
}

func (s stubPlans) FindPlanByID(ctx context.Context, id int64) (*plan.Plan, error) {
	if p, ok := s.plans[id]; ok {
		return p, nil
	}
	return nil, plan.Errorf(plan.ENOTFOUND, "plan not found")
}

// paceClock is a fake clock that only Sleep moves; it records each sleep.
type paceClock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

func (c *paceClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *paceClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slept = append(c.slept, d)
	c.now = c.now.Add(d)
	return nil
}

func (c *paceClock) total() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	var t time.Duration
	for _, d := range c.slept {
		t += d
	}
	return t
}

// attempts is an AttemptLog recording the pace clock at each call.
type attempts struct {
	clock     *paceClock
	posting   []time.Time
	notPosted int
	refuse    error // returned by Posting, as when another scheduler took over
}

func (a *attempts) Posting(ctx context.Context) error {
	if a.refuse != nil {
		return a.refuse
	}
	a.posting = append(a.posting, a.clock.Now())
	return nil
}

func (a *attempts) NotPosted(ctx context.Context) error {
	a.notPosted++
	return nil
}

// notifierFixture is a Notifier on a fakeslack workspace with a channel the
// bot is in (C1), one it is not in (CNOBOT) and one archived (CARCH).
type notifierFixture struct {
	srv   *fakeslack.Server
	n     *Notifier
	clock *paceClock
	plans map[int64]*plan.Plan
}

func newNotifierFixture(t *testing.T) *notifierFixture {
	t.Helper()
	return newLimitedNotifierFixture(t, 0)
}

// newLimitedNotifierFixture is newNotifierFixture with fakeslack's limit of
// one chat.postMessage per limit per channel, on the notifier's pace clock.
func newLimitedNotifierFixture(t *testing.T, limit time.Duration) *notifierFixture {
	t.Helper()
	registerTestNotice()
	clock := &paceClock{now: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)}
	srv, err := fakeslack.Start(fakeslack.Options{PostRateLimit: limit, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	srv.AddUser(fakeslack.User{ID: "UOWNER", Name: "owner", Locale: "en-US", TZ: "UTC"})
	srv.AddUser(fakeslack.User{ID: "UBOSS", Name: "boss", Locale: "fr-FR", TZ: "Europe/Paris"})
	srv.AddChannel(fakeslack.Channel{ID: "C1", Name: "social", IsMember: true})
	srv.AddChannel(fakeslack.Channel{ID: "C2", Name: "client-b", IsMember: true})
	srv.AddChannel(fakeslack.Channel{ID: "CNOBOT", Name: "no-bot"})
	srv.AddChannel(fakeslack.Channel{ID: "CARCH", Name: "old", IsMember: true, IsArchived: true})
	plans := map[int64]*plan.Plan{
		1: {ID: 1, ChannelID: "C1", TimeZone: "UTC", Language: "en"},
		2: {ID: 2, ChannelID: "C2", TimeZone: "UTC", Language: "en"},
		3: {ID: 3, ChannelID: "CNOBOT", TimeZone: "UTC", Language: "en", Owners: []string{"UBOSS", "UOWNER"}},
		4: {ID: 4, ChannelID: "CARCH", TimeZone: "UTC", Language: "fr"},
	}
	n := &Notifier{
		Calls: &slackcall.Client{API: slack.New("xoxb-test", slack.OptionAPIURL(srv.APIURL())), Now: clock.Now, Sleep: clock.Sleep},
		Plans: stubPlans{plans: plans},
		Now:   func() time.Time { return time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC) },
	}
	return &notifierFixture{srv: srv, n: n, clock: clock, plans: plans}
}

func (f *notifierFixture) notify(t *testing.T, planID int64) (plan.Receipt, error, *attempts) {
	t.Helper()
	r := &plan.Reminder{ID: planID * 10, PlanID: planID, Kind: testNoticeKind, SubjectID: 1, ChannelID: f.plans[planID].ChannelID, OwnerID: "UOWNER"}
	log := &attempts{clock: f.clock}
	rc, err := f.n.Notify(context.Background(), plan.Notice{Reminder: r, Delivery: &plan.Delivery{}, Log: log})
	return rc, err, log
}

func mustDeliveryError(t *testing.T, err error) *plan.DeliveryError {
	t.Helper()
	var de *plan.DeliveryError
	if !errors.As(err, &de) {
		t.Fatalf("err = %v, want a *plan.DeliveryError", err)
	}
	return de
}

// TestNotifier_RateLimitGoesBackToScheduler: a 429 posts nothing; the
// notifier does not wait in place (a worker would wait with it) but hands
// the delivery back at once, keeps the channel quiet for Retry-After and
// says so to the scheduler (PostDelay). The scheduler's next try posts
// exactly one message, after Retry-After.
func TestNotifier_RateLimitGoesBackToScheduler(t *testing.T) {
	f := newNotifierFixture(t)
	f.srv.InjectFault("chat.postMessage", fakeslack.Fault{Status: http.StatusTooManyRequests, RetryAfter: 3})
	_, err, log := f.notify(t, 1)
	de := mustDeliveryError(t, err)
	if de.Reason != "ratelimited" || de.RetryAfter != 3*time.Second || de.Unreachable {
		t.Fatalf("error %+v, want ratelimited, retry after 3s", de)
	}
	if n := len(f.srv.Calls("chat.postMessage")); n != 1 || log.notPosted != 1 || len(log.posting) != 1 {
		t.Fatalf("%d calls, %d not posted, %d posting; want 1, 1, 1", n, log.notPosted, len(log.posting))
	}
	if slept := f.clock.total(); slept != 0 {
		t.Fatalf("slept %s in place, want 0", slept)
	}
	if d := f.n.PostDelay("C1"); d != 3*time.Second {
		t.Fatalf("PostDelay(C1) = %s, want Retry-After, 3s", d)
	}
	if d := f.n.PostDelay("C2"); d > 0 {
		t.Fatalf("PostDelay(C2) = %s: another channel waits for C1's 429", d)
	}

	// The scheduler waits for the channel (holding no worker), then tries
	// again.
	_ = f.clock.Sleep(context.Background(), f.n.PostDelay("C1"))
	rc, err, log2 := f.notify(t, 1)
	if err != nil {
		t.Fatal(err)
	}
	if calls := f.srv.Calls("chat.postMessage"); len(calls) != 2 || calls[0].Status != 429 || calls[1].Status != 200 {
		t.Fatalf("%d calls to chat.postMessage, want a 429 then a 200", len(calls))
	}
	if msgs := f.srv.Messages("C1"); len(msgs) != 1 || msgs[0].TS != rc.TS || rc.ChannelID != "C1" {
		t.Fatalf("messages %+v, receipt %+v; want one, with the receipt's ts", msgs, rc)
	}
	if gap := log2.posting[0].Sub(log.posting[0]); gap < 3*time.Second {
		t.Errorf("second request %s after the 429, want at least Retry-After (3s)", gap)
	}
}

// TestNotifier_DirectMessageWaitsRetryAfter: a direct message to an owner
// has no scheduler to retry it: after 429s it waits Retry-After in place
// and is sent once; a Retry-After longer than MaxRetryAfter gives up.
func TestNotifier_DirectMessageWaitsRetryAfter(t *testing.T) {
	f := newNotifierFixture(t)
	f.srv.InjectFault("chat.postMessage", fakeslack.Fault{Status: http.StatusTooManyRequests, RetryAfter: 2, Times: 2})
	r := &plan.Reminder{ID: 1, PlanID: 1, Kind: testNoticeKind, ChannelID: "C1", OwnerID: "UOWNER"}
	if err := f.n.ChannelUnreachable(context.Background(), r, "not_in_channel"); err != nil {
		t.Fatal(err)
	}
	if calls := f.srv.Calls("chat.postMessage"); len(calls) != 3 || calls[0].Status != 429 || calls[1].Status != 429 || calls[2].Status != 200 {
		t.Fatalf("%d calls, want two 429s then a 200", len(calls))
	}
	if slept := f.clock.total(); slept < 4*time.Second {
		t.Errorf("slept %s, want at least twice Retry-After, 4s", slept)
	}

	f.srv.InjectFault("chat.postMessage", fakeslack.Fault{Status: http.StatusTooManyRequests, RetryAfter: 60})
	err := f.n.ChannelUnreachable(context.Background(), r, "not_in_channel")
	if de := mustDeliveryError(t, err); de.Reason != "ratelimited" || de.RetryAfter < 55*time.Second {
		t.Fatalf("error %v, want ratelimited for a minute", err)
	}
	if n := len(f.srv.Messages("DOWNER")); n != 1 {
		t.Fatalf("%d DMs, want the first one only", n)
	}
}

func TestNotifier_LongRetryAfterIsNotWaitedInPlace(t *testing.T) {
	f := newNotifierFixture(t)
	f.srv.InjectFault("chat.postMessage", fakeslack.Fault{Status: http.StatusTooManyRequests, RetryAfter: 120})
	_, err, _ := f.notify(t, 1)
	if de := mustDeliveryError(t, err); de.RetryAfter != 120*time.Second {
		t.Fatalf("error %+v, want a retry after 120s", de)
	}
	if n := len(f.srv.Calls("chat.postMessage")); n != 1 || f.clock.total() >= 120*time.Second {
		t.Fatalf("%d calls, slept %s; want one call and no long sleep", n, f.clock.total())
	}
}

// TestNotifier_Unreachable: not_in_channel, channel_not_found and
// is_archived are not retried, and the owners are told by DM.
func TestNotifier_Unreachable(t *testing.T) {
	tests := []struct {
		name   string
		planID int64
		reason string
	}{
		{name: "NotInChannel", planID: 3, reason: "not_in_channel"},
		{name: "Archived", planID: 4, reason: "is_archived"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newNotifierFixture(t)
			r := &plan.Reminder{ID: 1, PlanID: tt.planID, Kind: testNoticeKind, SubjectID: 1, ChannelID: f.plans[tt.planID].ChannelID, OwnerID: "UOWNER"}
			log := &attempts{clock: f.clock}
			_, err := f.n.Notify(context.Background(), plan.Notice{Reminder: r, Delivery: &plan.Delivery{}, Log: log})
			de := mustDeliveryError(t, err)
			if !de.Unreachable || de.Reason != tt.reason || de.RetryAfter != 0 || log.notPosted != 1 {
				t.Fatalf("error %+v, not posted %d; want unreachable %s, told not posted", de, log.notPosted, tt.reason)
			}
			if n := len(f.srv.Calls("chat.postMessage")); n != 1 {
				t.Fatalf("%d calls, want 1: no retry", n)
			}
			if err := f.n.ChannelUnreachable(context.Background(), r, de.Reason); err != nil {
				t.Fatal(err)
			}
			want := map[string]bool{"DOWNER": true}
			for _, o := range f.plans[tt.planID].Owners {
				want["D"+o[1:]] = true
			}
			got := map[string]bool{}
			for _, m := range f.srv.Messages("") {
				got[m.Channel] = true
				blocks := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">").Replace(string(m.Blocks))
				if !strings.Contains(blocks, ActionChannelRetry) || !strings.Contains(blocks, "<#"+r.ChannelID+">") {
					t.Errorf("DM %s lacks the channel or the retry button: %s", m.Channel, m.Blocks)
				}
			}
			if len(got) != len(want) {
				t.Fatalf("DMs to %v, want one to each of %v", got, want)
			}
			for ch := range want {
				if !got[ch] {
					t.Errorf("no DM in %s", ch)
				}
			}
		})
	}
}

// TestNotifier_ServerErrorChecked: after a 5xx chat.postMessage may have
// posted: the notifier looks for the delivery's key in the channel's
// history, and posts again only when it is not there. Posted once either
// way, and the log is told the truth.
func TestNotifier_ServerErrorChecked(t *testing.T) {
	for _, tt := range []struct {
		name             string
		fault            fakeslack.Fault
		posting, notPost int
	}{
		{"NotPosted", fakeslack.Fault{Status: http.StatusServiceUnavailable}, 2, 1},
		{"Posted", fakeslack.Fault{Status: http.StatusServiceUnavailable, AfterEffect: true}, 1, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newNotifierFixture(t)
			f.srv.InjectFault("chat.postMessage", tt.fault)
			rc, err, log := f.notify(t, 1)
			if err != nil {
				t.Fatal(err)
			}
			msgs := f.srv.Messages("C1")
			if len(msgs) != 1 || msgs[0].TS != rc.TS {
				t.Fatalf("%d messages, receipt %+v; want one, the receipt's", len(msgs), rc)
			}
			if len(log.posting) != tt.posting || log.notPosted != tt.notPost {
				t.Errorf("posting %d, not posted %d; want %d, %d", len(log.posting), log.notPosted, tt.posting, tt.notPost)
			}
			if !strings.Contains(string(msgs[0].Metadata.EventPayload), "reminder:10:") {
				t.Errorf("metadata %s, want the delivery key", msgs[0].Metadata.EventPayload)
			}
		})
	}
	t.Run("TakenOverWhileSending", func(t *testing.T) {
		// A process died after posting: the next one finds the post.
		f := newNotifierFixture(t)
		r := &plan.Reminder{ID: 10, PlanID: 1, Kind: testNoticeKind, SubjectID: 1, ChannelID: "C1"}
		d := &plan.Delivery{Occurrence: plan.Occurrence{Key: "2026-06-01T09:00:00Z"}}
		first, err := f.n.Notify(context.Background(), plan.Notice{Reminder: r, Delivery: d, Log: &attempts{clock: f.clock}})
		if err != nil {
			t.Fatal(err)
		}
		d.State = plan.DeliverySending
		log := &attempts{clock: f.clock}
		again, err := f.n.Notify(context.Background(), plan.Notice{Reminder: r, Delivery: d, Log: log})
		if err != nil || again.TS != first.TS || len(f.srv.Messages("C1")) != 1 || len(log.posting) != 0 {
			t.Fatalf("receipt %+v (first %+v), %v, %d messages, %d requests; want the first found, nothing posted",
				again, first, err, len(f.srv.Messages("C1")), len(log.posting))
		}
	})
}

func TestNotifier_OtherOutcomes(t *testing.T) {
	t.Run("SlackErrorIsNotPostedAndFinal", func(t *testing.T) {
		f := newNotifierFixture(t)
		f.srv.InjectFault("chat.postMessage", fakeslack.Fault{Error: "invalid_blocks"})
		_, err, log := f.notify(t, 1)
		if de := mustDeliveryError(t, err); de.Reason != "invalid_blocks" || de.Unreachable || de.RetryAfter != 0 || log.notPosted != 1 {
			t.Fatalf("error %+v, not posted %d", de, log.notPosted)
		}
	})
	t.Run("TakenOverSendsNothing", func(t *testing.T) {
		f := newNotifierFixture(t)
		r := &plan.Reminder{ID: 1, PlanID: 1, Kind: testNoticeKind, SubjectID: 1, ChannelID: "C1"}
		taken := plan.Errorf(plan.ECONFLICT, "taken over")
		_, err := f.n.Notify(context.Background(), plan.Notice{Reminder: r, Delivery: &plan.Delivery{}, Log: &attempts{clock: f.clock, refuse: taken}})
		if !errors.Is(err, taken) || len(f.srv.Calls("chat.postMessage")) != 0 {
			t.Fatalf("err %v, %d calls; want the refusal and no call", err, len(f.srv.Calls("chat.postMessage")))
		}
	})
	t.Run("SkipPostsNothing", func(t *testing.T) {
		f := newNotifierFixture(t)
		r := &plan.Reminder{ID: 1, PlanID: 1, Kind: testNoticeKind, ChannelID: "C1"}
		rc, err := f.n.Notify(context.Background(), plan.Notice{Reminder: r, Delivery: &plan.Delivery{}, Log: &attempts{clock: f.clock}})
		if err != nil || !rc.Skipped || rc.Reason != "nothing to say" || len(f.srv.Calls("chat.postMessage")) != 0 {
			t.Fatalf("receipt %+v, %v", rc, err)
		}
	})
	t.Run("ThreadTS", func(t *testing.T) {
		f := newNotifierFixture(t)
		r := &plan.Reminder{ID: 1, PlanID: 1, Kind: testNoticeKind, SubjectID: 1, ChannelID: "C1", ThreadTS: "1700000000.000001"}
		if _, err := f.n.Notify(context.Background(), plan.Notice{Reminder: r, Delivery: &plan.Delivery{}, Log: &attempts{clock: f.clock}}); err != nil {
			t.Fatal(err)
		}
		if msgs := f.srv.Messages("C1"); len(msgs) != 1 || msgs[0].ThreadTS != r.ThreadTS {
			t.Fatalf("messages %+v, want one in the thread", msgs)
		}
	})
}

// TestNotifier_PacesEachChannel: posts to one channel are a second apart;
// another channel does not wait for them.
func TestNotifier_PacesEachChannel(t *testing.T) {
	f := newNotifierFixture(t)
	var logs []*attempts
	for _, planID := range []int64{1, 1, 2, 1} {
		_, err, log := f.notify(t, planID)
		if err != nil {
			t.Fatal(err)
		}
		logs = append(logs, log)
	}
	at := func(i int) time.Time { return logs[i].posting[0] }
	if at(1).Sub(at(0)) < time.Second || at(3).Sub(at(1)) < time.Second {
		t.Errorf("posts to C1 at %s, %s, %s: want a second apart", at(0), at(1), at(3))
	}
	if at(2).After(at(1)) {
		t.Errorf("the post to C2 waited for C1: at %s", at(2))
	}
	if got := f.clock.total(); got != 2*time.Second {
		t.Errorf("slept %s, want 2s in all", got)
	}
	if n := len(f.srv.Messages("")); n != 4 {
		t.Errorf("%d messages, want 4", n)
	}
}

// TestNotifier_PacesFromTheAnswer: the first post is slow to leave (a
// durable write before it takes 300 ms): the second still reaches Slack a
// full second after the first, so a limit that allows no burst (fakeslack's,
// on the same clock) never answers 429. Pacing from the time a slot was
// booked would send the second 700 ms after the first.
func TestNotifier_PacesFromTheAnswer(t *testing.T) {
	f := newLimitedNotifierFixture(t, time.Second)
	slowFirst := &slowAttempts{attempts: attempts{clock: f.clock}, delay: 300 * time.Millisecond}
	r := &plan.Reminder{ID: 10, PlanID: 1, Kind: testNoticeKind, SubjectID: 1, ChannelID: "C1", OwnerID: "UOWNER"}
	if _, err := f.n.Notify(context.Background(), plan.Notice{Reminder: r, Delivery: &plan.Delivery{}, Log: slowFirst}); err != nil {
		t.Fatal(err)
	}
	if d := f.n.PostDelay("C1"); d != time.Second {
		t.Fatalf("PostDelay(C1) right after the answer = %s, want 1s", d)
	}
	for range 3 {
		if _, err, _ := f.notify(t, 1); err != nil {
			t.Fatalf("post refused: %v", err)
		}
	}
	calls := f.srv.Calls("chat.postMessage")
	for i, c := range calls {
		if c.Status != http.StatusOK {
			t.Fatalf("call %d answered %d", i, c.Status)
		}
	}
	if n := f.srv.RateLimited(); n != 0 || len(calls) != 4 {
		t.Fatalf("%d calls, %d rate limited; want 4 and 0", len(calls), n)
	}
	if got, want := f.clock.total(), 3*time.Second; got != want {
		t.Errorf("slept %s, want %s: one interval after each answer", got, want)
	}
}

// slowAttempts is an AttemptLog whose first Posting takes delay on the
// pace clock, as a slow durable write would.
type slowAttempts struct {
	attempts
	delay time.Duration
}

func (a *slowAttempts) Posting(ctx context.Context) error {
	if len(a.posting) == 0 {
		a.clock.mu.Lock()
		a.clock.now = a.clock.now.Add(a.delay)
		a.clock.mu.Unlock()
	}
	return a.attempts.Posting(ctx)
}
