package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/plan"
)

// Tests of the handlers, against fakeslack and in-memory services that
// count their calls: what a screen reads and writes.

// botNow is the clock of the bots of these tests.
var botNow = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

// botFixture is a Bot served over Socket Mode by fakeslack, in channel
// C1 of user UANA, until the test ends.
type botFixture struct {
	t     *testing.T
	slack *fakeslack.Server
	logs  *lockedBuffer
	bot   *Bot
}

// newBotFixture starts fakeslack and a Bot whose services wire sets; a
// service it leaves nil panics when called, which the test sees.
func newBotFixture(t *testing.T, wire func(b *Bot)) *botFixture {
	t.Helper()
	srv, err := fakeslack.Start(fakeslack.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv.AddUser(fakeslack.User{ID: "UANA", Name: "ana", Locale: "en-US", TZ: "Europe/London"})
	srv.AddChannel(fakeslack.Channel{ID: "C1", Name: "social", IsMember: true, Members: []string{"UANA"}})
	api := slack.New("xoxb-test", slack.OptionAPIURL(srv.APIURL()), slack.OptionAppLevelToken("xapp-1-test"))
	f := &botFixture{t: t, slack: srv, logs: &lockedBuffer{}}
	b := &Bot{API: api, Socket: socketmode.New(api), Now: func() time.Time { return botNow },
		Logger: slog.New(slog.NewTextHandler(f.logs, nil))}
	wire(b)
	f.bot = b
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		srv.Close()
		if strings.Contains(f.logs.String(), "handler panic") {
			t.Errorf("a handler panicked (a service the test did not expect was called?):\n%s", f.logs.String())
		}
	})
	if err := srv.WaitConnected(f.ctx()); err != nil {
		t.Fatal(err)
	}
	return f
}

// ctx bounds one wait of a test.
func (f *botFixture) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	f.t.Cleanup(cancel)
	return ctx
}

// command types /plan text in C1 and returns the ack.
func (f *botFixture) command(text string) fakeslack.Ack {
	f.t.Helper()
	ack, err := f.slack.SlashCommand(f.ctx(), fakeslack.SlashCommand{Command: "/plan", Text: text, UserID: "UANA", ChannelID: "C1"})
	if err != nil {
		f.t.Fatal(err)
	}
	return ack
}

// waitCall waits for the call to method after the first n.
func (f *botFixture) waitCall(n int, method string) fakeslack.Call {
	f.t.Helper()
	seen := 0
	c, err := f.slack.WaitCall(f.ctx(), method, func(fakeslack.Call) bool { seen++; return seen > n })
	if err != nil {
		f.t.Fatalf("waiting for %s: %v", method, err)
	}
	return c
}

// view returns the view a views.* call answered with.
func (f *botFixture) view(c fakeslack.Call) fakeslack.View {
	f.t.Helper()
	var resp struct {
		View struct {
			ID string `json:"id"`
		} `json:"view"`
	}
	if err := json.Unmarshal(c.Response, &resp); err != nil {
		f.t.Fatal(err)
	}
	v, ok := f.slack.View(resp.View.ID)
	if !ok {
		f.t.Fatalf("%s answered with no view: %s", c.Method, c.Response)
	}
	return v
}

// click clicks a button of the view viewID.
func (f *botFixture) click(viewID, actionID, value string) {
	f.t.Helper()
	if _, err := f.slack.ClickButton(f.ctx(), fakeslack.Click{UserID: "UANA", ViewID: viewID, ActionID: actionID, BlockID: "b", Value: value}); err != nil {
		f.t.Fatal(err)
	}
}

// lockedBuffer is a bytes.Buffer safe for the logger's concurrent writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// calls counts the calls of a service's methods.
type calls struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *calls) add(method string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[method]++
}

// take returns the counts so far and starts again from zero.
func (c *calls) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.n
	c.n = nil
	if n == nil {
		n = map[string]int{}
	}
	return n
}

// memPlans is an in-memory PlanService of the methods the screens under
// test call; another method panics.
type memPlans struct {
	plan.PlanService
	calls
	mu    sync.Mutex
	plans []*plan.Plan
}

