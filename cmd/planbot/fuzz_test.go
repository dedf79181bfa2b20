package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/internal/slacktest"
)

// Bad input: fuzzed and mutated slash commands, block actions, view
// submissions and events, fed to the real bot. Whatever arrives, the bot
// must ack, must not panic, and must not post user text as live markup
// (<!channel>, <!here>, <https://...|...>).

// fuzzBot is a Main serving fakeslack for fuzzing and benchmarks, which
// cannot use harness: it takes a *testing.T.
type fuzzBot struct {
	Slack  *fakeslack.Server
	Main   *Main
	Logs   *syncBuffer
	PlanID int64 // a plan in chanMain, for view submissions to reach
	stop   context.CancelFunc
	done   chan error
}

// startFuzzBot starts fakeslack and a Main logging at level on a new
// database, creates the plan of chanMain, and stops everything when tb
// ends.
func startFuzzBot(tb testing.TB, level slog.Level) *fuzzBot {
	tb.Helper()
	srv, err := fakeslack.Start(fakeslack.Options{OnBreach: breachFails(tb)})
	if err != nil {
		tb.Fatal(err)
	}
	srv.AddUser(fakeslack.User{ID: userEN, Name: "ana", RealName: "Ana", Locale: "en-US", TZ: "Europe/London"})
	srv.AddUser(fakeslack.User{ID: userFR, Name: "camille", RealName: "Camille", Locale: "fr-FR", TZ: "Europe/Paris"})
	srv.AddChannel(fakeslack.Channel{ID: chanMain, Name: "acme-social", IsMember: true})
	srv.AddChannel(fakeslack.Channel{ID: chanOther, Name: "client-b", IsMember: true})
	fb := &fuzzBot{Slack: srv, Logs: &syncBuffer{}}
	cfg := Config{
		AppToken: "xapp-1-test", BotToken: "xoxb-test", APIURL: srv.APIURL(),
		DB: filepath.Join(tb.TempDir(), "planbot.db"), Lang: "en", TZ: "UTC", LogLevel: "debug",
	}
	if err := cfg.Validate(); err != nil {
		tb.Fatal(err)
	}
	fb.Main = NewMain(cfg, slog.New(slog.NewTextHandler(fb.Logs, &slog.HandlerOptions{Level: level})))
	if err := fb.Main.Open(); err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	fb.stop, fb.done = cancel, make(chan error, 1)
	go func() { fb.done <- fb.Main.Run(ctx) }()
	tb.Cleanup(func() {
		fb.Stop(tb)
		srv.Close()
	})
	wctx, wcancel := context.WithTimeout(context.Background(), hangTimeout)
	defer wcancel()
	if err := srv.WaitConnected(wctx); err != nil {
		tb.Fatal(err)
	}
	if r := saveGoal(wctx, srv, fakeslack.TeamID, userEN, chanMain, "Seed goal", nil); r.Outcome != flowSaved && r.Outcome != flowFoundSaved {
		tb.Fatalf("seed goal flow ended %v after attempts %v: %s", r.Outcome, r.Attempts, r.Ack.Payload)
	}
	p, err := fb.Main.Bot.Plans.FindPlanByChannel(wctx, fakeslack.TeamID, chanMain)
	if err != nil {
		tb.Fatal(err)
	}
	fb.PlanID = p.ID
	return fb
}

// Stop shuts Main down, waiting for the handlers in flight.
func (fb *fuzzBot) Stop(tb testing.TB) {
	if fb.stop == nil {
		return
	}
	fb.stop()
	select {
	case err := <-fb.done:
		if err != nil {
			tb.Errorf("Main.Run: %v", err)
		}
	case <-time.After(hangTimeout):
		tb.Errorf("Main.Run did not return within %v of shutdown", hangTimeout)
	}
	if err := fb.Main.Close(); err != nil {
		tb.Errorf("Main.Close: %v", err)
	}
	fb.stop = nil
}

