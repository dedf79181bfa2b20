package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/planbot/planbot/fakeslack"
)

// flowTimeout bounds each flow; an envelope not acked by then counts as
// lost. Slack itself gives up after 3 s.
const flowTimeout = 10 * time.Second

// callRouter hands the Web API calls fakeslack records to the flow waiting
// for them, keyed by trigger id (views.open) or channel (chat.post*).
// A call that arrives before its flow asks is kept until asked for.
type callRouter struct {
	mu      sync.Mutex
	waiters map[string]chan fakeslack.Call
	early   map[string]fakeslack.Call
}

func newCallRouter(srv *fakeslack.Server) (*callRouter, func()) {
	r := &callRouter{waiters: map[string]chan fakeslack.Call{}, early: map[string]fakeslack.Call{}}
	feed, cancel := srv.Subscribe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for c := range feed {
			var key string
			switch c.Method {
			case "views.open":
				key = "open:" + c.Params.Get("trigger_id")
			case "chat.postMessage":
				key = "post:" + c.Params.Get("channel")
			case "chat.postEphemeral":
				key = "ephemeral:" + c.Params.Get("channel")
			default:
				continue
			}
			r.deliver(key, c)
		}
	}()
	return r, func() { cancel(); <-done }
}

func (r *callRouter) deliver(key string, c fakeslack.Call) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ch, ok := r.waiters[key]; ok {
		delete(r.waiters, key)
		ch <- c
		return
	}
	if _, dup := r.early[key]; !dup {
		r.early[key] = c
	}
}

// expect returns a channel that receives the first call with key.
func (r *callRouter) expect(key string) <-chan fakeslack.Call {
	ch := make(chan fakeslack.Call, 1)
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.early[key]; ok {
		delete(r.early, key)
		ch <- c
		return ch
	}
	r.waiters[key] = ch
	return ch
}

// forget drops what is kept for keys, at the end of a flow.
func (r *callRouter) forget(keys ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, k := range keys {
		delete(r.waiters, k)
		delete(r.early, k)
	}
}

// flow is the outcome of one user's goal flow: /plan goals, then a
// submission of a valid goal.
type flow struct {
	Lag      time.Duration // how late the harness started it
	CmdAck   time.Duration // slash command sent to ack; -1 if lost
	Open     time.Duration // command sent to views.open recorded; -1 if none or failed
	SubAck   time.Duration // submission sent to ack; -1 if lost or not sent
	Post     time.Duration // submission sent to chat.postMessage recorded; -1 if none
	Stored   time.Duration // submission sent to the goal seen in the database; -1 if not seen
	Title    string
	SubmitAt time.Time
	Err      string
}

// loader drives the flows of one subject.
type loader struct {
	srv    *fakeslack.Server
	router *callRouter
	run    *running
	seq    *atomic.Int64
	// modal is the goal modal JSON, for the bare bot's submissions, which
	// have no views.open to copy.
	modal map[string]any
}

func (l *loader) next() int64 { return l.seq.Add(1) }

// goalValues are the form values of a valid goal titled title.
func goalValues(title, owner string) map[string]map[string]any {
	return map[string]map[string]any{
		"goal_kind":     {"input": "leads"},
		"goal_title":    {"input": title},
		"goal_metric":   {"input": "newsletter signups"},
		"goal_baseline": {"input": "120"},
		"goal_target":   {"input": "480"},
		"goal_unit":     {"input": "signups"},
		"goal_deadline": {"input": time.Now().AddDate(1, 0, 0).Format(time.DateOnly)},
		"goal_owner":    {"input": owner},
		"goal_learn":    {"input": "which format brings signups"},
	}
}

