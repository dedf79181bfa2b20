package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/remind"
	"github.com/planbot/planbot/storage"
)

// The reminder benchmark's runs: planbot as a child process against
// fakeslack with the per-channel limit on, and the storage floor in
// process.

// runReminders is planbench -reminders.
func runReminders(ctx context.Context, o remOptions, out string, keep bool, args []string) error {
	if o.N <= 0 || o.Channels <= 0 || o.Channels > o.N {
		return errors.New("-rem-n and -rem-channels must be positive, channels at most n")
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "planbench-reminders-")
	if err != nil {
		return err
	}
	if keep {
		log.Printf("keeping %s", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	bin := filepath.Join(tmp, "planbot")
	if err := goBuild(root, bin, "./cmd/planbot"); err != nil {
		return err
	}
	started := time.Now()
	loadBefore := loadAvg()
	layout := newRemPlan(o)

	var results []*remResult
	for _, name := range o.Subjects {
		if ctx.Err() != nil {
			break
		}
		sub, err := remSubjectOf(name, o.Postgres, bin)
		if err != nil {
			return err
		}
		res := remPlanbot(ctx, o, layout, sub, tmp)
		if res.Err != "" {
			log.Printf("%s: %s", res.Name, res.Err)
		}
		results = append(results, res)
	}
	var floor *remResult
	if o.Floor && ctx.Err() == nil {
		floor = remFloor(ctx, o, layout, tmp)
		if floor.Err != "" {
			log.Printf("storage floor: %s", floor.Err)
		}
	}

	var w io.Writer = os.Stdout
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = io.MultiWriter(os.Stdout, f)
	}
	remReport(w, o, layout, args, results, floor, started, time.Since(started), loadBefore+" before, "+loadAvg()+" after")
	return ctx.Err()
}

// remSubjectOf returns the subject a -rem-subjects name stands for:
// "sqlite", planbot on a SQLite file, or "pgN", N replicas of planbot on
// one PostgreSQL database of the server pgURL.
func remSubjectOf(name, pgURL, bin string) (*subject, error) {
	if name == "sqlite" {
		s := planbotSubject(bin)
		s.Name = "planbot (SQLite)"
		return s, nil
	}
	n, err := strconv.Atoi(strings.TrimPrefix(name, "pg"))
	if !strings.HasPrefix(name, "pg") || err != nil || n < 1 || n > 10 {
		return nil, fmt.Errorf("bad -rem-subjects entry %q: sqlite, or pgN for N replicas (1 to 10) on PostgreSQL", name)
	}
	if pgURL == "" {
		return nil, fmt.Errorf("%s needs a PostgreSQL server: -pg or %s", name, envPostgres)
	}
	return planbotPostgres(bin, fmt.Sprintf("planbot ×%d (PostgreSQL)", n), pgURL, n), nil
}

// remPlanbot prepares a database, starts the subject on it against a
// fakeslack with the limit on, and waits until every reminder is posted
// or the time is up.
func remPlanbot(ctx context.Context, o remOptions, layout remPlan, sub *subject, tmp string) *remResult {
	res := &remResult{Name: sub.Name, Replicas: sub.replicas()}
	srv, err := fakeslack.Start(fakeslack.Options{PostRateLimit: o.Limit})
	if err != nil {
		res.Err = err.Error()
		return res
	}
	defer srv.Close()
	srv.AddUser(fakeslack.User{ID: remOwner, Name: "owner", RealName: "Owner", Locale: "en-US", TZ: "UTC"})
	for _, ch := range layout.channels {
		srv.AddChannel(fakeslack.Channel{ID: ch, Name: strings.ToLower(ch), IsMember: true})
	}

	r, err := prepare(ctx, sub, tmp)
	if err != nil {
		res.Err = err.Error()
		return res
	}
	defer r.close()
	path := r.db
	t0 := time.Now()
	res.Due = t0.Add(o.Lead).Truncate(time.Second).Add(time.Second)
	if err := prepareReminders(ctx, path, layout, res.Due); err != nil {
		res.Err = "prepare: " + err.Error()
		return res
	}
	n, err := countDue(path, res.Due)
	if err != nil || n != o.N {
		res.Err = fmt.Sprintf("prepare: %d reminders due, want %d (%v)", n, o.N, err)
		return res
	}
	log.Printf("%s: prepared %d reminders across %d channels in %v, due at %s",
		sub.Name, o.N, o.Channels, time.Since(t0).Round(time.Millisecond), res.Due.UTC().Format("15:04:05"))
	startAt := res.Due.Add(-o.StartBefore)
	if time.Until(startAt) < 0 {
		res.Err = fmt.Sprintf("the preparation took %v, past the start time: raise -rem-lead (now %v)", time.Since(t0).Round(time.Second), o.Lead)
		return res
	}
	if err := sleepCtx(ctx, time.Until(startAt)); err != nil {
		res.Err = err.Error()
		return res
	}

	c, stopCollect := collect(srv)
	defer stopCollect()
	res.StartedAt = time.Now()
	if err := r.launch(ctx, srv); err != nil {
		res.Err = err.Error()
		return res
	}
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			r.stop()
		}
	}
	defer stop()
	res.Startup = r.startup
	self0, _ := procCPU(0)
	log.Printf("%s: %d connected in %v, %v before the due time; limit %v per channel",
		sub.Name, sub.replicas(), r.startup.Round(time.Millisecond), time.Until(res.Due).Round(time.Millisecond), o.Limit)

	deadline := res.Due.Add(o.Timeout)
	lastLog := time.Now()
	for int(c.count.Load()) < o.N && time.Now().Before(deadline) && ctx.Err() == nil {
		select {
		case <-r.exited:
			res.Err = fmt.Sprintf("a process exited: %v; output:\n%s", r.waitErr, r.tail())
		case <-time.After(200 * time.Millisecond):
		}
		if res.Err != "" {
			break
		}
		if time.Since(lastLog) >= 10*time.Second {
			lastLog = time.Now()
			log.Printf("%s: %d posted, %s after the due time, %d rate limited so far",
				sub.Name, c.count.Load(), time.Since(res.Due).Round(time.Second), srv.RateLimited())
		}
	}
	res.Done = int(c.count.Load()) >= o.N
	if res.Done {
		// A duplicate would come after the last first post: give it a
		// moment to show.
		_ = sleepCtx(ctx, 2*time.Second)
	}
	if res.Err == "" {
		res.CPU = r.cpu()
		_, res.Peak = r.mem()
	}
	self1, _ := procCPU(0)
	res.Harness = self1 - self0
	stop()
	stopCollect()
	c.result(res)
	res.LogCounts = logCounts(r.logPaths())
	if res.States, err = deliveryStates(path); err != nil {
		log.Printf("%s: read deliveries: %v", sub.Name, err)
	}
	if !res.Done && res.Err == "" {
		res.Err = fmt.Sprintf("%d of %d posted within %v of the due time", len(res.Posted), o.N, o.Timeout)
	}
	return res
}

