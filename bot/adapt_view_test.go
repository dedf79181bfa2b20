package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/internal/slacktest"
	"github.com/planbot/planbot/plan"
)

// adaptTestData is a review with a finding, two networks, a pillar and a
// call to action.
func adaptTestData(lang Lang) adaptData {
	x := &plan.Channel{ID: 2, Network: plan.NetworkX, Role: plan.GoalAwareness, Cadence: "daily " + evil}
	m := plan.HolisticMatrix{
		Networks: []plan.Network{plan.NetworkInstagram, plan.NetworkX},
		Kinds:    []plan.GoalKind{plan.GoalAwareness, plan.GoalCustomerService},
		Cells:    [][]plan.HolisticCell{{{Share: 0.8}, {Share: 0.1}}, {{Share: 0.2}, {Share: 0.9}}},
		Sources:  []int{1, 1},
	}
	f := plan.Finding{Channel: x, Kind: plan.GoalCustomerService, Share: 0.9, RoleShare: 0.2}
	m.Findings = []plan.Finding{f}
	last := &plan.Decision{Decision: plan.DecisionDoLess, DecidedAt: time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC), DecidedBy: "U0ANA"}
	return adaptData{
		Plan: measurePlan(), From: time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC), Matrix: m,
		Subjects: []adaptSubject{
			{Key: "f2", Kind: plan.SubjectNetwork, ID: 2, Name: "X", Finding: &f, Suggest: plan.DecisionTry, Why: findingText(lang, f), Evidence: "9 replies"},
			{Key: "n1", Kind: plan.SubjectNetwork, ID: 1, Name: "Instagram", Detail: "Role: awareness", Suggest: plan.DecisionDoMore, Why: "80%", Evidence: "mentions: 8", Status: plan.ChannelActive},
			{Key: "n2", Kind: plan.SubjectNetwork, ID: 2, Name: "X", Detail: "Role: awareness · Reduced since Nov 2, 2026", Evidence: "followers " + evil, Hint: "do less?", Last: last, Status: plan.ChannelReduced},
			{Key: "p3", Kind: plan.SubjectPillar, ID: 3, Name: "Recipes " + evil, Evidence: "2 published"},
			{Key: "c4", Kind: plan.SubjectCTA, ID: 4, Name: "Sign up", Detail: "goal: Grow", Evidence: "carried by 1"},
		},
	}
}

func TestAdaptViews(t *testing.T) {
	for _, lang := range []Lang{EN, FR} {
		l := string(lang)
		t.Run("Modal_"+l, func(t *testing.T) {
			v := adaptModal(lang, adaptTestData(lang), 0, 0, viewMeta{PlanID: 1, ChannelID: "C1"})
			raw := golden(t, "adapt_modal_"+l, v)
			checkModalLimits(t, v)
			checkStepLimits(t, v, 100)
			if live := slacktest.LiveMarkup(raw); live != "" {
				t.Errorf("unescaped user text: %s", live)
			}
			mustHave(t, string(raw), BlockAdaptRole+"f2", BlockAdaptCadence+"n1", BlockAdaptDecision+"p3", BlockAdaptRationale+"c4", ActionDecisionLog)
			if strings.Contains(string(raw), BlockAdaptCadence+"p3") {
				t.Error("a pillar has a cadence input")
			}
		})
		t.Run("Log_"+l, func(t *testing.T) {
			ds := []*plan.Decision{
				{ID: 2, Subject: plan.SubjectNetwork, SubjectName: "X", Decision: plan.DecisionStop, Rationale: "Noise " + evil,
					Evidence: "4 replies " + evil, NewCadence: "1 a month " + evil, NewStatus: plan.ChannelStopped, NewRole: plan.GoalCustomerService,
					DecidedBy: "U0ANA", DecidedAt: measureNow},
				{ID: 1, Subject: plan.SubjectPillar, SubjectName: "Recipes", Decision: plan.DecisionKeep, Rationale: "Fine", DecidedBy: "U0ANA", DecidedAt: measureNow},
			}
			v := decisionLogModal(lang, ds, 40, time.UTC, viewMeta{PlanID: 1, ChannelID: "C1", Page: 1})
			raw := golden(t, "decision_log_"+l, v)
			checkModalLimits(t, v)
			if live := slacktest.LiveMarkup(raw); live != "" {
				t.Errorf("unescaped user text: %s", live)
			}
			mustHave(t, string(raw), ActionListPrev, ActionListNext)
			text, blocks := adaptSummary(lang, "U0ANA", ds)
			raw = golden(t, "adapt_summary_"+l, blocks)
			checkStepLimits(t, blocks, 50)
			if live := slacktest.LiveMarkup(raw); live != "" || strings.Contains(text, "<!channel>") {
				t.Errorf("unescaped user text: %s", live)
			}
		})
	}
	t.Run("PagesFitAnAck", func(t *testing.T) {
		d := adaptTestData(EN)
		base := d.Subjects[2]
		d.Subjects = nil
		for i := range 3*subjectsPerPage + 1 {
			s := base
			s.Key, s.Evidence = "n"+string(rune('a'+i)), strings.Repeat("evidence ", 130)
			d.Subjects = append(d.Subjects, s)
		}
		if d.pages() != 4 {
			t.Fatalf("%d pages", d.pages())
		}
		for page := range d.pages() {
			v := adaptModal(EN, d, page, 3, viewMeta{PlanID: 1, ChannelID: "C1"})
			checkModalLimits(t, v)
			ack, _ := json.Marshal(slack.NewUpdateViewSubmissionResponse(&v))
			if len(ack) > 20_000 {
				t.Errorf("page %d: ack of %d bytes, over Slack's 20 KB", page, len(ack))
			}
			wantSubmit := "Save and next"
			if page == d.pages()-1 {
				wantSubmit = "Save"
			}
			if v.Submit == nil || v.Submit.Text != wantSubmit {
				t.Errorf("page %d submit %+v, want %q", page, v.Submit, wantSubmit)
			}
		}
	})
}