// doFlow runs one flow. Each flow has its own user and channel, so that a
// full subject creates a plan and opens the goal form, not the list.
func (l *loader) doFlow(ctx context.Context, lag time.Duration) flow {
	ctx, cancel := context.WithTimeout(ctx, flowTimeout)
	defer cancel()
	n := l.next()
	user, channel := fmt.Sprintf("UB%07d", n), fmt.Sprintf("CB%07d", n)
	f := flow{Lag: lag, CmdAck: -1, Open: -1, SubAck: -1, Post: -1, Stored: -1, Title: "bench goal " + strconv.FormatInt(n, 10)}
	l.srv.AddUser(fakeslack.User{ID: user, Name: "user" + strconv.FormatInt(n, 10), RealName: "Bench User", Locale: "en-US", TZ: "Europe/London"})
	l.srv.AddChannel(fakeslack.Channel{ID: channel, Name: "bench-" + strconv.FormatInt(n, 10), IsMember: true})
	postKey, ephKey := "post:"+channel, "ephemeral:"+channel
	posted := l.router.expect(postKey)
	defer l.router.forget(postKey, ephKey)

	t0 := time.Now()
	ack, err := l.srv.SlashCommand(ctx, fakeslack.SlashCommand{Command: "/plan", Text: "goals", UserID: user, ChannelID: channel})
	if err != nil {
		f.Err = "command: " + err.Error()
		return f
	}
	f.CmdAck = time.Since(t0)

	var viewID string
	if l.run.Full {
		openKey := "open:" + ack.TriggerID
		defer l.router.forget(openKey)
		var c fakeslack.Call
		select {
		case c = <-l.router.expect(openKey):
		case <-ctx.Done():
			f.Err = "views.open never called"
			return f
		}
		var resp struct {
			OK    bool   `json:"ok"`
			Error string `json:"error"`
			View  struct {
				ID string `json:"id"`
			} `json:"view"`
		}
		if err := json.Unmarshal(c.Response, &resp); err != nil || !resp.OK {
			f.Err = "views.open failed: " + resp.Error
			return f
		}
		f.Open = c.At.Sub(t0)
		viewID = resp.View.ID
	}

	f.SubmitAt = time.Now()
	if l.run.Full {
		ack, err = l.srv.SubmitView(ctx, user, viewID, goalValues(f.Title, user))
	} else {
		ack, err = l.srv.Send(ctx, "interactive", l.bareSubmission(user, f.Title))
	}
	if err != nil {
		f.Err = "submission: " + err.Error()
		return f
	}
	f.SubAck = time.Since(f.SubmitAt)
	if l.run.Full && refused(ack.Payload) {
		f.Err = "submission refused: " + string(ack.Payload)
		return f
	}
	if l.run.Full {
		select {
		case c := <-posted:
			f.Post = c.At.Sub(f.SubmitAt)
		case <-ctx.Done():
			f.Err = "chat.postMessage never called"
		}
	}
	return f
}

// refused reports whether a submission's ack carries field errors. Bolt
// acks with "{}", planbot with nothing: both close the modal.
func refused(payload json.RawMessage) bool {
	var p struct {
		ResponseAction string `json:"response_action"`
	}
	_ = json.Unmarshal(payload, &p)
	return p.ResponseAction == "errors"
}

// bareSubmission is a view_submission payload shaped like the one
// fakeslack builds for the goal form, for the bare bot that opened none.
func (l *loader) bareSubmission(user, title string) map[string]any {
	values := map[string]any{}
	for block, v := range goalValues(title, user) {
		values[block] = map[string]any{"input": map[string]any{"type": "plain_text_input", "value": v["input"]}}
	}
	view := map[string]any{}
	for k, v := range l.modal {
		view[k] = v
	}
	view["id"] = "VBARE" + strconv.FormatInt(l.next(), 10)
	view["team_id"] = fakeslack.TeamID
	view["state"] = map[string]any{"values": values}
	view["private_metadata"] = `{"p":1,"c":"C1"}`
	return map[string]any{
		"type":       "view_submission",
		"token":      fakeslack.VerificationToken,
		"api_app_id": fakeslack.AppID,
		"team":       map[string]any{"id": fakeslack.TeamID, "domain": fakeslack.TeamDomain},
		"user":       map[string]any{"id": user, "username": user, "name": user, "team_id": fakeslack.TeamID},
		"trigger_id": "1.1.bare",
		"view":       view,
	}
}

// step is the result of one load step at one rate.
type step struct {
	Rate     float64 // envelopes per second offered (two per flow)
	Duration time.Duration
	Flows    []flow
	CPU      time.Duration // subject's CPU time over the step and its drain
	DBCPU    time.Duration // its local PostgreSQL server's, when it has one; -1 if not measured
	Harness  time.Duration // planbench's own CPU time, fakeslack included
	Peak     int64         // subject's VmHWM during the step, bytes
	Wall     time.Duration
	Reconn   int    // sockets opened during the step: 0 unless the subject reconnected
	Load     string // the machine's 1-minute load average after the step
}

