package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/internal/slacktest"
	"github.com/planbot/planbot/markdown"
	"github.com/planbot/planbot/plan"
)

// Views of steps 8 and 9, in English and French, against golden files.

var measureNow = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

func measurePlan() *plan.Plan {
	return &plan.Plan{ID: 1, ChannelID: "C1", Name: "Acme " + evil, TimeZone: "Europe/Paris", Language: "en"}
}

// measureKPIs returns a KPI with data, on track, and one without.
func measureKPIs() []plan.KPI {
	g := &plan.Goal{ID: 7, PlanID: 1, Kind: plan.GoalLeads, Title: "Grow signups " + evil, Metric: "newsletter signups",
		Baseline: 120, Target: 480, Unit: "signups", Deadline: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC),
		CreatedAt: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)}
	quiet := &plan.Goal{ID: 8, PlanID: 1, Kind: plan.GoalAwareness, Title: "Be known", Metric: "press " + evil,
		Baseline: 0, Target: 12, Deadline: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC), CreatedAt: g.CreatedAt}
	today := plan.Today(measureNow, time.UTC)
	obs := []*plan.Observation{
		{Metric: "newsletter signups", Network: plan.NetworkInstagram, Value: 150, Date: time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC)},
		{Metric: "newsletter signups", Network: plan.NetworkInstagram, Value: 190, Date: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)},
		{Metric: "newsletter signups", Network: plan.NetworkLinkedIn, Value: 20, Date: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)},
	}
	return []plan.KPI{plan.ComputeKPI(g, nil, obs, today, time.UTC), plan.ComputeKPI(quiet, nil, nil, today, time.UTC)}
}

func measureMetrics() []*plan.Metric {
	return []*plan.Metric{
		{ID: 3, PlanID: 1, Name: "mentions", Kind: plan.MetricCount, GoalKind: plan.GoalAwareness},
		{PlanID: 1, Name: "newsletter signups", Unit: "signups", Kind: plan.MetricLevel, GoalKind: plan.GoalLeads, GoalIDs: []int64{7}},
	}
}

func TestMeasureViews(t *testing.T) {
	weekly := plan.ReviewSchedule{Frequency: plan.FrequencyWeekly, Weekday: time.Monday, MonthDay: 1, Hour: 9}
	latest := []*plan.Observation{
		{ID: 11, Metric: "mentions", Network: plan.NetworkBlog, Value: 1, Date: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC),
			Outlet: "Le Monde " + evil, Mention: plan.MentionPress, Link: "https://lemonde.example/a", Source: "note " + evil},
		{ID: 10, Metric: "newsletter signups", Value: 42.5, Date: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)},
	}
	d := measureData{
		Plan: measurePlan(), KPIs: measureKPIs(), Metrics: measureMetrics(), Latest: latest, Total: 3,
		Counts: map[string]int{"mentions": 1, "newsletter signups": 3}, Schedule: weekly, ReviewsSetUp: true,
		NextReview: time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC), Today: plan.Today(measureNow, time.UTC),
		PeriodStart: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC),
	}
	meta := stepMeta{PlanID: 1, ChannelID: "C1"}
	for _, lang := range []Lang{EN, FR} {
		l := string(lang)
		t.Run("Measure_"+l, func(t *testing.T) {
			v := measureModal(lang, d, meta)
			raw := golden(t, "measure_modal_"+l, v)
			checkModalLimits(t, v)
			checkStepLimits(t, v, 100)
			if live := slacktest.LiveMarkup(raw); live != "" {
				t.Errorf("unescaped user text: %s", live)
			}
			if lang == EN {
				mustHave(t, string(raw), "On track", "No result for press &lt;!channel&gt;", ActionMetricDelete, ActionObservationDelete, "Next: Dec 7, 2026 at 09:00")
			}
		})
		t.Run("Observations_"+l, func(t *testing.T) {
			v := observationsModal(lang, measureMetrics(), d.Today, meta)
			golden(t, "observations_modal_"+l, v)
			checkModalLimits(t, v)
		})
		t.Run("CSV_"+l, func(t *testing.T) {
			v := csvModal(lang, measureMetrics(), meta)
			golden(t, "csv_modal_"+l, v)
			checkModalLimits(t, v)
		})
		t.Run("Metric_"+l, func(t *testing.T) {
			v := metricModal(lang, meta)
			golden(t, "metric_modal_"+l, v)
			checkModalLimits(t, v)
		})
		t.Run("Mention_"+l, func(t *testing.T) {
			o := &plan.Observation{Link: "https://lemonde.example/a", Date: d.Today, Source: "Look " + evil}
			guessMention(o)
			v := mentionModal(lang, o, "C1", stepMeta{ChannelID: "C1"})
			raw := golden(t, "mention_modal_"+l, v)
			checkModalLimits(t, v)
			mustHave(t, string(raw), `"value": "press_article"`, `"value": "blog"`, `"initial_value": "lemonde.example"`)
		})
		t.Run("Settings_"+l, func(t *testing.T) {
			blocks := reviewScheduleBlocks(lang, weekly)
			raw := golden(t, "settings_review_"+l, blocks)
			mustHave(t, string(raw), `"initial_time": "09:00"`, `"value": "weekly"`)
		})
		t.Run("Review_"+l, func(t *testing.T) {
			e := &plan.Experiment{ID: 1, Name: "Question " + evil, Network: plan.NetworkX,
				Variants:  []plan.ExperimentVariant{{Name: "A", Exposures: 1200, Successes: 144}, {Name: "B", Exposures: 1200, Successes: 192}},
				ResultsAt: measureNow.Add(-time.Hour)}
			rev := reviewData{
				Plan: measurePlan(), Delivery: &plan.Delivery{Occurrence: plan.Occurrence{Firing: plan.Firing{Due: measureNow}}},
				Schedule: weekly, PeriodStart: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), KPIs: measureKPIs(),
				Experiments: []*plan.Experiment{e},
				Replies:     []plan.NetworkReplyStats{{Network: plan.NetworkX, Count: 4, Median: 80 * time.Minute, P90: 3 * time.Hour}},
			}
			text, blocks := reviewMessage(lang, rev)
			raw := golden(t, "review_message_"+l, blocks)
			checkStepLimits(t, blocks, 50)
			if live := slacktest.LiveMarkup(raw); live != "" {
				t.Errorf("unescaped user text: %s", live)
			}
			if strings.Contains(text, "<!channel>") {
				t.Errorf("notification text not escaped: %q", text)
			}
			if lang == EN {
				mustHave(t, string(raw), "25.0% of the way", "Variant B wins", "median 1 h 20 min", ActionAdaptStart, ActionMeasureLog,
					"Nothing logged since Nov 23, 2026 for *press &lt;!channel&gt;")
			}
		})
	}
}