func TestReadAdaptForm(t *testing.T) {
	d := adaptTestData(EN)
	state := func(values map[string]slack.BlockAction) *slack.ViewState {
		s := &slack.ViewState{Values: map[string]map[string]slack.BlockAction{}}
		for block, a := range values {
			s.Values[block] = map[string]slack.BlockAction{ActionInput: a}
		}
		return s
	}
	sel := func(v string) slack.BlockAction {
		return slack.BlockAction{SelectedOption: slack.OptionBlockObject{Value: v}}
	}
	txt := func(v string) slack.BlockAction { return slack.BlockAction{Value: v} }

	ds, errs := readAdaptForm(state(map[string]slack.BlockAction{
		BlockAdaptRole + "f2":      {SelectedOptions: []slack.OptionBlockObject{{Value: "customer_service"}}},
		BlockAdaptRationale + "f2": txt("Questions there"),
		BlockAdaptDecision + "n2":  sel("do_less"),
		BlockAdaptRationale + "n2": txt("Less noise"),
		BlockAdaptDecision + "n1":  sel(""),
		BlockAdaptRationale + "n1": txt("no decision: skipped"),
		BlockAdaptDecision + "p3":  sel("keep"),
		BlockAdaptRationale + "p3": txt("Works"),
	}), d, EN, FR)
	if len(errs) != 0 || len(ds) != 3 {
		t.Fatalf("decisions %+v, errors %v", ds, errs)
	}
	if ds[0].Decision != plan.DecisionTry || ds[0].NewRole != plan.GoalCustomerService || !strings.HasPrefix(ds[0].Evidence, "X a été choisi") {
		t.Errorf("finding decision %+v", ds[0])
	}
	// Doing less no longer writes a cadence: the network's status says it.
	if ds[1].Decision != plan.DecisionDoLess || ds[1].NewCadence != "" {
		t.Errorf("do less decision %+v", ds[1])
	}
	if ds[2].Subject != plan.SubjectPillar || ds[2].NewCadence != "" {
		t.Errorf("pillar decision %+v", ds[2])
	}

	_, errs = readAdaptForm(state(map[string]slack.BlockAction{
		BlockAdaptDecision + "n2": sel("stop"),
		BlockAdaptCadence + "n1":  txt("weekly"),
	}), d, EN, EN)
	if !strings.Contains(errs[BlockAdaptRationale+"n2"], "Say why") || !strings.Contains(errs[BlockAdaptDecision+"n1"], "Choose a decision") {
		t.Errorf("errors %v", errs)
	}
}

// TestEvidenceNetworkStatus: a review shows the status of a network that
// is not active beside its role and cadence, in the plan's zone, and keeps
// it for the decision's change to step 5.
func TestEvidenceNetworkStatus(t *testing.T) {
	c := &plan.Channel{ID: 2, Network: plan.NetworkX, Role: plan.GoalAwareness, Cadence: "daily",
		Status: plan.ChannelStopped, StatusSince: time.Date(2026, 11, 24, 23, 30, 0, 0, time.UTC), StatusBy: "U0ANA"}
	ev := evidence{lang: FR, loc: stepsParis, from: time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)}
	s := ev.network(c)
	if s.Status != plan.ChannelStopped || s.Detail != "Rôle : Notoriété · rythme : daily · Arrêté depuis le 25 nov. 2026" {
		t.Errorf("stopped network: status %q, detail %q", s.Status, s.Detail)
	}
	c.Status = ""
	if s := ev.network(c); s.Status != plan.ChannelActive || strings.Contains(s.Detail, "depuis") {
		t.Errorf("active network: status %q, detail %q", s.Status, s.Detail)
	}

	// X brings most of the awareness results: do more is chosen for it
	// while it is active, only suggested once it is stopped, since saving
	// the page would make it active again.
	ev.lang = EN
	ev.matrix = plan.HolisticMatrix{
		Networks: []plan.Network{plan.NetworkInstagram, plan.NetworkX},
		Kinds:    []plan.GoalKind{plan.GoalAwareness},
		Cells:    [][]plan.HolisticCell{{{Share: 0.2}}, {{Share: 0.8}}},
		Sources:  []int{1},
	}
	if s := ev.network(c); s.Suggest != plan.DecisionDoMore || s.Why == "" || s.Hint != "" {
		t.Errorf("active network: suggest %q, why %q, hint %q", s.Suggest, s.Why, s.Hint)
	}
	c.Status = plan.ChannelStopped
	if s := ev.network(c); s.Suggest != "" || s.Why != "" || s.Hint != "It brings 80.0% of the Awareness results. It is stopped: do more to start it again?" {
		t.Errorf("stopped network: suggest %q, why %q, hint %q", s.Suggest, s.Why, s.Hint)
	}
}