// outboundLive returns the live markup in what a recorded Web API call
// would show users, or "". Block and view JSON are read as Slack reads
// them; the top-level text of a message is mrkdwn too.
func outboundLive(c fakeslack.Call) string {
	switch c.Method {
	case "chat.postMessage", "chat.postEphemeral", "chat.update", "response_url":
		for _, key := range []string{"blocks", "attachments"} {
			if live := slacktest.LiveMarkup([]byte(c.Params.Get(key))); live != "" {
				return key + ": " + live
			}
		}
		text, _ := json.Marshal(map[string]any{"type": "mrkdwn", "text": c.Params.Get("text")})
		if live := slacktest.LiveMarkup(text); live != "" {
			return "text: " + live
		}
	case "views.open", "views.push", "views.update", "views.publish":
		if live := slacktest.LiveMarkup([]byte(c.Params.Get("view"))); live != "" {
			return "view: " + live
		}
	}
	return ""
}

// ackLive returns the live markup in an ack payload (help texts, modal
// errors), or "".
func ackLive(payload json.RawMessage) string {
	if live := slacktest.LiveMarkup(payload); live != "" {
		return live
	}
	var p struct {
		Text string `json:"text"`
	}
	if json.Unmarshal(payload, &p) == nil && p.Text != "" {
		text, _ := json.Marshal(map[string]any{"type": "mrkdwn", "text": p.Text})
		return slacktest.LiveMarkup(text)
	}
	return ""
}

// liveWatch checks every Web API call fakeslack records, as it arrives.
type liveWatch struct {
	mu     sync.Mutex
	found  []string
	calls  int
	cancel func()
	done   chan struct{}
}

func watchLive(srv *fakeslack.Server) *liveWatch {
	feed, cancel := srv.Subscribe()
	w := &liveWatch{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for c := range feed {
			live := outboundLive(c)
			w.mu.Lock()
			w.calls++
			if live != "" && len(w.found) < 10 {
				w.found = append(w.found, c.Method+" "+live)
			}
			w.mu.Unlock()
		}
	}()
	return w
}

// Close stops watching and returns what was found.
func (w *liveWatch) Close() (found []string, calls int) {
	w.cancel()
	<-w.done
	return w.found, w.calls
}

// fuzzInput is one fuzzed envelope: kind chooses the shape, the strings
// fill the fields users control.
type fuzzInput struct {
	Kind                            uint8
	Text, ActionID, Value, Metadata string
	Raw                             []byte
}

// envelope returns the envelope type and payload of in, shaped like
// Slack's, with planID the plan view submissions reach by default.
func (in fuzzInput) envelope(planID int64) (string, json.RawMessage) {
	meta := in.Metadata
	if meta == "" {
		meta = fmt.Sprintf(`{"p":%d,"c":%q}`, planID, chanMain)
	}
	user := map[string]any{"id": userEN, "username": "ana", "name": "ana", "team_id": fakeslack.TeamID}
	team := map[string]any{"id": fakeslack.TeamID, "domain": fakeslack.TeamDomain}
	var typ string
	var p any
	switch in.Kind % 6 {
	case 0:
		typ = "slash_commands"
		p = map[string]any{
			"command": "/plan", "text": in.Text, "user_id": userEN, "user_name": "ana", "team_id": fakeslack.TeamID,
			"channel_id": chanMain, "channel_name": "acme-social", "trigger_id": "1.1." + in.Value, "response_url": "",
		}
	case 1:
		typ = "interactive"
		p = map[string]any{
			"type": "block_actions", "team": team, "user": user, "trigger_id": "1.1.x",
			"container": map[string]any{"type": "view", "view_id": "VFUZZ"},
			"view":      map[string]any{"id": "VFUZZ", "type": "modal", "callback_id": bot.CallbackGoalsList, "private_metadata": meta},
			"actions":   []any{map[string]any{"action_id": in.ActionID, "block_id": "b", "type": "button", "value": in.Value, "action_ts": "1.2"}},
			"channel":   map[string]any{"id": chanMain, "name": "acme-social"},
		}
	case 2:
		typ = "interactive"
		values := map[string]any{}
		for block, v := range goalValues(in.Text) {
			values[block] = map[string]any{bot.ActionInput: map[string]any{"type": "plain_text_input", "value": v[bot.ActionInput]}}
		}
		values[bot.BlockGoalKind] = map[string]any{bot.ActionInput: map[string]any{"type": "static_select", "selected_option": map[string]any{"value": "leads"}}}
		values[bot.BlockGoalDeadline] = map[string]any{bot.ActionInput: map[string]any{"type": "datepicker", "selected_date": "2027-03-31"}}
		values[bot.BlockGoalOwner] = map[string]any{bot.ActionInput: map[string]any{"type": "users_select", "selected_user": userEN}}
		values[bot.BlockGoalLearn] = map[string]any{bot.ActionInput: map[string]any{"type": "plain_text_input", "value": in.Value}}
		values[bot.BlockGoalMetric] = map[string]any{bot.ActionInput: map[string]any{"type": "plain_text_input", "value": in.ActionID + "signups"}}
		p = map[string]any{
			"type": "view_submission", "team": team, "user": user, "trigger_id": "1.1.y",
			"view": map[string]any{"id": "VFUZZ", "type": "modal", "callback_id": bot.CallbackGoal, "private_metadata": meta,
				"state": map[string]any{"values": values}},
		}
	case 3, 4, 5:
		typ = []string{"interactive", "slash_commands", "events_api"}[in.Kind%6-3]
		raw := in.Raw
		if !json.Valid(raw) {
			raw, _ = json.Marshal(string(raw))
		}
		return typ, raw
	}
	raw, _ := json.Marshal(p)
	return typ, raw
}

