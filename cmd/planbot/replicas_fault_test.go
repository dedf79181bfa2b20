package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// The replica fault test of issue 13: three planbot processes on one
// PostgreSQL database against fakeslack, which spreads the envelopes
// across their three sockets; a burst of commands, form submissions and
// events while reminders fall due; one replica killed with SIGKILL in the
// middle. Every acked submission must be stored, every event handled (once,
// but for an event the killed replica may have handled before it could
// mark it done), every reminder posted once, nothing lost.
//
// It waits on fakeslack's calls and on the database, never on sleeps, and
// is bounded by contexts. The lease of the replicas is 10 s, so that the
// killed replica's claims go to the others within the test's time.

// faultLease is PLANBOT_LEASE of the replicas.
const faultLease = 10 * time.Second

// remTeam is the team of the plans whose reminders fall due.
const remTeam = "T0REMIND"

// faultReminders prepares n engagement items across the plans of
// channels, in the database dsn, each with its overdue reminder due at
// from + i × spread / n, and returns the channels. It uses the storage
// package as the bot does, from the test's process.
func faultReminders(t *testing.T, dsn string, channels []string, n int, from time.Time, spread time.Duration) {
	t.Helper()
	ctx := context.Background()
	db := storage.NewDB(dsn)
	if err := db.Open(); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	plans := storage.NewPlanService(db)
	engagement := storage.NewEngagementService(db)
	ids := make([]int64, len(channels))
	for i, ch := range channels {
		p, err := plans.EnsurePlan(ctx, plan.Plan{TeamID: remTeam, ChannelID: ch, Name: "fault " + ch, TimeZone: "UTC", Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = p.ID
		// No daily digest: only the overdue reminders fall due.
		if _, err := engagement.SetDigest(ctx, p.ID, false, plan.DefaultDigestHour, 0, remOwner); err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		it := &plan.EngagementItem{
			PlanID: ids[i%len(ids)], Network: plan.NetworkX, Author: "follower",
			Excerpt: fmt.Sprintf("fault reminder %d", i), Kind: plan.EngagementQuestion,
			OwnerID: remOwner, Due: from.Add(time.Duration(i) * spread / time.Duration(n)), CreatedBy: remOwner,
		}
		if err := engagement.CreateEngagementItem(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
}

// remOwner owns the engagement items.
const remOwner = "UREMOWNER"

// postLog records the successful chat.postMessage calls of fakeslack, by
// channel, as they happen.
type postLog struct {
	mu      sync.Mutex
	posts   map[string][]string // channel -> message ts, in order
	total   atomic.Int64
	changed chan struct{}
}

func watchPosts(srv *fakeslack.Server, prefix string) (*postLog, func()) {
	l := &postLog{posts: map[string][]string{}, changed: make(chan struct{})}
	feed, cancel := srv.Subscribe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for c := range feed {
			if c.Method != "chat.postMessage" || c.Status != 200 || !strings.HasPrefix(c.Params.Get("channel"), prefix) {
				continue
			}
			var r struct {
				OK bool   `json:"ok"`
				TS string `json:"ts"`
			}
			if json.Unmarshal(c.Response, &r) != nil || !r.OK {
				continue
			}
			l.mu.Lock()
			l.posts[c.Params.Get("channel")] = append(l.posts[c.Params.Get("channel")], r.TS)
			close(l.changed)
			l.changed = make(chan struct{})
			l.mu.Unlock()
			l.total.Add(1)
		}
	}()
	return l, func() { cancel(); <-done }
}

// waitTotal waits until at least n posts were seen, or ctx ends.
func (l *postLog) waitTotal(ctx context.Context, n int) error {
	for {
		l.mu.Lock()
		ch := l.changed
		l.mu.Unlock()
		if l.total.Load() >= int64(n) {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("%d posts of %d: %w", l.total.Load(), n, ctx.Err())
		}
	}
}

// pollUntil checks cond against the database every interval until it
// holds or ctx ends. The replicas' state is in the database, which tells
// no one when it changes: this is the one wait that polls.
func pollUntil(ctx context.Context, interval time.Duration, cond func() (bool, string)) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		ok, state := cond()
		if ok {
			return nil
		}
		select {
		case <-t.C:
		case <-ctx.Done():
			return fmt.Errorf("%s: %w", state, ctx.Err())
		}
	}
}

func TestReplicas_KillOneOfThree(t *testing.T) {
	storagetest.Postgres.Require(t)
	bin := buildPlanbot(t)
	dsn := storagetest.Postgres.DSN(t)
	srv, err := fakeslack.Start(fakeslack.Options{AckTimeout: 2 * time.Second, OnBreach: breachFails(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	events, flows := burstSize(500, 150), burstSize(250, 75) // 2 envelopes per flow
	nRem, nChan := burstSize(2000, 400), burstSize(200, 40)
	total := events + flows
	for i := range events {
		srv.AddUser(fakeslack.User{ID: fmt.Sprintf("UFE%04d", i), Name: fmt.Sprintf("fe%d", i), Locale: "en-US", TZ: "UTC"})
	}
	for i := range flows {
		user := fmt.Sprintf("UFL%04d", i)
		srv.AddUser(fakeslack.User{ID: user, Name: fmt.Sprintf("fl%d", i), Locale: "en-US", TZ: "UTC"})
		srv.AddChannel(fakeslack.Channel{ID: fmt.Sprintf("CFL%04d", i), Name: fmt.Sprintf("fl-%d", i), IsMember: true, Members: []string{user}})
	}
	srv.AddUser(fakeslack.User{ID: remOwner, Name: "owner", Locale: "en-US", TZ: "UTC"})
	channels := make([]string, nChan)
	for i := range channels {
		channels[i] = fmt.Sprintf("CRM%04d", i)
		srv.AddChannel(fakeslack.Channel{ID: channels[i], Name: fmt.Sprintf("rem-%d", i), IsMember: true, Members: []string{remOwner}})
	}

	// The reminders fall due over 10 s from a little after the replicas
	// are up, while the burst runs.
	prep := time.Now()
	dueFrom := prep.Add(8 * time.Second).Truncate(time.Second)
	faultReminders(t, dsn, channels, nRem, dueFrom, 10*time.Second)
	posts, stopPosts := watchPosts(srv, "CRM")
	defer stopPosts()

	env := []string{"PLANBOT_LEASE=" + faultLease.String()}
	reps := []*replica{
		startReplica(t, bin, srv, dsn, "r1", env...),
		startReplica(t, bin, srv, dsn, "r2", env...),
		startReplica(t, bin, srv, dsn, "r3", env...),
	}
	victim := reps[1]
	t.Logf("prepared %d reminders across %d channels in %v; 3 replicas up %v before the first is due",
		nRem, nChan, time.Since(prep).Round(time.Millisecond), time.Until(dueFrom).Round(time.Millisecond))

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		saved     []string
		outcomes  = map[flowOutcome]int{}
		eventErrs []error
		sem       = make(chan struct{}, 48)
	)
	ev, fl := 0, 0
	for i := range total {
		if i == total/2 {
			// In the middle of the burst, and while reminders go out.
			if err := posts.waitTotal(ctx, nRem/4); err != nil {
				t.Fatalf("reminders before the kill: %v", err)
			}
			victim.kill9(t)
			t.Logf("killed %s after %d envelopes sent and %d reminders posted", victim.ID, i, posts.total.Load())
		}
		sem <- struct{}{}
		if (i%3 != 2 || fl == flows) && ev < events {
			id, user := fmt.Sprintf("EvRep%04d", ev), fmt.Sprintf("UFE%04d", ev)
			ev++
			wg.Go(func() {
				defer func() { <-sem }()
				if _, err := srv.SendEvent(ctx, id, appHomeOpened(user), 0); err != nil {
					mu.Lock()
					eventErrs = append(eventErrs, fmt.Errorf("%s: %w", id, err))
					mu.Unlock()
				}
			})
			continue
		}
		n := fl
		fl++
		wg.Go(func() {
			defer func() { <-sem }()
			title := fmt.Sprintf("Replica goal %04d", n)
			out, _ := goalFlow(ctx, srv, burstTeam, fmt.Sprintf("UFL%04d", n), fmt.Sprintf("CFL%04d", n), title)
			mu.Lock()
			defer mu.Unlock()
			outcomes[out]++
			if out == flowSaved {
				saved = append(saved, title)
			}
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		t.Fatalf("burst did not finish in time: %v", ctx.Err())
	}
	t.Logf("%d events, %d goal flows: %d saved, %d refused, %d without modal, %d lost with the killed replica",
		events, flows, outcomes[flowSaved], outcomes[flowRefused], outcomes[flowNoModal], outcomes[flowLost])

	// Let the survivors finish: every reminder claimed and in a final
	// state, every event done. The killed replica's claims come back when
	// their lease ends.
	pg, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	eventIDs := make([]string, events)
	for i := range eventIDs {
		eventIDs[i] = fmt.Sprintf("EvRep%04d", i)
	}
	if err := pollUntil(ctx, 500*time.Millisecond, func() (bool, string) {
		var deliveries, open, handling int
		err := pg.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(*) FILTER (WHERE state IN ('claimed', 'sending')) FROM reminder_deliveries`).Scan(&deliveries, &open)
		if err == nil {
			err = pg.QueryRowContext(ctx, `SELECT COUNT(*) FROM processed_events WHERE state = 'handling' AND event_id LIKE 'EvRep%'`).Scan(&handling)
		}
		state := fmt.Sprintf("%d of %d reminders claimed, %d not final; %d events still being handled; %v", deliveries, nRem, open, handling, err)
		return err == nil && deliveries == nRem && open == 0 && handling == 0, state
	}); err != nil {
		t.Fatalf("the survivors did not finish: %v", err)
	}
	// Stopped, their handlers drained: what Slack received is final.
	reps[0].stop(t, 30*time.Second)
	reps[2].stop(t, 30*time.Second)
	stopPosts()

	// Envelopes went to every socket, the killed one's included.
	perConn := map[int]int{}
	for _, d := range srv.Deliveries() {
		perConn[d.ConnID]++
	}
	for _, r := range reps {
		if perConn[r.Conn] == 0 {
			t.Errorf("replica %s (connection %d) got no envelope: %v", r.ID, r.Conn, perConn)
		}
	}

	// Every acked submission is stored.
	for _, e := range eventErrs {
		t.Errorf("event never acked, through Slack's retries: %v", e)
	}
	if outcomes[flowRefused] > 0 {
		t.Errorf("%d valid goals refused", outcomes[flowRefused])
	}
	if outcomes[flowSaved] < flows/2 {
		t.Errorf("only %d of %d goal flows saved", outcomes[flowSaved], flows)
	}
	stored := map[string]bool{}
	rows, err := pg.QueryContext(ctx, `SELECT title FROM goals`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var title string
		if err := rows.Scan(&title); err != nil {
			t.Fatal(err)
		}
		stored[title] = true
	}
	rows.Close()
	for _, title := range saved {
		if !stored[title] {
			t.Errorf("acked decision %q not stored", title)
		}
	}

	// Every event handled: done in the inbox, its Home published. Once,
	// but an event taken over from the killed replica may have had its
	// Home published by it before it died.
	attempts := map[string]int{}
	rows, err = pg.QueryContext(ctx, `SELECT event_id, state, attempts FROM processed_events WHERE event_id LIKE 'EvRep%'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, state string
		var n int
		if err := rows.Scan(&id, &state, &n); err != nil {
			t.Fatal(err)
		}
		if state != "done" {
			t.Errorf("event %s ended %s", id, state)
		}
		attempts[id] = n
	}
	rows.Close()
	published := map[string]int{}
	for _, c := range srv.Calls("views.publish") {
		if strings.Contains(string(c.Response), `"ok":true`) {
			published[c.Params.Get("user_id")]++
		}
	}
	takenOver, twice := 0, 0
	for i, id := range eventIDs {
		user := fmt.Sprintf("UFE%04d", i)
		n, ok := attempts[id]
		switch {
		case !ok:
			t.Errorf("event %s never claimed", id)
		case published[user] == 0:
			t.Errorf("event %s handled, but no Home published to %s", id, user)
		case n > 1 && published[user] <= 2:
			takenOver++
			if published[user] == 2 {
				twice++
			}
		case published[user] != 1:
			t.Errorf("event %s (held %d times) published %d Homes, want 1", id, n, published[user])
		}
	}

	// Every reminder posted once: each delivery sent, its message in
	// Slack, and no other post in its channel. A delivery the killed
	// replica was posting when it died is uncertain: posted at most once
	// (the Slack call policy's history lookup will settle it).
	states := map[string]int{}
	sent := map[string]map[string]bool{} // channel -> ts recorded
	uncertainBy := map[string]int{}
	rows, err = pg.QueryContext(ctx, `SELECT r.channel_id, d.state, d.message_ts, d.claimed_by FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id`)
	if err != nil {
		t.Fatal(err)
	}
	uncertainIn := map[string]int{}
	for rows.Next() {
		var ch, state, ts, by string
		if err := rows.Scan(&ch, &state, &ts, &by); err != nil {
			t.Fatal(err)
		}
		states[state]++
		switch state {
		case "sent":
			if sent[ch] == nil {
				sent[ch] = map[string]bool{}
			}
			sent[ch][ts] = true
		case "uncertain":
			uncertainIn[ch]++
			uncertainBy[strings.SplitN(by, "-", 2)[0]]++
		}
	}
	rows.Close()
	if states["sent"]+states["uncertain"] != nRem {
		t.Errorf("deliveries by state %v, want %d sent (or uncertain)", states, nRem)
	}
	for who, n := range uncertainBy {
		if who != victim.ID {
			t.Errorf("%d deliveries of the live replica %s uncertain", n, who)
		}
	}
	reached := 0 // uncertain deliveries that reached Slack
	for _, ch := range channels {
		got := posts.posts[ch]
		for ts := range sent[ch] {
			if !strings.Contains(" "+strings.Join(got, " ")+" ", " "+ts+" ") {
				t.Errorf("%s: the delivery sent as %s is not in Slack", ch, ts)
			}
		}
		extra := len(got) - len(sent[ch])
		if extra < 0 || extra > uncertainIn[ch] {
			t.Errorf("%s: %d posts for %d reminders sent and %d uncertain: a reminder posted twice", ch, len(got), len(sent[ch]), uncertainIn[ch])
		}
		reached += max(0, extra)
	}
	t.Logf("reminders: %v (%d of the uncertain reached Slack); events: %d taken over from %s (%d of them published twice, by it and by the taker); envelopes per connection %v",
		states, reached, takenOver, victim.ID, twice, perConn)
}

// TestReplicas_EventTakenOver kills, with SIGKILL, the replica that acked
// an event while it is publishing the event's Home (fakeslack holds the
// answer): the other replica takes the event over once the killed one's
// lease ends and publishes the Home. Acked, so never redelivered by Slack,
// the event is handled all the same.
func TestReplicas_EventTakenOver(t *testing.T) {
	storagetest.Postgres.Require(t)
	bin := buildPlanbot(t)
	dsn := storagetest.Postgres.DSN(t)
	srv, err := fakeslack.Start(fakeslack.Options{OnBreach: breachFails(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	srv.AddUser(fakeslack.User{ID: userEN, Name: "ana", Locale: "en-US", TZ: "Europe/London"})
	env := []string{"PLANBOT_LEASE=" + faultLease.String()}
	reps := []*replica{startReplica(t, bin, srv, dsn, "r1", env...), startReplica(t, bin, srv, dsn, "r2", env...)}

	srv.InjectFault("views.publish", fakeslack.Fault{Hang: true})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ack, err := srv.SendEvent(ctx, "EvTaken", appHomeOpened(userEN), 0)
	if err != nil {
		t.Fatal(err)
	}
	var holder, other *replica
	for _, r := range reps {
		if r.Conn == ack.ConnID {
			holder = r
		} else {
			other = r
		}
	}
	if holder == nil {
		t.Fatalf("acked on connection %d, not a replica's", ack.ConnID)
	}
	// The holder is publishing: its call hangs in fakeslack.
	if _, err := srv.WaitCall(ctx, "views.publish", nil); err != nil {
		t.Fatal(err)
	}
	killedAt := time.Now()
	holder.kill9(t)

	ok := func(c fakeslack.Call) bool {
		return c.Status == 200 && c.Params.Get("user_id") == userEN && strings.Contains(string(c.Response), `"ok":true`)
	}
	if _, err := srv.WaitCall(ctx, "views.publish", ok); err != nil {
		t.Fatalf("the event was not taken over: %v", err)
	}
	took := time.Since(killedAt)
	other.stop(t, 30*time.Second)

	pg, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	var state, by string
	var attempts int
	if err := pg.QueryRowContext(ctx, `SELECT state, holder, attempts FROM processed_events WHERE event_id = 'EvTaken'`).Scan(&state, &by, &attempts); err != nil {
		t.Fatal(err)
	}
	if state != "done" || attempts != 2 || !strings.HasPrefix(by, other.ID+"-") {
		t.Errorf("event %s, held by %s, %d times; want done by %s, 2 times", state, by, attempts, other.ID)
	}
	publishes := 0
	for _, c := range srv.Calls("views.publish") {
		if ok(c) {
			publishes++
		}
	}
	if publishes != 1 {
		t.Errorf("%d Homes published, want 1", publishes)
	}
	if took < faultLease/2 {
		t.Errorf("taken over %v after the kill, before the lease of %v could end", took, faultLease)
	}
	t.Logf("acked by %s, killed while publishing; %s published the Home %v later", holder.ID, other.ID, took.Round(time.Millisecond))
}
