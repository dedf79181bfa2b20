package plan_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/testlabels"
	"github.com/planbot/planbot/plan"
)

// MustReportInput is a bakery's plan in Paris reported on for March 2026,
// with data in February, March and April.
func MustReportInput(tb testing.TB, lang string) plan.ReportInput {
	tb.Helper()
	paris := MustZone(tb, "Europe/Paris")
	day := func(s string) time.Time { return MustDay(tb, s) }
	at := func(s string) time.Time { return MustLocal(tb, paris, s) }
	pl := &plan.Plan{ID: 1, ChannelID: "CBAKERY", Name: "Boulangerie Martin", TimeZone: "Europe/Paris", Language: lang}

	goals := []*plan.Goal{
		{ID: 1, Title: "Grow Instagram followers", Metric: "followers", Baseline: 10000, Target: 15000, Deadline: day("2026-06-30"), OwnerID: "UANNA", CreatedAt: at("2026-01-10 10:00")},
		{ID: 2, Title: "Newsletter signups", Metric: "signups", Baseline: 200, Target: 500, Deadline: day("2026-09-30"), OwnerID: "UBOB", CreatedAt: at("2026-03-10 10:00")},
		{ID: 3, Title: "Catering leads", Metric: "leads", Baseline: 0, Target: 40, Unit: "leads", Deadline: day("2026-04-15"), CreatedAt: at("2026-01-05 10:00")},
	}
	kpis := []plan.KPI{
		{Goal: goals[0], Series: []plan.Point{{Date: day("2026-01-10"), Value: 10000}, {Date: day("2026-02-28"), Value: 12100}, {Date: day("2026-03-31"), Value: 13250}, {Date: day("2026-04-02"), Value: 13300}}, Pace: plan.PaceOnTrack},
		{Goal: goals[1], Series: []plan.Point{{Date: day("2026-03-10"), Value: 200}, {Date: day("2026-03-20"), Value: 260}}, Pace: plan.PaceBehind},
		{Goal: goals[2], Series: []plan.Point{{Date: day("2026-01-05"), Value: 0}, {Date: day("2026-02-15"), Value: 12}, {Date: day("2026-03-15"), Value: 30}}, Pace: plan.PaceOnTrack},
	}
	item := func(id int64, n plan.Network, when string, st plan.ContentStatus, title string) *plan.ContentItem {
		return &plan.ContentItem{ID: id, Network: n, PublishAt: at(when), Status: st, Title: title, PillarID: 1, CTAID: 1}
	}
	content := []*plan.ContentItem{
		item(1, plan.NetworkInstagram, "2026-02-10 09:00", plan.ContentPublished, "Croissant week"),
		item(2, plan.NetworkInstagram, "2026-02-20 09:00", plan.ContentPublished, "Baker's dozen"),
		item(3, plan.NetworkInstagram, "2026-03-03 09:00", plan.ContentPublished, "Spring menu"),
		item(4, plan.NetworkInstagram, "2026-03-12 09:00", plan.ContentPublished, "Behind the oven"),
		item(5, plan.NetworkLinkedIn, "2026-03-19 09:00", plan.ContentPublished, "Catering for offices"),
		item(6, plan.NetworkInstagram, "2026-03-26 09:00", plan.ContentPublished, "Easter eggs"),
		item(7, plan.NetworkInstagram, "2026-03-28 09:00", plan.ContentApproved, "Not yet out"),
		item(8, plan.NetworkInstagram, "2026-04-07 09:00", plan.ContentDraft, "April 1"),
		item(9, plan.NetworkInstagram, "2026-04-09 09:00", plan.ContentIdea, "April 2"),
		item(10, plan.NetworkLinkedIn, "2026-04-16 09:00", plan.ContentIdea, "April 3"),
	}
	channels := []*plan.Channel{
		{ID: 1, Network: plan.NetworkInstagram, Cadence: "2 posts a week"},
		{ID: 2, Network: plan.NetworkLinkedIn, Cadence: "1/month"},
	}
	variants := func(x1, n1, x2, n2 int64) []plan.ExperimentVariant {
		return []plan.ExperimentVariant{{Name: "Question", Successes: x1, Exposures: n1}, {Name: "Statement", Successes: x2, Exposures: n2}}
	}
	experiments := []*plan.Experiment{
		{ID: 1, Name: "Question or statement", Variants: variants(45, 100, 30, 100), Start: day("2026-03-01"), End: day("2026-03-15"), ResultsAt: at("2026-03-18 11:00")},
		{ID: 2, Name: "Morning or evening", Variants: variants(10, 100, 12, 100), Start: day("2026-02-01"), End: day("2026-02-15"), ResultsAt: at("2026-02-16 11:00")},
		{ID: 3, Name: "Carousel or video", Variants: variants(0, 0, 0, 0), Start: day("2026-04-06"), End: day("2026-04-20")},
	}
	results := []plan.PostResult{
		{Item: content[2], Metric: "engagement rate", Value: 4.2, Unit: "%"},
		{Item: content[3], Metric: "Engagement rate", Value: 1.1, Unit: "%"},
		{Item: content[4], Metric: "engagement rate", Value: 3.3, Unit: "%"},
		{Item: content[5], Metric: "engagement rate", Value: 2, Unit: "%"},
		{Item: content[0], Metric: "engagement rate", Value: 9.9, Unit: "%"}, // February
		{Item: content[5], Metric: "reach", Value: 5000},
	}
	decisions := []*plan.Decision{
		{ID: 1, Subject: plan.SubjectNetwork, SubjectName: "Instagram", Decision: plan.DecisionDoMore, Rationale: "Reels bring followers", DecidedAt: at("2026-03-30 16:00")},
		{ID: 2, Subject: plan.SubjectNetwork, SubjectName: "X", Decision: plan.DecisionStop, Rationale: "Nobody there", DecidedAt: at("2026-02-27 16:00")},
	}
	checkIns := map[int64]*plan.CheckIn{
		1: {ID: 1, GoalID: 1, Status: plan.CheckInAtRisk, Note: "Reels underperform", By: "UANNA", At: at("2026-03-23 10:30")},
	}
	return plan.ReportInput{
		Plan: pl, Month: plan.YearMonth{Year: 2026, Month: time.March}, Now: at("2026-04-01 09:00"),
		Users: map[string]string{"UANNA": "Anna"}, Goals: goals, KPIs: kpis, CheckIns: checkIns, KPIAtRisk: map[int64]bool{2: true},
		Experiments: experiments, Content: content, Channels: channels, PostResults: results, Decisions: decisions,
	}
}

