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
		AtRisk: testRisks(),
		Subjects: []adaptSubject{
			{Key: "f2", Kind: plan.SubjectNetwork, ID: 2, Name: "X", Finding: &f, Evidence: "9 replies"},
			{Key: "n1", Kind: plan.SubjectNetwork, ID: 1, Name: "Instagram", Detail: "Role: awareness", Suggest: plan.DecisionDoMore,
				Why: lang.T("evidence.best", "mentions "+evil), Evidence: "mentions: +8, +2 a post (better)", Status: plan.ChannelActive},
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
			mustHave(t, string(raw), BlockAdaptRole+"f2", BlockAdaptCadence+"n1", BlockAdaptDecision+"p3", BlockAdaptRationale+"c4", ActionDecisionLog,
				":bulb: _"+Escape(lang.T("evidence.best", "mentions "+evil))+"_")
			if strings.Contains(string(raw), BlockAdaptCadence+"p3") {
				t.Error("a pillar has a cadence input")
			}
			// Issue 15, "Decisions nobody made": the suggestion is shown,
			// nothing is chosen or written for the team.
			if strings.Contains(string(raw), "initial_option") || strings.Contains(string(raw), "initial_value") {
				t.Error("the review modal opens with a decision or a rationale filled in")
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
		BlockAdaptDecision + "f2":  sel("try"),
		BlockAdaptRole + "f2":      {SelectedOptions: []slack.OptionBlockObject{{Value: "customer_service"}}},
		BlockAdaptRationale + "f2": txt("Questions there"),
		BlockAdaptDecision + "n2":  sel("do_less"),
		BlockAdaptRationale + "n2": txt("Less noise"),
		BlockAdaptDecision + "n1":  sel(""),
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

	// Only what the user chose is recorded: a role, a cadence or a
	// rationale without a decision asks for one, and nothing at all
	// records nothing, though Instagram's suggestion is "do more".
	_, errs = readAdaptForm(state(map[string]slack.BlockAction{
		BlockAdaptDecision + "n2":  sel("stop"),
		BlockAdaptCadence + "n1":   txt("weekly"),
		BlockAdaptRole + "f2":      {SelectedOptions: []slack.OptionBlockObject{{Value: "customer_service"}}},
		BlockAdaptRationale + "p3": txt("no decision"),
	}), d, EN, EN)
	for _, key := range []string{"n1", "f2", "p3"} {
		if !strings.Contains(errs[BlockAdaptDecision+key], "Choose a decision") {
			t.Errorf("%s: errors %v", key, errs)
		}
	}
	if !strings.Contains(errs[BlockAdaptRationale+"n2"], "Say why") {
		t.Errorf("errors %v", errs)
	}
	empty := map[string]slack.BlockAction{}
	for _, sub := range d.Subjects {
		empty[BlockAdaptDecision+sub.Key], empty[BlockAdaptRationale+sub.Key] = sel(""), txt("")
	}
	if ds, errs := readAdaptForm(state(empty), d, EN, EN); len(ds) != 0 || len(errs) != 0 {
		t.Errorf("an untouched page recorded %+v, errors %v", ds, errs)
	}
}

// TestEvidenceNetworkStatus: a review shows the status of a network that
// is not active beside its role and cadence, in the plan's zone, and a
// suggestion to do more of a stopped network says it starts it again.
func TestEvidenceNetworkStatus(t *testing.T) {
	c := &plan.Channel{ID: 2, Network: plan.NetworkX, Role: plan.GoalAwareness, Cadence: "daily",
		Status: plan.ChannelStopped, StatusSince: time.Date(2026, 11, 24, 23, 30, 0, 0, time.UTC), StatusBy: "U0ANA"}
	w := evidence{lang: FR, in: plan.EvidenceInput{Loc: stepsParis, From: time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)}}
	s := w.network(c, plan.Evidence{})
	if s.Status != plan.ChannelStopped || s.Detail != "Rôle\u202f: Notoriété · rythme\u202f: daily · Arrêté depuis le 25\u00a0nov. 2026" {
		t.Errorf("stopped network: status %q, detail %q", s.Status, s.Detail)
	}
	c.Status = ""
	if s := w.network(c, plan.Evidence{}); s.Status != plan.ChannelActive || strings.Contains(s.Detail, "depuis") {
		t.Errorf("active network: status %q, detail %q", s.Status, s.Detail)
	}

	w.lang = EN
	w.in.Goals = []*plan.Goal{{ID: 5, Metric: "mentions"}}
	best := plan.Evidence{Suggestion: plan.DecisionDoMore, Reason: "evidence.best", ReasonGoal: 5}
	if s := w.network(c, best); s.Suggest != plan.DecisionDoMore || s.Why != "Suggestion: do more. It did best on “mentions”, per post." {
		t.Errorf("active network: suggest %q, why %q", s.Suggest, s.Why)
	}
	c.Status = plan.ChannelStopped
	if s := w.network(c, best); s.Why != "Suggestion: do more. It did best on “mentions”, per post. It is stopped: doing more starts it again." {
		t.Errorf("stopped network: why %q", s.Why)
	}
	thin := plan.Evidence{Reason: "evidence.too_few_posts"}
	if s := w.network(c, thin); s.Suggest != "" || s.Hint != "Too few posts to compare it: fewer than 3 in the period." {
		t.Errorf("thin evidence: suggest %q, hint %q", s.Suggest, s.Hint)
	}
}