// fuzzSeeds are the seed inputs of FuzzEnvelope and the deterministic run.
func fuzzSeeds() []fuzzInput {
	evil := "<!channel> & <https://evil.example|bank> <!here|here> <@U123> <#C1> <!subteam^S1> <mailto:a@b.c|x>"
	return []fuzzInput{
		{Kind: 0, Text: "help"},
		{Kind: 0, Text: "goals"},
		{Kind: 0, Text: evil},
		{Kind: 0, Text: "   "},
		{Kind: 1, ActionID: bot.ActionGoalDelete, Value: "1"},
		{Kind: 1, ActionID: bot.ActionGoalEdit, Value: "999999999999999999999"},
		{Kind: 1, ActionID: bot.ActionListNext, Value: "-1"},
		{Kind: 1, ActionID: bot.ActionOpenStep, Value: evil},
		{Kind: 1, ActionID: bot.ActionGoalAdd, Value: "1", Metadata: `{"p":-1}`},
		{Kind: 2, Text: evil, Value: evil, ActionID: evil},
		{Kind: 2, Text: "Grow signups", Value: "why", Metadata: "not json"},
		{Kind: 2, Text: strings.Repeat("é", 400)},
		{Kind: 2, Text: "x", Metadata: `{"p":1,"g":1,"c":"CSOCIAL","parent":"V1"}`},
		{Kind: 3, Raw: []byte(`{"type":"view_submission","view":null,"user":null}`)},
		{Kind: 3, Raw: []byte(`{"type":"block_actions","actions":[{}]}`)},
		{Kind: 3, Raw: []byte(`{"type":"shortcut","callback_id":"` + evil + `"}`)},
		{Kind: 4, Raw: []byte(`{"command":5}`)},
		{Kind: 4, Raw: []byte(`null`)},
		{Kind: 5, Raw: []byte(`{"type":"event_callback","event_id":"EvF1","event":{"type":"app_home_opened","user":"UANA","tab":"home"}}`)},
		{Kind: 5, Raw: []byte(`{"type":"event_callback","event":{"type":"message","text":"<!channel>"}}`)},
		{Kind: 5, Raw: []byte(`{"type":"url_verification","challenge":"x"}`)},
		{Kind: 3, Raw: []byte("\x00\xff{")},
	}
}