// logCounts counts notable lines of planbot's logs.
func logCounts(paths []string) map[string]int {
	var b []byte
	for _, path := range paths {
		p, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		b = append(b, p...)
	}
	out := map[string]int{}
	for _, key := range []string{
		"reminder posted", "rate limited", "retrying in this tick", "will retry", "later tick",
		"may or may not have been posted", "level=ERROR", "level=WARN",
	} {
		out[key] = strings.Count(string(b), key)
	}
	return out
}

// nopNotifier succeeds at once without posting: a drain with it measures
// the scheduler and storage alone.
type nopNotifier struct {
	mu     sync.Mutex
	posted map[int]time.Time
	dups   int
	count  atomic.Int64
}

func (n *nopNotifier) Notify(ctx context.Context, notice plan.Notice) (plan.Receipt, error) {
	if err := notice.Log.Posting(ctx); err != nil {
		return plan.Receipt{}, err
	}
	now := time.Now()
	n.mu.Lock()
	key := int(notice.Reminder.ID) // distinct per reminder: all a duplicate check needs
	if _, dup := n.posted[key]; dup {
		n.dups++
	} else {
		n.posted[key] = now
	}
	n.mu.Unlock()
	n.count.Add(1)
	return plan.Receipt{ChannelID: notice.Reminder.ChannelID, TS: strconv.FormatInt(now.UnixMicro(), 10)}, nil
}

func (n *nopNotifier) ChannelUnreachable(context.Context, *plan.Reminder, string) error { return nil }

// remFloor drains the same reminders in process, with planbot's Scheduler
// (its defaults, the production DSN) and a notifier that posts nothing and
// does not pace: the cost of the scheduler and storage alone, ticking again
// at once until done instead of every 5 s.
func remFloor(ctx context.Context, o remOptions, layout remPlan, tmp string) *remResult {
	res := &remResult{Name: "storage floor"}
	dir, err := os.MkdirTemp(tmp, "floor-")
	if err != nil {
		res.Err = err.Error()
		return res
	}
	path := filepath.Join(dir, "planbot.db")
	t0 := time.Now()
	res.Due = t0.Add(o.Lead).Truncate(time.Second).Add(time.Second)
	if err := prepareReminders(ctx, path, layout, res.Due); err != nil {
		res.Err = "prepare: " + err.Error()
		return res
	}
	if err := sleepCtx(ctx, time.Until(res.Due)); err != nil {
		res.Err = err.Error()
		return res
	}
	db := storage.NewDB(path)
	if err := db.Open(); err != nil {
		res.Err = err.Error()
		return res
	}
	defer db.Close()
	n := &nopNotifier{posted: map[int]time.Time{}}
	s := &remind.Scheduler{Reminders: storage.NewReminderService(db), Notifier: n}
	self0, _ := procCPU(0)
	res.StartedAt = time.Now()
	deadline := res.Due.Add(o.Timeout)
	for idle := 0; int(n.count.Load()) < o.N && idle < 3 && time.Now().Before(deadline) && ctx.Err() == nil; {
		before := n.count.Load()
		if err := s.Tick(ctx, time.Now()); err != nil {
			res.Err = err.Error()
			break
		}
		if n.count.Load() == before {
			idle++ // nothing left that this scheduler can send
		} else {
			idle = 0
		}
	}
	self1, _ := procCPU(0)
	res.Harness = self1 - self0
	res.Done = int(n.count.Load()) >= o.N
	// Number the posts 0..N-1 in reminder ID order: IDs follow creation
	// order, which is all the report needs of them.
	ids := make([]int, 0, len(n.posted))
	for id := range n.posted {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	res.Posted = map[int]time.Time{}
	for i, id := range ids {
		res.Posted[i] = n.posted[id]
	}
	res.Dups = n.dups
	if res.States, err = deliveryStates(path); err != nil {
		log.Printf("storage floor: read deliveries: %v", err)
	}
	return res
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