func TestBuildMonthlyReport(t *testing.T) {
	r := plan.BuildMonthlyReport(MustReportInput(t, "en"))
	if r.Previous != (plan.YearMonth{Year: 2026, Month: time.February}) {
		t.Errorf("previous month %v", r.Previous)
	}
	type kpi struct {
		prev, cur       float64
		hasPrev, hasCur bool
		progress        float64
	}
	var got []kpi
	for _, k := range r.KPIs {
		got = append(got, kpi{k.Previous, k.Current, k.HasPrevious, k.HasCurrent, k.Progress})
	}
	want := []kpi{
		// Followers at the end of each month; (13250-10000)/(15000-10000) = 65 %.
		{12100, 13250, true, true, 65},
		// Set on 10 March: no value at the end of February; (260-200)/300 = 20 %.
		{0, 260, false, true, 20},
		{12, 30, true, true, 75},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("KPIs\n got %+v\nwant %+v", got, want)
	}
	if c, ok := r.KPIs[0].Change(); !ok || c != 1150 {
		t.Errorf("change %v, %v", c, ok)
	}
	if _, ok := r.KPIs[1].Change(); ok {
		t.Error("a change without a previous value")
	}
	if !r.KPIs[0].AtRisk || !r.KPIs[1].AtRisk || r.KPIs[2].AtRisk || !r.KPIs[2].DeadlineInNextMonth {
		t.Errorf("at risk / deadline flags: %+v", r.KPIs)
	}
	if r.Published != 4 || r.PublishedBefore != 2 {
		t.Errorf("published %d, before %d; want 4, 2", r.Published, r.PublishedBefore)
	}
	if len(r.Experiments) != 1 || r.Experiments[0].ID != 1 {
		t.Errorf("experiments %v", r.Experiments)
	}
	ids := func(ps []plan.PostResult) []int64 {
		var out []int64
		for _, p := range ps {
			out = append(out, p.Item.ID)
		}
		return out
	}
	// Engagement rate is the metric most posts have: 4.2, 3.3 best, then
	// 1.1, 2 worst; the February post does not count.
	if r.RankMetric != "engagement rate" || !reflect.DeepEqual(ids(r.Best), []int64{3, 5}) || !reflect.DeepEqual(ids(r.Worst), []int64{4, 6}) {
		t.Errorf("rank by %q: best %v, worst %v", r.RankMetric, ids(r.Best), ids(r.Worst))
	}
	if len(r.Decisions) != 1 || r.Decisions[0].ID != 1 {
		t.Errorf("decisions %v", r.Decisions)
	}
	if len(r.Next.Experiments) != 1 || r.Next.Experiments[0].ID != 3 || len(r.Next.Deadlines) != 1 || r.Next.Deadlines[0].ID != 3 {
		t.Errorf("next month: experiments %v, deadlines %v", r.Next.Experiments, r.Next.Deadlines)
	}
	if r.Next.Planned(plan.NetworkInstagram) != 2 || r.Next.Planned(plan.NetworkLinkedIn) != 1 {
		t.Errorf("planned in April: %d Instagram, %d LinkedIn", r.Next.Planned(plan.NetworkInstagram), r.Next.Planned(plan.NetworkLinkedIn))
	}
	// April 2026 touches ISO weeks 14 to 18: five weeks of 2 posts.
	if n := len(r.Next.Calendar.Cadence); n != 6 {
		t.Errorf("%d cadence checks in April, want 5 weeks + 1 month", n)
	}
}