// FuzzEnvelope sends each input through fakeslack.Send and the real
// socket to a running bot. Its seeds are in testdata/fuzz/FuzzEnvelope
// and fuzzSeeds; `go test -fuzz FuzzEnvelope ./cmd/planbot` explores.
func FuzzEnvelope(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s.Kind, s.Text, s.ActionID, s.Value, s.Metadata, s.Raw)
	}
	fb := startFuzzBot(f, slog.LevelDebug)
	watch := watchLive(fb.Slack)
	logOffset := 0
	var mu sync.Mutex
	f.Fuzz(func(t *testing.T, kind uint8, text, actionID, value, metadata string, raw []byte) {
		in := fuzzInput{Kind: kind, Text: text, ActionID: actionID, Value: value, Metadata: metadata, Raw: raw}
		typ, payload := in.envelope(fb.PlanID)
		ctx, cancel := context.WithTimeout(context.Background(), hangTimeout)
		defer cancel()
		ack, err := fb.Slack.Send(ctx, typ, payload)
		if err != nil {
			t.Fatalf("%s envelope not acked: %v\npayload: %s", typ, err, payload)
		}
		if live := ackLive(ack.Payload); live != "" {
			t.Errorf("ack carries live markup %q\npayload: %s", live, payload)
		}
		mu.Lock()
		defer mu.Unlock()
		logs := fb.Logs.String()
		if i := strings.Index(logs[logOffset:], "handler panic"); i >= 0 {
			t.Fatalf("handler panic:\n%s\npayload: %s", logs[logOffset+i:], payload)
		}
		logOffset = len(logs)
		watch.mu.Lock()
		found := slices.Clone(watch.found)
		watch.mu.Unlock()
		if len(found) > 0 {
			t.Fatalf("outbound calls carry live markup: %v", found)
		}
	})
	// Handlers may still post after the last ack: drain them, then look.
	fb.Stop(f)
	if found, _ := watch.Close(); len(found) > 0 {
		f.Errorf("outbound calls carry live markup: %v", found)
	}
}

// mutator makes deterministic mutations of JSON payloads.
type mutator struct {
	rng *rand.Rand
}

// nasty are strings a user or an attacker may type.
var nasty = []string{
	"<!channel>", "<!here>", "<!everyone>", "<https://evil.example|bank>", "<mailto:x@y.z|mail>",
	"&lt;!channel&gt;", "&", "<", ">", "<<!channel>>", "<!chan\u200bnel>", "*bold* _it_ ~s~ `code`",
	"", " ", "\x00", "\n\n", "é", "💥", strings.Repeat("a", 3001), strings.Repeat("<!here>", 50),
	"goals", "help", "objectifs", "1", "-1", "0", "99999999999999999999", "1e308", "NaN", "null",
	bot.CallbackGoal, bot.CallbackGoalsList, bot.ActionGoalDelete, bot.ActionGoalEdit, bot.ActionOpenStep,
	`{"p":1,"c":"CSOCIAL"}`, `{"p":1,"g":2}`, `{"p":"x"}`, "UANA", "UNOBODY", "CSOCIAL", "CNOBOT",
	"2027-03-31", "2020-01-01", "31/03/2027", "1 200,5",
}

// ids are what the mutator puts in identifier fields (channel_id, user,
// team, view_id...). Slack sets those, not users, so they get junk of
// their own kind: nasty markup there would test a Slack that cannot exist.
var ids = []string{"", "C", "CSOCIAL", "CNOBOT", "CUNKNOWN", "DANA", "UANA", "UNOBODY", "T0001", "T9", "V1", "VFUZZ", "0", "-1", "C" + strings.Repeat("9", 40), "é", "CS OCIAL"}

// isIDKey reports whether a JSON key holds a Slack-set identifier.
func isIDKey(k string) bool {
	return k == "id" || k == "user" || k == "channel" || k == "team" || strings.HasSuffix(k, "_id") || strings.HasSuffix(k, "_ts")
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}

// randomValue is a JSON value of any type.
func (m *mutator) randomValue() any {
	switch m.rng.IntN(8) {
	case 0:
		return nil
	case 1:
		return m.rng.IntN(3) == 0
	case 2:
		return m.rng.NormFloat64() * 1e6
	case 3:
		return []any{m.randomString()}
	case 4:
		return map[string]any{"type": "mrkdwn", "text": m.randomString()}
	default:
		return m.randomString()
	}
}

func (m *mutator) randomString() string {
	s := nasty[m.rng.IntN(len(nasty))]
	if m.rng.IntN(3) == 0 {
		s += nasty[m.rng.IntN(len(nasty))]
	}
	return s
}

