package main

// The reminder lateness benchmark (planbench -reminders): 10,000 one-shot
// reminders due at the same instant across 1,000 channels, posted by the
// real planbot binary through fakeslack with Slack's limit of about one
// chat.postMessage per second per channel turned on.
//
// The reminders are real: each is the overdue reminder of an engagement
// item (step 7), created with the storage package as the bot creates them,
// so the notifier renders and posts each one as in production. Every item's
// excerpt carries a number, which the quoted excerpt of the post gives back:
// that is how posts are matched to reminders and duplicates found.
//
// planbot reads the system clock, so the items are due a little after the
// preparation ends, and planbot is started -rem-start-before ahead of that.
// Lateness is fakeslack's record of a successful chat.postMessage minus the
// due time.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
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

// remOptions configures the reminder benchmark.
type remOptions struct {
	N           int           // reminders
	Channels    int           // plans, one channel each
	Limit       time.Duration // fakeslack's least interval between posts to a channel; 0: no limit
	Timeout     time.Duration // how long after the due time the run may last
	Lead        time.Duration // from the start of the preparation to the due time
	StartBefore time.Duration // planbot starts this long before the due time
	Order       string        // creation order: "random" or "grouped" (a channel's reminders in a row)
	Floor       bool          // also drain a copy in process, with a notifier that posts nothing
	Seed        uint64
}

// schedulerInterval is planbot's polling interval (cmd/planbot Main's
// default SchedulerInterval), for the report.
const schedulerInterval = 5 * time.Second

// excerptRE finds the number of a reminder in a post.
var excerptRE = regexp.MustCompile(`planbench reminder (\d+)\b`)

// remPost is one chat.postMessage fakeslack answered.
type remPost struct {
	Index   int // the reminder's number; -1 for a post of no reminder
	Channel string
	At      time.Time
	Status  int
}

// remResult is what one drain measured.
type remResult struct {
	Name      string
	Due       time.Time
	Posted    map[int]time.Time // reminder -> its first successful post
	Dups      int               // successful posts of a reminder posted already
	Limited   int               // HTTP 429 answers
	Other     int               // other chat.postMessage calls (not a reminder, or failed otherwise)
	Done      bool              // every reminder was posted before the timeout
	Startup   time.Duration     // exec to connected
	StartedAt time.Time         // when the process was started
	CPU       time.Duration     // the subject's user+system time, start-up to the end
	Peak      int64             // the subject's VmHWM
	Harness   time.Duration     // planbench's own CPU time over the drain, fakeslack included
	States    map[string]int    // reminder_deliveries by state, after the run
	LogCounts map[string]int    // notable lines of planbot's log
	Err       string
}

// lateness returns every posted reminder's lateness, and -1 for each one
// never posted.
func (r *remResult) lateness(n int) []time.Duration {
	out := make([]time.Duration, 0, n)
	for i := range n {
		if at, ok := r.Posted[i]; ok {
			out = append(out, at.Sub(r.Due))
		} else {
			out = append(out, -1)
		}
	}
	return out
}

// span returns the first and last successful post.
func (r *remResult) span() (first, last time.Time) {
	for _, at := range r.Posted {
		if first.IsZero() || at.Before(first) {
			first = at
		}
		if at.After(last) {
			last = at
		}
	}
	return first, last
}

// remPlan is the layout of the reminders: which channel each belongs to,
// in creation order.
type remPlan struct {
	channels []string // channel of plan i
	order    []int    // reminder numbers in creation order
	channel  []int    // plan index of reminder i
}

func newRemPlan(o remOptions) remPlan {
	p := remPlan{channels: make([]string, o.Channels), channel: make([]int, o.N)}
	for i := range p.channels {
		p.channels[i] = fmt.Sprintf("CREM%05d", i)
	}
	// Reminder i belongs to plan i % Channels: Channels plans of N/Channels
	// reminders each.
	for i := range o.N {
		p.channel[i] = i % o.Channels
		p.order = append(p.order, i)
	}
	switch o.Order {
	case "grouped":
		slices.SortStableFunc(p.order, func(a, b int) int { return p.channel[a] - p.channel[b] })
	default:
		rng := rand.New(rand.NewPCG(o.Seed, 7))
		rng.Shuffle(len(p.order), func(i, j int) { p.order[i], p.order[j] = p.order[j], p.order[i] })
	}
	return p
}

// floorLateness is the least lateness each reminder can have under a limit
// of one post per interval per channel: the k-th reminder of a channel
// (from 0) cannot go out before k intervals after the due time.
func (p remPlan) floorLateness(interval time.Duration) []time.Duration {
	seen := make([]int, len(p.channels))
	out := make([]time.Duration, 0, len(p.channel))
	for _, i := range p.order {
		c := p.channel[i]
		out = append(out, time.Duration(seen[c])*interval)
		seen[c]++
	}
	return out
}