func TestRowErrorsText(t *testing.T) {
	re := plan.RowErrors{
		{Row: 3, Key: "csv.date", Value: "2026-13-01"},
		{Row: 4, Key: "observation.metric.unknown", Value: "followers"},
		{Row: 5, Key: "csv.columns", Value: "5"},
	}
	got := rowErrorsText(FR, re)
	want := "Ligne 3 : « 2026-13-01 » n'est pas une date : écrivez 2026-03-31, ou une période 2026-03-01/2026-03-31.\n" +
		"Ligne 4 : Mesure inconnue « followers » : ajoutez-la d'abord dans /plan mesurer.\n" +
		"Ligne 5 : 4 colonnes attendues (date,metric,network,value), 5 trouvées. Une virgule décimale ? Utilisez un point, le point-virgule comme séparateur, ou des guillemets."
	if got != want {
		t.Errorf("rowErrorsText =\n%s\nwant\n%s", got, want)
	}
	var many plan.RowErrors
	for i := range 12 {
		many = append(many, plan.RowError{Row: i + 1, Key: "csv.value", Value: "x"})
	}
	if got := rowErrorsText(EN, many); !strings.HasSuffix(got, "and 4 more") || strings.Count(got, "\n") != 8 {
		t.Errorf("12 errors: %s", got)
	}
}

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
			v := adaptModal(lang, adaptTestData(lang), 0, 0, stepMeta{PlanID: 1, ChannelID: "C1"})
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
			v := decisionLogModal(lang, ds, 40, time.UTC, stepMeta{PlanID: 1, ChannelID: "C1", Page: 1})
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
			v := adaptModal(EN, d, page, 3, stepMeta{PlanID: 1, ChannelID: "C1"})
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

// TestExportLabelsInCatalogue exports a full document in both languages
// and checks every label it asked for is in the catalogue.
func TestExportLabelsInCatalogue(t *testing.T) {
	d := adaptTestData(EN)
	e := &plan.Experiment{ID: 1, Name: "Q", Variable: plan.VariableDay, Network: plan.NetworkX,
		Variants: []plan.ExperimentVariant{{Name: "A"}, {Name: "B"}}}
	doc := plan.ExportDoc{
		Plan: measurePlan(), Now: measureNow, KPIs: measureKPIs(), Metrics: measureMetrics(), Matrix: d.Matrix,
		Goals:        []*plan.Goal{measureKPIs()[0].Goal},
		Personas:     []*plan.Persona{{ID: 1, Name: "Sophie", Networks: []plan.Network{plan.NetworkInstagram}, Who: "parent"}},
		Strategy:     &plan.Strategy{Voice: "warm", Tone: "kind"},
		Pillars:      []*plan.Pillar{{ID: 3, Name: "Recipes", PersonaIDs: []int64{1}}},
		Content:      []*plan.ContentItem{{ID: 1, Title: "Teaser", Network: plan.NetworkInstagram, Format: plan.FormatImage, Status: plan.ContentDraft, Copy: "Hi", PillarID: 3}},
		CTAs:         []*plan.CTA{{ID: 4, Kind: plan.CTAEmailSignup, Text: "Sign up", URL: "https://a.example", GoalID: 7, Network: plan.NetworkInstagram}},
		Channels:     []*plan.Channel{d.Matrix.Findings[0].Channel},
		Experiments:  []*plan.Experiment{e},
		Engagement:   []*plan.EngagementItem{{Network: plan.NetworkX, Kind: plan.EngagementQuestion, Excerpt: "?", Status: plan.EngagementReplied}},
		Replies:      []plan.NetworkReplyStats{{Network: plan.NetworkX, Count: 1}},
		Observations: []*plan.Observation{{Metric: "mentions", Value: 1, Date: measureNow, Network: plan.NetworkBlog}},
		Schedule:     plan.ReviewSchedule{Frequency: plan.FrequencyMonthly, MonthDay: 1},
		Decisions:    []*plan.Decision{{Subject: plan.SubjectNetwork, SubjectName: "X", Decision: plan.DecisionStop, NewRole: plan.GoalSales, NewCadence: "x"}},
	}
	for _, lang := range []Lang{EN, FR} {
		md := markdown.Export(doc, exportLabels{lang})
		for _, word := range []string{"export.", "step.", "goal.kind.", "network.", "decision.", "pace.word.", "metric.kind."} {
			if i := strings.Index(md, word); i >= 0 {
				t.Errorf("%s: a label is missing from the catalogue: %q", lang, md[i:min(len(md), i+40)])
			}
		}
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