// runStep offers rate envelopes per second for d, open loop: flow i
// starts at i*2/rate whatever the earlier ones are doing, so a slow
// subject sees the load pile up as it would in Slack.
func (l *loader) runStep(ctx context.Context, rate float64, d time.Duration) step {
	l.run.resetPeak()
	cpu0 := l.run.cpu()
	db0, dbOK := serverCPU(l.run.Postgres)
	self0, _ := procCPU(0)
	conn0 := l.srv.ConnectCount()
	n := max(1, int(rate/2*d.Seconds()))
	interval := time.Duration(float64(2*time.Second) / rate)
	flows := make([]flow, n)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		at := start.Add(time.Duration(i) * interval)
		if wait := time.Until(at); wait > 0 {
			time.Sleep(wait)
		}
		lag := max(0, time.Since(at))
		wg.Go(func() { flows[i] = l.doFlow(ctx, lag) })
	}
	wg.Wait()
	if l.run.poller != nil {
		l.awaitStored(flows)
	}
	wall := time.Since(start)
	cpu1 := l.run.cpu()
	db1, _ := serverCPU(l.run.Postgres)
	self1, _ := procCPU(0)
	_, hwm := l.run.mem()
	dbCPU := time.Duration(-1)
	if dbOK {
		dbCPU = db1 - db0
	}
	return step{
		Rate: rate, Duration: d, Flows: flows, CPU: cpu1 - cpu0, DBCPU: dbCPU, Harness: self1 - self0,
		Peak: hwm, Wall: wall, Reconn: l.srv.ConnectCount() - conn0, Load: loadAvg(),
	}
}

// awaitStored fills Flow.Stored from the poller, waiting up to 2 s for
// goals whose submission was acked.
func (l *loader) awaitStored(flows []flow) {
	deadline := time.Now().Add(2 * time.Second)
	for {
		missing := 0
		for i := range flows {
			f := &flows[i]
			if f.SubAck < 0 || f.Stored >= 0 {
				continue
			}
			if at, ok := l.run.poller.storedAt(f.Title); ok {
				f.Stored = max(0, at.Sub(f.SubmitAt))
			} else {
				missing++
			}
		}
		if missing == 0 || time.Now().After(deadline) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// dist is a latency distribution.
type dist struct {
	N, Lost       int
	P50, P99, Max time.Duration
}

// summarize computes a distribution; a lost sample (negative) counts as
// infinitely slow, so losses push p99 up rather than hide.
func summarize(samples []time.Duration) dist {
	var d dist
	d.N = len(samples)
	if d.N == 0 {
		return d
	}
	s := slices.Clone(samples)
	for i, v := range s {
		if v < 0 {
			s[i] = math.MaxInt64
			d.Lost++
		}
	}
	slices.Sort(s)
	pct := func(p float64) time.Duration {
		i := int(math.Ceil(p*float64(len(s)))) - 1
		return s[max(0, min(i, len(s)-1))]
	}
	d.P50, d.P99, d.Max = pct(0.50), pct(0.99), s[len(s)-1]
	return d
}

// column extracts one latency of every flow that got that far.
func column(flows []flow, get func(flow) time.Duration, include func(flow) bool) []time.Duration {
	var out []time.Duration
	for _, f := range flows {
		if include == nil || include(f) {
			out = append(out, get(f))
		}
	}
	return out
}

// stats of a step.
type stepStats struct {
	Cmd, Sub, All, Open, Post, Stored dist
	MaxLag                            time.Duration
	Errors                            map[string]int
}

func (s step) stats() stepStats {
	var st stepStats
	st.Errors = map[string]int{}
	cmd := column(s.Flows, func(f flow) time.Duration { return f.CmdAck }, nil)
	// A submission is sent only when the command got that far.
	sent := func(f flow) bool { return f.SubAck >= 0 || f.Err == "" || isSubmissionErr(f.Err) }
	sub := column(s.Flows, func(f flow) time.Duration { return f.SubAck }, sent)
	st.Cmd, st.Sub, st.All = summarize(cmd), summarize(sub), summarize(append(slices.Clone(cmd), sub...))
	// A refused submission (field errors) was acked but stores nothing.
	acked := func(f flow) bool { return f.SubAck >= 0 && !strings.HasPrefix(f.Err, "submission refused") }
	st.Open = summarize(column(s.Flows, func(f flow) time.Duration { return f.Open }, func(f flow) bool { return f.CmdAck >= 0 }))
	st.Post = summarize(column(s.Flows, func(f flow) time.Duration { return f.Post }, acked))
	st.Stored = summarize(column(s.Flows, func(f flow) time.Duration { return f.Stored }, acked))
	for _, f := range s.Flows {
		st.MaxLag = max(st.MaxLag, f.Lag)
		if f.Err != "" {
			st.Errors[trimErr(f.Err)]++
		}
	}
	return st
}

func isSubmissionErr(e string) bool { return strings.HasPrefix(e, "submission:") }

// trimErr keeps error classes few in the report.
func trimErr(e string) string {
	if len(e) > 60 {
		return e[:60]
	}
	return e
}