// mutate changes 1 to 3 places of a decoded JSON document, and sometimes
// the bytes of its encoding.
func (m *mutator) mutate(doc any) []byte {
	for range 1 + m.rng.IntN(3) {
		doc = m.mutateValue(doc, 0)
	}
	raw, _ := json.Marshal(doc)
	if m.rng.IntN(10) == 0 && len(raw) > 0 {
		raw = slices.Clone(raw)
		for range 1 + m.rng.IntN(4) {
			i := m.rng.IntN(len(raw))
			switch m.rng.IntN(3) {
			case 0:
				raw[i] = byte(m.rng.IntN(256))
			case 1:
				raw = append(raw[:i], raw[i+1:]...)
			default:
				const syntax = "{}[]\",:\\<!"
				raw = slices.Insert(raw, i, syntax[m.rng.IntN(len(syntax))])
			}
			if len(raw) == 0 {
				break
			}
		}
	}
	return raw
}

func (m *mutator) mutateValue(v any, depth int) any {
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 0 || m.rng.IntN(8) == 0 {
			v[m.randomString()] = m.randomValue()
			return v
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		k := keys[m.rng.IntN(len(keys))]
		switch r := m.rng.IntN(10); {
		case r == 0:
			delete(v, k)
		case isIDKey(k) && (r == 1 || isString(v[k])):
			v[k] = ids[m.rng.IntN(len(ids))]
		case r == 1:
			v[k] = m.randomValue()
		default:
			v[k] = m.mutateValue(v[k], depth+1)
		}
		return v
	case []any:
		if len(v) == 0 || m.rng.IntN(6) == 0 {
			return append(v, m.randomValue())
		}
		i := m.rng.IntN(len(v))
		v[i] = m.mutateValue(v[i], depth+1)
		return v
	case string:
		if m.rng.IntN(3) == 0 {
			return v + m.randomString()
		}
		return m.randomString()
	default:
		return m.randomValue()
	}
}

// seedPayloads are the payloads the deterministic run mutates: the fuzz
// seeds, plus real ones recorded from planbot's own modal.
func seedPayloads(planID int64) []struct {
	typ string
	doc func() any
} {
	var out []struct {
		typ string
		doc func() any
	}
	for _, s := range fuzzSeeds() {
		typ, raw := s.envelope(planID)
		var doc any
		if json.Unmarshal(raw, &doc) != nil {
			continue
		}
		out = append(out, struct {
			typ string
			doc func() any
		}{typ, func() any {
			var d any
			_ = json.Unmarshal(raw, &d) // a fresh copy to mutate
			return d
		}})
	}
	return out
}

// deterministicCounts are how many mutated payloads the deterministic run
// sends through the socket and straight into the bot's event loop. The
// counts are fixed and nothing times them; they are sized for go test's
// 10-minute default timeout of the whole package on CI's shared 2 cores.
// Under -race a payload costs about 1.8 ms of CPU (27,000 took 47 CPU
// seconds), and at load 20 the test gets a fraction of a core: 25,000
// took 6 min 30 s there. So a -race build, as CI's, sends 10,000 into the
// loop, and a plain build, about 8 times cheaper a payload, 40,000: their
// value is in the interleavings, not the count.
func deterministicCounts() (socket, handler int) {
	switch {
	case testing.Short():
		return 500, 5_000
	case raceEnabled():
		return 2_000, 10_000
	}
	return 2_000, 40_000
}