// prepareReminders creates the plans and the engagement items, each item
// with its overdue reminder due at due, in the SQLite file at path, through
// the storage package. Durability is off while preparing (the file is
// closed, so checkpointed, before anyone else opens it): it only makes the
// preparation faster.
func prepareReminders(ctx context.Context, path string, p remPlan, due time.Time) error {
	db := storage.NewDB(path)
	db.DSN = strings.Replace(db.DSN, "_synchronous=FULL", "_synchronous=OFF", 1)
	if err := db.Open(); err != nil {
		return err
	}
	defer db.Close()
	plans := storage.NewPlanService(db)
	engagement := storage.NewEngagementService(db)
	ids := make([]int64, len(p.channels))
	for i, ch := range p.channels {
		pl, err := plans.EnsurePlan(ctx, plan.Plan{
			TeamID: fakeslack.TeamID, ChannelID: ch, Name: "bench " + ch, TimeZone: "UTC", Language: "en",
		})
		if err != nil {
			return fmt.Errorf("plan %s: %w", ch, err)
		}
		ids[i] = pl.ID
		// No daily digest: only the overdue reminders are due.
		if _, err := engagement.SetDigest(ctx, pl.ID, false, plan.DefaultDigestHour, 0, remOwner); err != nil {
			return fmt.Errorf("digest of %s: %w", ch, err)
		}
	}
	for _, i := range p.order {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		it := &plan.EngagementItem{
			PlanID: ids[p.channel[i]], Network: plan.NetworkX, Author: "follower",
			Excerpt: fmt.Sprintf("planbench reminder %d", i), Kind: plan.EngagementQuestion,
			OwnerID: remOwner, Due: due, CreatedBy: remOwner,
		}
		if err := engagement.CreateEngagementItem(ctx, it); err != nil {
			return fmt.Errorf("item %d: %w", i, err)
		}
	}
	return nil
}

// remOwner owns every item.
const remOwner = "UREMOWNER"

// countDue checks the prepared file: active overdue reminders due at due.
func countDue(path string, due time.Time) (int, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRow(`SELECT COUNT(*) FROM reminders WHERE state = 'active' AND kind = ? AND next_at = ?`,
		string(plan.ReminderEngagementOverdue), due.UTC().Format("2006-01-02T15:04:05.000000000Z")).Scan(&n)
	return n, err
}