func (m *memPlans) EnsurePlan(ctx context.Context, defaults plan.Plan) (*plan.Plan, error) {
	m.add("EnsurePlan")
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range m.plans {
		if p.TeamID == defaults.TeamID && p.ChannelID == defaults.ChannelID {
			c := *p
			return &c, nil
		}
	}
	p := defaults
	p.ID = int64(len(m.plans) + 1)
	m.plans = append(m.plans, &p)
	c := p
	return &c, nil
}

// FindPlanByChannel is what the help asks to point a channel with no plan
// to /plan start; it is not recorded among the calls.
func (m *memPlans) FindPlanByChannel(ctx context.Context, teamID, channelID string) (*plan.Plan, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range m.plans {
		if p.TeamID == teamID && p.ChannelID == channelID {
			c := *p
			return &c, nil
		}
	}
	return nil, plan.Errorf(plan.ENOTFOUND, "no plan in %s", channelID)
}

func (m *memPlans) FindPlanByID(ctx context.Context, id int64) (*plan.Plan, error) {
	m.add("FindPlanByID")
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range m.plans {
		if p.ID == id {
			c := *p
			return &c, nil
		}
	}
	return nil, plan.Errorf(plan.ENOTFOUND, "plan %d not found", id)
}

// RecordPlanVisit records nothing: every command calls it once, to say
// which plan the user worked in last (the shortcuts offer it first).
func (m *memPlans) RecordPlanVisit(ctx context.Context, teamID, userID string, planID int64) error {
	m.add("RecordPlanVisit")
	return nil
}

// memGoals is an in-memory GoalService.
type memGoals struct {
	plan.GoalService
	calls
	mu    sync.Mutex
	goals []*plan.Goal
}

func (m *memGoals) FindGoals(ctx context.Context, f plan.GoalFilter) ([]*plan.Goal, int, error) {
	m.add("FindGoals")
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*plan.Goal
	for _, g := range m.goals {
		if f.PlanID == nil || g.PlanID == *f.PlanID {
			c := *g
			out = append(out, &c)
		}
	}
	total := len(out)
	out = out[min(f.Offset, total):]
	if f.Limit > 0 {
		out = out[:min(f.Limit, len(out))]
	}
	return out, total, nil
}

func (m *memGoals) FindGoalByID(ctx context.Context, id int64) (*plan.Goal, error) {
	m.add("FindGoalByID")
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, g := range m.goals {
		if g.ID == id {
			c := *g
			return &c, nil
		}
	}
	return nil, plan.Errorf(plan.ENOTFOUND, "goal %d not found", id)
}

func (m *memGoals) CreateGoal(ctx context.Context, g *plan.Goal) error {
	m.add("CreateGoal")
	m.mu.Lock()
	defer m.mu.Unlock()
	g.ID = int64(len(m.goals) + 1)
	c := *g
	m.goals = append(m.goals, &c)
	return nil
}

func (m *memGoals) UpdateGoal(ctx context.Context, id int64, upd plan.GoalUpdate) (*plan.Goal, error) {
	m.add("UpdateGoal")
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, g := range m.goals {
		if g.ID == id {
			upd.Apply(g)
			c := *g
			return &c, nil
		}
	}
	return nil, plan.Errorf(plan.ENOTFOUND, "goal %d not found", id)
}

// goalFormValues are the values of a valid goal form.
func goalFormValues(title string) map[string]map[string]any {
	return map[string]map[string]any{
		BlockGoalKind:     {ActionInput: "leads"},
		BlockGoalTitle:    {ActionInput: title},
		BlockGoalMetric:   {ActionInput: "newsletter signups"},
		BlockGoalBaseline: {ActionInput: "120"},
		BlockGoalTarget:   {ActionInput: "480"},
		BlockGoalDeadline: {ActionInput: "2027-03-31"},
		BlockGoalOwner:    {ActionInput: "UANA"},
	}
}