// raceEnabled reports whether the test binary was built with -race.
func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// TestFuzzEnvelope_Deterministic sends payloads mutated from the seeds
// with a fixed seed: 2,000 through fakeslack and the real socket, then
// more (deterministicCounts) straight into the bot's Socket Mode event
// loop, decoded as slack-go decodes a socket message (socketmode's
// parseEvent): the socket round trip would make as many too slow for CI
// under -race. The bot must ack each one that comes through the socket,
// never panic, and never send user text as live markup.
func TestFuzzEnvelope_Deterministic(t *testing.T) {
	// Info, not debug: a panic is logged as an error, and tens of
	// thousands of debug lines would make the run slower, not stricter.
	fb := startFuzzBot(t, slog.LevelInfo)
	watch := watchLive(fb.Slack)
	m := &mutator{rng: rand.New(rand.NewPCG(20261125, 7))}
	seeds := seedPayloads(fb.PlanID)
	nSocket, nHandler := deterministicCounts()

	started := time.Now()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	var mu sync.Mutex
	var failures []string
	for i := range nSocket {
		s := seeds[i%len(seeds)]
		raw := m.mutate(s.doc())
		if !json.Valid(raw) {
			raw, _ = json.Marshal(string(raw))
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			ctx, cancel := context.WithTimeout(context.Background(), hangTimeout)
			defer cancel()
			ack, err := fb.Slack.Send(ctx, s.typ, json.RawMessage(raw))
			// An event still not acked after Slack's retries is delivered
			// again: under load the bot may ack later than Slack waits,
			// and this test is about what it answers, not how fast.
			for errors.Is(err, fakeslack.ErrNotAcked) {
				ack, err = fb.Slack.Send(ctx, s.typ, json.RawMessage(raw))
			}
			var fail string
			switch {
			case err != nil:
				fail = fmt.Sprintf("not acked: %v: %s", err, raw)
			case ackLive(ack.Payload) != "":
				fail = fmt.Sprintf("ack with live markup %q for %s", ackLive(ack.Payload), raw)
			}
			if fail != "" {
				mu.Lock()
				failures = append(failures, fail)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	socketTook := time.Since(started)
	for _, f := range failures[:min(len(failures), 10)] {
		t.Error(f)
	}

	// Every payload is sent, however long it takes; only an event loop
	// that takes none for hangTimeout fails the test: it hangs.
	events := fb.Main.Bot.Socket.Events
	stalled := time.NewTimer(hangTimeout)
	defer stalled.Stop()
	for i := range nHandler {
		s := seeds[i%len(seeds)]
		env, _ := json.Marshal(map[string]any{
			"envelope_id": fmt.Sprintf("fuzz-%06d", i), "type": s.typ, "accepts_response_payload": s.typ != "events_api",
			"payload": json.RawMessage(validOrString(m.mutate(s.doc()))),
		})
		select {
		case events <- parseSocketMessage(env):
		case <-stalled.C:
			t.Fatalf("the bot's event loop took no payload for %v, after %d of %d", hangTimeout, i, nHandler)
		}
		stalled.Reset(hangTimeout)
	}
	fb.Stop(t) // waits for every handler in flight
	found, calls := watch.Close()
	for _, f := range found {
		t.Errorf("outbound call with live markup: %s", f)
	}
	logs := fb.Logs.String()
	if i := strings.Index(logs, "handler panic"); i >= 0 {
		t.Errorf("handler panic:\n%s", logs[i:min(len(logs), i+3000)])
	}
	t.Logf("%d payloads through the socket in %v, %d into the event loop in %v; %d Web API calls checked",
		nSocket, socketTook.Round(time.Millisecond), nHandler, (time.Since(started) - socketTook).Round(time.Millisecond), calls)
}

func validOrString(raw []byte) []byte {
	if json.Valid(raw) {
		return raw
	}
	s, _ := json.Marshal(string(raw))
	return s
}

// parseSocketMessage decodes a Socket Mode message as slack-go's
// socketmode.Client does (parseEvent in socket_mode_managed_conn.go, v0.35.0):
// a message it cannot decode becomes an EventTypeErrorBadMessage.
func parseSocketMessage(msg []byte) socketmode.Event {
	bad := func(err error) socketmode.Event {
		return socketmode.Event{Type: socketmode.EventTypeErrorBadMessage, Data: &socketmode.ErrorBadMessage{Cause: err, Message: msg}}
	}
	req := &socketmode.Request{}
	if err := json.Unmarshal(msg, req); err != nil {
		return bad(err)
	}
	switch req.Type {
	case socketmode.RequestTypeEventsAPI:
		ev, err := slackevents.ParseEvent(req.Payload, slackevents.OptionNoVerifyToken())
		if err != nil {
			return bad(err)
		}
		return socketmode.Event{Type: socketmode.EventTypeEventsAPI, Data: ev, Request: req}
	case socketmode.RequestTypeSlashCommands:
		var cmd slack.SlashCommand
		if err := json.Unmarshal(req.Payload, &cmd); err != nil {
			return bad(err)
		}
		return socketmode.Event{Type: socketmode.EventTypeSlashCommand, Data: cmd, Request: req}
	case socketmode.RequestTypeInteractive:
		var cb slack.InteractionCallback
		if err := json.Unmarshal(req.Payload, &cb); err != nil {
			return bad(err)
		}
		return socketmode.Event{Type: socketmode.EventTypeInteractive, Data: cb, Request: req}
	}
	return bad(fmt.Errorf("unsupported type %q", req.Type))
}
