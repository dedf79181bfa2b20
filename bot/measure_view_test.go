package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/slacktest"
	"github.com/planbot/planbot/plan"
)

// Views of steps 8 and 9, in English and French, against golden files.

var measureNow = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

func measurePlan() *plan.Plan {
	return &plan.Plan{ID: 1, ChannelID: "C1", Name: "Acme " + evil, TimeZone: "Europe/Paris", Language: "en"}
}

// measureKPIs returns KPIs judged by their types on 2026-11-30: a count
// on track, one without data, an engagement rate shown per network (never
// summed: 2.1 % and 2 %), leads per month, and a reply time to keep under
// 2 h that is over it on one network.
func measureKPIs() []plan.KPIStatus {
	g := &plan.Goal{ID: 7, PlanID: 1, Kind: plan.GoalLeads, Title: "Grow signups " + evil, Metric: "newsletter signups",
		Baseline: 120, Target: 480, Unit: "signups", Deadline: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC),
		CreatedAt: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC),
		KPI:       plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateLevel, Count: true}}
	quiet := &plan.Goal{ID: 8, PlanID: 1, Kind: plan.GoalAwareness, Title: "Be known", Metric: "press " + evil,
		Baseline: 0, Target: 12, Deadline: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC), CreatedAt: g.CreatedAt,
		KPI: plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateCumulative}}
	rate := &plan.Goal{ID: 9, PlanID: 1, Kind: plan.GoalEngagement, Title: "Engage", Metric: "engagement rate", Unit: "%",
		Baseline: 1.5, Target: 3, Deadline: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC), CreatedAt: g.CreatedAt,
		KPI: plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateRate}}
	leads := &plan.Goal{ID: 10, PlanID: 1, Kind: plan.GoalLeads, Title: "Leads", Metric: "leads", Unit: "leads",
		Baseline: 10, Target: 20, Deadline: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC), CreatedAt: time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC),
		KPI: plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateFlow, Period: plan.PeriodMonth}}
	reply := &plan.Goal{ID: 11, PlanID: 1, Kind: plan.GoalCustomerService, Title: "Answer fast", Metric: "reply time", Unit: "h",
		Baseline: 3, Target: 2, Deadline: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC), CreatedAt: g.CreatedAt,
		KPI: plan.KPIType{Direction: plan.DirectionStayBelow, Aggregation: plan.AggregateRate}}
	d := func(m time.Month, day int) time.Time { return time.Date(2026, m, day, 0, 0, 0, 0, time.UTC) }
	obs := []*plan.Observation{
		{Metric: "newsletter signups", Network: plan.NetworkInstagram, Value: 150, Date: d(11, 9)},
		{Metric: "newsletter signups", Network: plan.NetworkInstagram, Value: 190, Date: d(11, 27)},
		{Metric: "newsletter signups", Network: plan.NetworkLinkedIn, Value: 20, Date: d(11, 27)},
		{Metric: "engagement rate", Network: plan.NetworkInstagram, Value: 2.1, Date: d(11, 27)},
		{Metric: "engagement rate", Network: plan.NetworkFacebook, Value: 2.0, Date: d(11, 27)},
		{Metric: "leads", Value: 9, Date: d(9, 30)}, {Metric: "leads", Value: 30, Date: d(10, 31)},
		{Metric: "leads", Network: plan.NetworkX, Value: 6, Date: d(11, 20)},
		{Metric: "reply time", Network: plan.NetworkInstagram, Value: 1.5, Date: d(11, 27)},
		{Metric: "reply time", Network: plan.NetworkX, Value: 5, Date: d(11, 27)},
	}
	goals := []*plan.Goal{g, quiet, rate, leads, reply}
	return plan.EvaluateKPIs(goals, plan.PlanMetrics(goals, nil), plan.IndexObservations(obs), plan.Today(measureNow, time.UTC), time.UTC)
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
	meta := viewMeta{PlanID: 1, ChannelID: "C1"}
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
			v := mentionModal(lang, o, fixtureChoices(), viewMeta{ChannelID: "CFEED", SourceTS: "1700000000.000100"})
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
				Experiments: []*plan.Experiment{e}, AtRisk: testRisks(),
				Replies: []plan.NetworkReplyStats{{Network: plan.NetworkX, Count: 4, Median: 80 * time.Minute, P90: 3 * time.Hour}},
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
				mustHave(t, string(raw), "*Grow the community* (Off track)", "*Launch day &lt;!channel&gt;", "(At risk)", "review_at_risk",
					"Agency budget cut &lt;!channel&gt;")
				mustHave(t, string(raw), "25.0% of the way", "variant B did better than variant A (p = 0.0047)", "median 1 h 20 min", ActionAdaptStart, ActionMeasureLog,
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
	want := "Ligne 3\u202f: «\u202f2026-13-01\u202f» n'est pas une date\u202f: écrivez 2026-03-31, ou une période 2026-03-01/2026-03-31.\n" +
		"Ligne 4\u202f: Indicateur inconnu «\u202ffollowers\u202f»\u202f: ajoutez-le d'abord dans `/plan mesurer`.\n" +
		"Ligne 5\u202f: 4 colonnes attendues (date,metric,network,value), 5 trouvées. Une virgule décimale\u202f? Utilisez un point, le point-virgule comme séparateur, ou des guillemets."
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

// TestObservationsListModal: every result, a page at a time, each with its
// Delete button, on the shared paging of lists.
func TestObservationsListModal(t *testing.T) {
	var obs []*plan.Observation
	for i := range listPerPage {
		obs = append(obs, &plan.Observation{ID: int64(100 - i), Metric: "followers " + evil, Network: plan.NetworkInstagram, Value: 13250,
			Date: time.Date(2026, 11, 28-i, 0, 0, 0, 0, time.UTC)})
	}
	for _, lang := range []Lang{EN, FR} {
		v := observationsListModal(lang, obs, 2*listPerPage+3, viewMeta{PlanID: 1, ChannelID: "C1", ParentID: "VMEASURE", Page: 1})
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		checkModalLimits(t, v)
		checkStepLimits(t, v, 100)
		if live := slacktest.LiveMarkup(raw); live != "" {
			t.Errorf("unescaped user text: %s", live)
		}
		want := map[Lang][]string{
			EN: {"43 results in all", "13,250", "Page 2 of 3", ActionListPrev, ActionListNext, ActionObservationDelete},
			FR: {"43 résultats en tout", "13\u202f250", "Page 2 sur 3"},
		}[lang]
		mustHave(t, string(raw), want...)
		if got := strings.Count(string(raw), `"action_id":"`+ActionObservationDelete+`"`); got != listPerPage {
			t.Errorf("%s: %d Delete buttons, want %d", lang, got, listPerPage)
		}
	}
}