// TestGoalSubmit_ReadsPlanOnce checks what one goal submission costs: the
// plan read once, and passed to the validation, the save, the redraw of
// the list under the form and the decision note; the goal stored in one
// write; and, for an edit, the goal read once.
func TestGoalSubmit_ReadsPlanOnce(t *testing.T) {
	plans := &memPlans{plans: []*plan.Plan{{ID: 1, TeamID: fakeslack.TeamID, ChannelID: "C1", Name: "social", TimeZone: "UTC", Language: "en"}}}
	goals := &memGoals{goals: []*plan.Goal{{ID: 1, PlanID: 1, Kind: plan.GoalLeads, Title: "Grow signups", Metric: "signups",
		Baseline: 1, Target: 2, Deadline: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), OwnerID: "UANA"}}}
	f := newBotFixture(t, func(b *Bot) { b.Plans, b.Goals = plans, goals })

	f.command("goals")
	list := f.view(f.waitCall(0, "views.open"))
	if list.CallbackID != CallbackGoalsList {
		t.Fatalf("/plan goals opened %s, want the list", list.CallbackID)
	}

	for _, tt := range []struct {
		name          string
		action, value string
		write         string
		wantGoalReads int
	}{
		{name: "Create", action: ActionGoalAdd, value: "1", write: "CreateGoal"},
		{name: "Update", action: ActionGoalEdit, value: "1", write: "UpdateGoal", wantGoalReads: 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pushes, notes, updates := len(f.slack.Calls("views.push")), len(f.slack.Calls("chat.postMessage")), len(f.slack.Calls("views.update"))
			f.click(list.ID, tt.action, tt.value)
			form := f.view(f.waitCall(pushes, "views.push"))
			plans.take()
			goals.take()

			sub, err := f.slack.SubmitView(f.ctx(), "UANA", form.ID, goalFormValues("Goal "+tt.name))
			if err != nil {
				t.Fatal(err)
			}
			if sub.Payload != nil {
				t.Fatalf("submission refused: %s", sub.Payload)
			}
			f.waitCall(updates, "views.update")   // the list under the form
			f.waitCall(notes, "chat.postMessage") // the decision note, last

			p, g := plans.take(), goals.take()
			if p["FindPlanByID"] != 1 || len(p) != 1 {
				t.Errorf("plan service calls %v, want FindPlanByID once", p)
			}
			if g[tt.write] != 1 || g["CreateGoal"]+g["UpdateGoal"] != 1 {
				t.Errorf("goal service calls %v, want %s once and no other write", g, tt.write)
			}
			if g["FindGoalByID"] != tt.wantGoalReads {
				t.Errorf("goal read %d times, want %d", g["FindGoalByID"], tt.wantGoalReads)
			}
		})
	}
}

// TestGoalSubmit_FieldErrors checks that a wrong form comes back with every
// wrong field at once, a number that does not parse among them, and that
// nothing is written.
func TestGoalSubmit_FieldErrors(t *testing.T) {
	plans := &memPlans{}
	goals := &memGoals{}
	f := newBotFixture(t, func(b *Bot) { b.Plans, b.Goals = plans, goals })
	f.command("goals")
	form := f.view(f.waitCall(0, "views.open"))
	if form.CallbackID != CallbackGoal {
		t.Fatalf("the first /plan goals opened %s, want the form", form.CallbackID)
	}
	values := goalFormValues("")
	values[BlockGoalTarget][ActionInput] = "lots"
	sub, err := f.slack.SubmitView(f.ctx(), "UANA", form.ID, values)
	if err != nil {
		t.Fatal(err)
	}
	var ack struct {
		Action string            `json:"response_action"`
		Errors map[string]string `json:"errors"`
	}
	if err := json.Unmarshal(sub.Payload, &ack); err != nil || ack.Action != "errors" {
		t.Fatalf("ack %s, want field errors", sub.Payload)
	}
	want := map[string]string{BlockGoalTitle: EN.T("goal.title.required"), BlockGoalTarget: EN.T("goal.target.invalid")}
	if len(ack.Errors) != len(want) || ack.Errors[BlockGoalTitle] != want[BlockGoalTitle] || ack.Errors[BlockGoalTarget] != want[BlockGoalTarget] {
		t.Errorf("errors %v, want %v", ack.Errors, want)
	}
	if g := goals.take(); g["CreateGoal"]+g["UpdateGoal"] != 0 {
		t.Errorf("goal service calls %v, want no write", g)
	}
}

// countingSnapshots is a SnapshotService serving fixed snapshots.
type countingSnapshots struct {
	calls
	plan *plan.PlanSnapshot
}