func TestBuildMonthlyReport_FewPostResults(t *testing.T) {
	in := MustReportInput(t, "en")
	in.PostResults = in.PostResults[:1]
	r := plan.BuildMonthlyReport(in)
	if len(r.Best) != 0 || len(r.Worst) != 0 {
		t.Errorf("one post ranked: best %v, worst %v", r.Best, r.Worst)
	}
	in = MustReportInput(t, "en")
	in.RankMetric = "Reach"
	if r := plan.BuildMonthlyReport(in); r.RankMetric != "Reach" || len(r.Best) != 0 {
		t.Errorf("a metric one post has: %q, best %v", r.RankMetric, r.Best)
	}
	in.KPIValue = func(k plan.KPI, from, to time.Time) (float64, bool) { return float64(to.Month()), true }
	if r := plan.BuildMonthlyReport(in); r.KPIs[1].Previous != 3 || r.KPIs[1].Current != 4 || !r.KPIs[1].HasPrevious {
		t.Errorf("KPIValue not used: %+v", r.KPIs[1])
	}
}

func TestMonthlyReport_Doc(t *testing.T) {
	tests := []struct {
		lang     string
		labels   testlabels.Labels
		subtitle string
		kpiRow   []string
		want     []string // somewhere in the document
	}{
		{
			lang: "en", labels: testlabels.EN, subtitle: "March 2026, compared with February 2026",
			kpiRow: []string{"Grow Instagram followers", "followers", "12,100", "13,250", "+1,150", "15,000", "65.0%"},
			want: []string{"4 posts published (2 in February 2026).", "Grow Instagram followers — at risk, says Anna on 23 March 2026. “Reels underperform”",
				"Newsletter signups — the KPI is behind its pace.", "Question won (p = 0.028)", "Question: 45.0% (45 of 100)",
				"Best posts by engagement rate", "4.2%", "Reels bring followers", "Next month: April 2026", "2 a week",
				"Test “Carousel or video” runs from 6 April 2026 to 20 April 2026.", "Deadline for “Catering leads”: 15 April 2026."},
		},
		{
			lang: "fr", labels: testlabels.FR, subtitle: "mars 2026, comparé à février 2026",
			kpiRow: []string{"Grow Instagram followers", "followers", "12\u202f100", "13\u202f250", "+1\u202f150", "15\u202f000", "65,0\u202f%"},
			want: []string{"4 publications (2 en février 2026).", "Grow Instagram followers — à risque, selon Anna le 23 mars 2026. «\u202fReels underperform\u202f»",
				"Question l’emporte (p = 0,028)", "Meilleures publications (engagement rate)", "4,2\u202f%", "Le mois prochain\u202f: avril 2026",
				"2 par semaine", "1 par mois", "Faire plus", "Généré le 1er avril 2026"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			chart := plan.ReportChart{Title: "Followers", PNG: []byte{0x89, 'P', 'N', 'G'}}
			d := plan.BuildMonthlyReport(MustReportInput(t, tt.lang)).Doc(tt.labels, []plan.ReportChart{chart})
			if d.Lang != tt.lang || d.Subtitle != tt.subtitle || !strings.Contains(d.Title, "Boulangerie Martin") {
				t.Errorf("lang %q, title %q, subtitle %q", d.Lang, d.Title, d.Subtitle)
			}
			if !strings.Contains(d.PageLabel, "{page}") || !strings.Contains(d.PageLabel, "{pages}") {
				t.Errorf("page label %q", d.PageLabel)
			}
			kpis := d.Sections[0]
			if kpis.Table == nil || !reflect.DeepEqual(kpis.Table.Rows[0], tt.kpiRow) {
				t.Errorf("KPI row %q, want %q", kpis.Table.Rows[0], tt.kpiRow)
			}
			if kpis.Table.Rows[1][2] != "—" || kpis.Table.Rows[1][4] != "—" {
				t.Errorf("a goal set in March has a February value: %q", kpis.Table.Rows[1])
			}
			if len(kpis.Charts) != 1 || kpis.Charts[0].Title != "Followers" {
				t.Errorf("charts %+v", kpis.Charts)
			}
			var all []string
			for _, s := range append([]plan.ReportSection{{Text: []string{d.Title, d.Subtitle, d.Generated}}}, d.Sections...) {
				all = append(all, s.Heading)
				all = append(all, s.Text...)
				all = append(all, s.Bullets...)
				if s.Table != nil {
					all = append(all, s.Table.Columns...)
					for _, row := range s.Table.Rows {
						all = append(all, row...)
					}
				}
			}
			text := strings.Join(all, "\n")
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("document lacks %q", w)
				}
			}
			// Every key the report uses has words in both languages.
			for _, line := range all {
				if strings.HasPrefix(line, "report.") || strings.Contains(line, "checkin.status.") {
					t.Errorf("untranslated key %q", line)
				}
			}
		})
	}
}