// deliveryStates counts the reminder_deliveries of the file by state.
func deliveryStates(path string) (map[string]int, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.Query(`SELECT state, COUNT(*) FROM reminder_deliveries GROUP BY state`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

// collector records the chat.postMessage calls fakeslack answers.
type collector struct {
	mu    sync.Mutex
	posts []remPost
	count atomic.Int64 // successful posts of reminders
}

func collect(srv *fakeslack.Server) (*collector, func()) {
	c := &collector{}
	feed, cancel := srv.Subscribe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for call := range feed {
			if call.Method != "chat.postMessage" {
				continue
			}
			p := remPost{Index: -1, Channel: call.Params.Get("channel"), At: call.At, Status: call.Status}
			if m := excerptRE.FindStringSubmatch(call.Params.Get("blocks")); m != nil {
				p.Index, _ = strconv.Atoi(m[1])
			}
			ok := call.Status == 200 && strings.Contains(string(call.Response), `"ok":true`)
			if !ok && call.Status == 200 {
				p.Status = -1 // an error answer
			}
			if ok && p.Index >= 0 {
				c.count.Add(1)
			}
			c.mu.Lock()
			c.posts = append(c.posts, p)
			c.mu.Unlock()
		}
	}()
	return c, func() { cancel(); <-done }
}

// result fills the post figures of r from what was collected.
func (c *collector) result(r *remResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r.Posted = map[int]time.Time{}
	for _, p := range c.posts {
		switch {
		case p.Status == 429:
			r.Limited++
		case p.Status != 200 || p.Index < 0:
			r.Other++
		default:
			if _, dup := r.Posted[p.Index]; dup {
				r.Dups++
			} else {
				r.Posted[p.Index] = p.At
			}
		}
	}
}

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

	res := remPlanbot(ctx, o, layout, bin, tmp)
	if res.Err != "" {
		log.Printf("planbot: %s", res.Err)
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
	remReport(w, o, layout, args, res, floor, started, time.Since(started), loadBefore+" before, "+loadAvg()+" after")
	return ctx.Err()
}

// remPlanbot prepares a database, starts planbot on it against a fakeslack
// with the limit on, and waits until every reminder is posted or the time
// is up.
func remPlanbot(ctx context.Context, o remOptions, layout remPlan, bin, tmp string) *remResult {
	res := &remResult{Name: "planbot"}
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

	dir, err := os.MkdirTemp(tmp, "planbot-")
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
	n, err := countDue(path, res.Due)
	if err != nil || n != o.N {
		res.Err = fmt.Sprintf("prepare: %d reminders due, want %d (%v)", n, o.N, err)
		return res
	}
	log.Printf("planbot: prepared %d reminders across %d channels in %v, due at %s",
		o.N, o.Channels, time.Since(t0).Round(time.Millisecond), res.Due.UTC().Format("15:04:05"))
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
	sub := &subject{
		Name: "planbot",
		command: func(_, apiURL string) *exec.Cmd {
			cmd := exec.Command(bin, "run")
			cmd.Env = childEnv(apiURL, "PLANBOT_DB="+path)
			return cmd
		},
	}
	res.StartedAt = time.Now()
	r, err := start(ctx, srv, sub, dir)
	if err != nil {
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
	log.Printf("planbot: connected in %v, %v before the due time; limit %v per channel",
		r.startup.Round(time.Millisecond), time.Until(res.Due).Round(time.Millisecond), o.Limit)

	deadline := res.Due.Add(o.Timeout)
	lastLog := time.Now()
	for int(c.count.Load()) < o.N && time.Now().Before(deadline) && ctx.Err() == nil {
		select {
		case <-r.exited:
			res.Err = fmt.Sprintf("planbot exited: %v; output:\n%s", r.waitErr, r.tail())
		case <-time.After(200 * time.Millisecond):
		}
		if res.Err != "" {
			break
		}
		if time.Since(lastLog) >= 10*time.Second {
			lastLog = time.Now()
			log.Printf("planbot: %d posted, %s after the due time, %d rate limited so far",
				c.count.Load(), time.Since(res.Due).Round(time.Second), srv.RateLimited())
		}
	}
	res.Done = int(c.count.Load()) >= o.N
	if res.Done {
		// A duplicate would come after the last first post: give it a
		// moment to show.
		_ = sleepCtx(ctx, 2*time.Second)
	}
	if res.Err == "" {
		res.CPU, _ = procCPU(r.pid())
		_, res.Peak, _ = procMem(r.pid())
	}
	self1, _ := procCPU(0)
	res.Harness = self1 - self0
	stop()
	stopCollect()
	c.result(res)
	res.LogCounts = logCounts(r.logPath)
	if res.States, err = deliveryStates(path); err != nil {
		log.Printf("planbot: read deliveries: %v", err)
	}
	if !res.Done && res.Err == "" {
		res.Err = fmt.Sprintf("%d of %d posted within %v of the due time", len(res.Posted), o.N, o.Timeout)
	}
	return res
}

// logCounts counts notable lines of planbot's log.
func logCounts(path string) map[string]int {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
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

// remReport writes the report of the reminder benchmark.
func remReport(w io.Writer, o remOptions, layout remPlan, args []string, res, floor *remResult, started time.Time, took time.Duration, load string) {
	pf := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	perChannel := o.N / o.Channels
	limit := o.Limit
	if limit <= 0 {
		limit = time.Second // planbot's own pacing
	}
	fl := summarize(layout.floorLateness(limit))
	got := summarize(res.lateness(o.N))
	first, last := res.span()

	pf("## Reminder lateness run\n\n")
	pf("- date: %s; run took %s\n", started.UTC().Format("2006-01-02 15:04 MST"), took.Round(time.Second))
	pf("- machine: %s; %s; 1-minute load average %s (the machine is shared)\n", machine(), runtime.Version(), load)
	pf("- command: `go run ./cmd/planbench %s`\n", strings.Join(args[1:], " "))
	pf("- load: %d one-shot reminders (the overdue reminders of %d engagement items, created with the storage package) due at the same instant across %d plans, one channel each (%d per channel), created in %s order; fakeslack answers a chat.postMessage to a channel less than %v after its last accepted one with HTTP 429 and Retry-After (no bursts: stricter than Slack); planbot (`planbot run`, its defaults: polls every %v) started %v before the due time; bounded by %v after it\n\n",
		o.N, o.N, o.Channels, perChannel, o.Order, o.Limit, schedulerInterval, o.StartBefore, o.Timeout)
	if res.Err != "" {
		pf("- **planbot: %s**\n\n", res.Err)
	}

	pf("### Ratios\n\n")
	pf("The floor: under one post per %v per channel, the k-th reminder of a channel (from 0) cannot go out earlier than k × %v after the due time, so with %d per channel the last cannot be earlier than %v late; the floor's p50 / p99 / max over the %d reminders is %s / %s / %s. planbot also polls every %v: the first tick after the due time comes 0 to %v after it (here about %v).\n\n",
		limit, limit, perChannel, fl.Max, o.N, ms(fl.P50), ms(fl.P99), ms(fl.Max), schedulerInterval, schedulerInterval, schedulerInterval-o.StartBefore%schedulerInterval)
	pf("| lateness | planbot | floor | planbot/floor |")
	if floor != nil {
		pf(" storage floor (no Slack, no pacing) | planbot/storage floor |")
	}
	pf("\n|---|---:|---:|---:|")
	if floor != nil {
		pf("---:|---:|")
	}
	pf("\n")
	var fs dist
	if floor != nil {
		fs = summarize(floor.lateness(o.N))
	}
	row := func(name string, a, b, c time.Duration) {
		pf("| %s | %s | %s | %s |", name, ms(a), ms(b), dratio(a, b))
		if floor != nil {
			pf(" %s | %s |", ms(c), dratio(a, c))
		}
		pf("\n")
	}
	row("p50", got.P50, fl.P50, fs.P50)
	row("p99", got.P99, fl.P99, fs.P99)
	row("max (the last post)", got.Max, fl.Max, fs.Max)
	pf("\n")

	pf("### Absolute figures\n\n")
	pf("| run | posted | lateness p50 / p99 / max | first post | posts/s (due to last post) | HTTP 429 | duplicates | other posts | deliveries by state | CPU s | peak RSS | harness CPU s |\n")
	pf("|---|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|\n")
	for _, r := range []*remResult{res, floor} {
		if r == nil {
			continue
		}
		d := summarize(r.lateness(o.N))
		f, l := r.span()
		rate := "–"
		if !l.IsZero() && l.After(r.Due) {
			rate = fmt.Sprintf("%.0f", float64(len(r.Posted))/l.Sub(r.Due).Seconds())
		}
		firstLate := "–"
		if !f.IsZero() {
			firstLate = ms(f.Sub(r.Due))
		}
		cpu, peak, harness := fmt.Sprintf("%.2f", r.CPU.Seconds()), fmt.Sprintf("%.1f MiB", mib(r.Peak)), fmt.Sprintf("%.2f", r.Harness.Seconds())
		if r == floor {
			// In process: planbench's CPU over the drain is the floor's.
			cpu, peak, harness = fmt.Sprintf("%.2f", r.Harness.Seconds()), "–", "–"
		}
		pf("| %s | %d / %d | %s / %s / %s | %s | %s | %d | %d | %d | %s | %s | %s | %s |\n",
			r.Name, len(r.Posted), o.N, ms(d.P50), ms(d.P99), ms(d.Max), firstLate, rate, r.Limited, r.Dups, r.Other,
			statesText(r.States), cpu, peak, harness)
	}
	pf("\n")
	if !first.IsZero() {
		pf("- planbot: started %s before the due time, connected in %s; first post %s after the due time, last %s after; CPU %.2f s in all (start-up included), peak RSS %.1f MiB\n",
			ms(res.Due.Sub(res.StartedAt)), ms(res.Startup), ms(first.Sub(res.Due)), ms(last.Sub(res.Due)), res.CPU.Seconds(), mib(res.Peak))
		pf("- planbot posts per 10 s after the due time: %s\n", timeline(res, 10*time.Second))
	}
	if len(res.LogCounts) > 0 {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(res.LogCounts)) {
			parts = append(parts, fmt.Sprintf("%q %d", k, res.LogCounts[k]))
		}
		pf("- planbot's log: %s\n", strings.Join(parts, ", "))
	}
	if floor != nil && floor.Err != "" {
		pf("- **storage floor: %s**\n", floor.Err)
	}
	if floor != nil {
		pf("- storage floor: the same reminders in a fresh file with the production DSN, drained in planbench's process by remind.Scheduler (its defaults) with a notifier that records the time and posts nothing, ticking again as soon as a tick returns: what the scheduler and SQLite cost before any Slack limit or pacing\n")
	}
	pf("\n")
}

func statesText(m map[string]int) string {
	if len(m) == 0 {
		return "–"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

// timeline counts the first posts in each bucket after the due time.
func timeline(r *remResult, bucket time.Duration) string {
	var counts []int
	for _, at := range r.Posted {
		i := max(0, int(at.Sub(r.Due)/bucket))
		for len(counts) <= i {
			counts = append(counts, 0)
		}
		counts[i]++
	}
	parts := make([]string, len(counts))
	for i, n := range counts {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}
