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
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
)

// remOptions configures the reminder benchmark.
type remOptions struct {
	// Subjects are the runs, in order: "sqlite" (one process on a SQLite
	// file) or "pgN" (N replicas on one PostgreSQL database created on
	// the server Postgres).
	Subjects    []string
	Postgres    string
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
	Replicas  int // processes
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
// with its overdue reminder due at due, in the database at path (a SQLite
// file or a PostgreSQL URL), through the storage package. Durability is
// off while preparing (a SQLite file is closed, so checkpointed, before
// anyone else opens it; PostgreSQL's commits of this session do not wait
// for the disk): it only makes the preparation faster.
func prepareReminders(ctx context.Context, path string, p remPlan, due time.Time) error {
	db := storage.NewDB(path)
	if storage.IsPostgres(path) {
		db.DSN += "&synchronous_commit=off"
	} else {
		db.DSN = strings.Replace(db.DSN, "_synchronous=FULL", "_synchronous=OFF", 1)
	}
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

// countDue checks the prepared database: active overdue reminders due at
// due.
func countDue(path string, due time.Time) (int, error) {
	db, err := openStore(path)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRow(`SELECT COUNT(*) FROM reminders WHERE state = 'active' AND kind = '` + string(plan.ReminderEngagementOverdue) +
		`' AND next_at = '` + due.UTC().Format("2006-01-02T15:04:05.000000000Z") + `'`).Scan(&n)
	return n, err
}

// deliveryStates counts the reminder_deliveries of the database by state.
func deliveryStates(path string) (map[string]int, error) {
	db, err := openStore(path)
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