func TestReportKeys(t *testing.T) {
	for _, k := range plan.ReportKeys {
		if !testlabels.Has(k) {
			t.Errorf("key %q has no words", k)
		}
	}
	if !slices.Contains(plan.ReportKeys, "report.published") {
		t.Error("ReportKeys lacks report.published")
	}
}

func TestMonthlyReport_DocEmpty(t *testing.T) {
	pl := &plan.Plan{ChannelID: "CEMPTY", TimeZone: "UTC", Language: "en"}
	r := plan.BuildMonthlyReport(plan.ReportInput{Plan: pl, Month: plan.YearMonth{Year: 2026, Month: time.March}, Now: MustParseTime(t, "2026-04-01T08:00:00Z")})
	d := r.Doc(testlabels.EN, nil)
	var headings []string
	for _, s := range d.Sections {
		headings = append(headings, s.Heading)
		if s.Table != nil {
			t.Errorf("section %q has a table in an empty plan", s.Heading)
		}
	}
	want := []string{"Goals and KPIs", "Experiments concluded", "Decisions taken", "Next month: April 2026"}
	if !reflect.DeepEqual(headings, want) || !strings.Contains(d.Title, "CEMPTY") {
		t.Errorf("headings %q, title %q", headings, d.Title)
	}
	if got := d.Sections[3].Text; len(got) != 1 || got[0] != "Nothing planned yet." {
		t.Errorf("next month %q", got)
	}
	if got := d.Sections[0].Text[0]; got != "0 posts published (0 in February 2026)." {
		t.Errorf("published %q", got)
	}
}

func TestReportContentSpan(t *testing.T) {
	s := plan.ReportContentSpan(plan.YearMonth{Year: 2026, Month: time.March})
	// From 1 February to the end of ISO week 18 (Sunday 3 May 2026), which
	// ends April.
	if !s.Start.Equal(MustDay(t, "2026-02-01")) || !s.End.Equal(MustDay(t, "2026-05-04")) {
		t.Errorf("span %v..%v", s.Start, s.End)
	}
}