func (s *countingSnapshots) PlanSnapshot(ctx context.Context, id int64) (*plan.PlanSnapshot, error) {
	s.add("PlanSnapshot")
	if id != s.plan.Plan.ID {
		return nil, plan.Errorf(plan.ENOTFOUND, "plan %d not found", id)
	}
	return s.plan, nil
}

func (s *countingSnapshots) HomeSnapshot(ctx context.Context, f plan.HomeFilter) (*plan.HomeSnapshot, error) {
	s.add("HomeSnapshot")
	return &plan.HomeSnapshot{Plans: []*plan.PlanSnapshot{s.plan}, Mine: map[int64]bool{s.plan.Plan.ID: true}}, nil
}

// TestScreens_OneRead checks that /plan status, the App Home and the review
// of step 9 read one snapshot, and no other service: the plan's other
// services are nil in this bot, and a call to one panics.
func TestScreens_OneRead(t *testing.T) {
	p := &plan.Plan{ID: 1, TeamID: fakeslack.TeamID, ChannelID: "C1", Name: "social", TimeZone: "UTC", Language: "en"}
	plans := &memPlans{plans: []*plan.Plan{p}}
	snaps := &countingSnapshots{plan: &plan.PlanSnapshot{Plan: p, Strategy: &plan.Strategy{PlanID: 1},
		Goals:    []*plan.Goal{{ID: 1, PlanID: 1, Title: "Grow signups", Metric: "signups", Baseline: 1, Target: 2, Deadline: botNow.AddDate(0, 3, 0)}},
		Schedule: plan.DefaultReviewSchedule}}
	f := newBotFixture(t, func(b *Bot) { b.Plans, b.Snapshots = plans, snaps })

	check := func(t *testing.T, method string, wantPlans map[string]int) {
		t.Helper()
		if got := snaps.take(); got[method] != 1 || len(got) != 1 {
			t.Errorf("snapshot calls %v, want %s once", got, method)
		}
		if got := plans.take(); len(got) != len(wantPlans) || got["EnsurePlan"] != wantPlans["EnsurePlan"] {
			t.Errorf("plan service calls %v, want %v", got, wantPlans)
		}
	}
	t.Run("Status", func(t *testing.T) {
		n := len(f.slack.Calls("chat.postEphemeral"))
		f.command("status")
		if c := f.waitCall(n, "chat.postEphemeral"); !strings.Contains(c.Params.Get("text"), "1 of 9 steps done") {
			t.Errorf("status %q", c.Params.Get("text"))
		}
		check(t, "PlanSnapshot", map[string]int{"EnsurePlan": 1, "RecordPlanVisit": 1})
	})
	t.Run("Home", func(t *testing.T) {
		n := len(f.slack.Calls("views.publish"))
		event := map[string]any{"type": "app_home_opened", "user": "UANA", "channel": "DANA", "tab": "home", "event_ts": "1764063600.000100"}
		if _, err := f.slack.SendEvent(f.ctx(), "Ev1", event, 0); err != nil {
			t.Fatal(err)
		}
		if c := f.waitCall(n, "views.publish"); !strings.Contains(c.Params.Get("view"), "1 of 9 steps done") {
			t.Errorf("home %s", c.Params.Get("view"))
		}
		check(t, "HomeSnapshot", nil)
	})
	t.Run("Review", func(t *testing.T) {
		n, m := len(f.slack.Calls("views.open")), len(f.slack.Calls("views.update"))
		f.command("review")
		// Opened first, light, then filled (openfill.go): what each call
		// sent, not the stored view, which the fill may have redrawn.
		if v := f.waitCall(n, "views.open").Params.Get("view"); !strings.Contains(v, `"callback_id":"`+CallbackLoading+`"`) {
			t.Errorf("/plan review opened first %s", v)
		}
		if v := f.waitCall(m, "views.update").Params.Get("view"); !strings.Contains(v, `"callback_id":"`+CallbackAdapt+`"`) {
			t.Errorf("/plan review filled with %s", v)
		}
		check(t, "PlanSnapshot", map[string]int{"EnsurePlan": 1, "RecordPlanVisit": 1})
	})
}