// TestAdaptDataOf_Direction: issue 11's "Direction" defect, from a plan's
// snapshot. Instagram's median reply time went from 2 h to 5 h, X's from
// 4 h to 1 h; each posted 3 times in the period. Instagram is never "do
// more" and gets no share of customer service; X gets all of it.
func TestAdaptDataOf_Direction(t *testing.T) {
	now := time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)
	p := &plan.Plan{ID: 1, ChannelID: "C1", Name: "Acme", TimeZone: "UTC", Language: "en"}
	insta := &plan.Channel{ID: 1, PlanID: 1, Network: plan.NetworkInstagram, Role: plan.GoalCustomerService}
	x := &plan.Channel{ID: 2, PlanID: 1, Network: plan.NetworkX, Role: plan.GoalCustomerService}
	snap := &plan.PlanSnapshot{Plan: p, Strategy: &plan.Strategy{}, Channels: []*plan.Channel{insta, x}}
	reply := func(n plan.Network, daysAgo int, took time.Duration) plan.Reply {
		return plan.Reply{Network: n, RepliedAt: now.Add(-time.Duration(daysAgo) * 24 * time.Hour), Took: took}
	}
	for _, r := range []plan.Reply{
		reply(plan.NetworkInstagram, 40, 2*time.Hour), reply(plan.NetworkInstagram, 10, 5*time.Hour),
		reply(plan.NetworkX, 40, 4*time.Hour), reply(plan.NetworkX, 10, time.Hour),
	} {
		snap.Replies = append(snap.Replies, r)
	}
	for i, n := range []plan.Network{plan.NetworkInstagram, plan.NetworkInstagram, plan.NetworkInstagram, plan.NetworkX, plan.NetworkX, plan.NetworkX} {
		snap.Content = append(snap.Content, &plan.ContentItem{ID: int64(i + 1), PlanID: 1, Network: n, Status: plan.ContentPublished,
			PublishAt: now.Add(-time.Duration(i+1) * 24 * time.Hour)})
	}
	d := adaptDataOf(snap, snap.Content, now, EN)
	ig, _ := d.subject("n1")
	xs, _ := d.subject("n2")
	// 5 h - 2 h = +3 h, worse for a reply time; 1 h - 4 h = -3 h, better.
	if ig.Suggest == plan.DecisionDoMore || !strings.Contains(ig.Evidence, "median reply time: +3\u00a0h (worse)") {
		t.Errorf("Instagram: suggest %q, evidence %q", ig.Suggest, ig.Evidence)
	}
	if xs.Suggest != plan.DecisionDoMore || !strings.Contains(xs.Evidence, "median reply time: -3\u00a0h (better)") || !strings.Contains(xs.Evidence, "3 items published") {
		t.Errorf("X: suggest %q, evidence %q", xs.Suggest, xs.Evidence)
	}
	igCell, _ := d.Matrix.Cell(plan.NetworkInstagram, plan.GoalCustomerService)
	xCell, _ := d.Matrix.Cell(plan.NetworkX, plan.GoalCustomerService)
	if igCell.Share != 0 || xCell.Share != 1 {
		t.Errorf("customer service shares: Instagram %v, X %v; want 0 and 1", igCell.Share, xCell.Share)
	}
	v := adaptModal(EN, d, 0, 0, viewMeta{PlanID: 1, ChannelID: "C1"})
	if raw := jsonText(t, v); strings.Contains(raw, "initial_option") {
		t.Errorf("a decision is pre-selected: %s", raw)
	}
}

func TestFigure(t *testing.T) {
	for _, tt := range []struct {
		lang   Lang
		v      float64
		signed bool
		unit   string
		want   string
	}{
		{EN, 13250.5, false, "", "13,250.5"},
		{FR, 13250.5, false, "", "13\u202f250,5"},
		{EN, 3, true, "h", "+3\u00a0h"},
		{FR, -0.456, true, "%", "-0,46\u202f%"},
		{EN, 2.5, true, "%", "+2.5%"},
		{EN, 0, true, "", "0"},
		{EN, -1234567, false, "€", "-1,234,567\u00a0€"},
	} {
		if got := withFigureUnit(tt.lang, tt.v, tt.unit, tt.signed); got != tt.want {
			t.Errorf("withFigureUnit(%s, %v, %q, %v) = %q, want %q", tt.lang, tt.v, tt.unit, tt.signed, got, tt.want)
		}
	}
}
