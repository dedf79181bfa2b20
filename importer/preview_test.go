package importer

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

// The expected figures below are sums worked out by hand from the
// fixtures' cells (see the comments beside each), not taken from a run.

func TestPreviewGA4(t *testing.T) {
	f := MustOpen(t, "testdata/ga4_traffic_acquisition.csv", Options{})
	metrics := []*plan.Metric{metric("Sessions", plan.MetricCount), metric("Conversions", plan.MetricCount)}
	p, m := MustPreview(t, f, metrics)

	if m.Preset != "ga4" || m.Date == nil || m.Date.Name != "Date" || m.Network == nil || m.Item == nil || m.ItemKind != ItemUTM {
		t.Fatalf("mapping = %+v", m)
	}
	// "Key events" goes to the plan's "Conversions" (same concept);
	// "Engaged sessions" has no metric in the plan.
	if len(m.Metrics) != 2 || m.Metrics[0].Name != "Sessions" || m.Metrics[1].Name != "Key events" || m.Metrics[1].Metric != "Conversions" {
		t.Fatalf("metrics = %+v", m.Metrics)
	}
	if p.Rows != 11 || p.Skipped != 2 || p.Blocked != 0 || !p.CanImport() {
		t.Fatalf("rows %d skipped %d blocked %d", p.Rows, p.Skipped, p.Blocked)
	}
	// google / organic (line 15) and (direct) / (none) (line 16).
	if len(p.Issues) != 2 || p.Issues[0].Line != 15 || p.Issues[0].Reason != ReasonNetwork || p.Issues[0].Value != "google / organic" || p.Issues[1].Line != 16 {
		t.Fatalf("issues = %+v", p.Issues)
	}
	// 42 + 8 + 11 + 25 + (17+5) + 9 + 31 + 3
	if s := summary(t, p, "Sessions"); s.Total != 151 || s.Observations != 8 {
		t.Errorf("sessions = %+v", s)
	}
	// 3 + 0 + 1 + 2 + (1+0) + 0 + 4 + 0
	if s := summary(t, p, "Conversions"); s.Total != 11 || s.Observations != 8 {
		t.Errorf("conversions = %+v", s)
	}
	// "ig / social" and "instagram / social" on 2 March, same ad content.
	if p.Merged != 2 {
		t.Errorf("merged = %d, want 2", p.Merged)
	}
	if !p.From.Equal(day(1)) || !p.To.Equal(day(3)) {
		t.Errorf("period = %v..%v", p.From, p.To)
	}
	want := Obs{Metric: "Sessions", Network: plan.NetworkInstagram, Date: day(2), Item: "post-0301-carrousel", Value: 22, Line: 18}
	found := false
	for o := range p.All() {
		if o.Key() == want.Key() {
			found = o.Value == want.Value && o.Line == want.Line && o.End.IsZero()
		}
	}
	if !found {
		t.Errorf("no %+v in %+v", want, allObs(p))
	}
	for o := range p.All() {
		if o.Network == plan.NetworkNewsletter && o.Item != "lettre-mars" {
			t.Errorf("newsletter row %+v", o)
		}
	}
}

func TestPreviewGA4Period(t *testing.T) {
	f := MustOpen(t, "testdata/ga4_no_date.csv", Options{})
	h := MustHead(t, f)
	if !h.From.Equal(day(1)) || !h.To.Equal(day(31)) || !h.Comments {
		t.Fatalf("period = %v..%v", h.From, h.To)
	}
	p, m := MustPreview(t, f, []*plan.Metric{metric("Sessions", plan.MetricCount)})
	if m.Date != nil {
		t.Fatalf("date column %+v, want the file's period", m.Date)
	}
	// The totals row GA4 writes with empty dimensions (line 11), and
	// google / organic.
	if p.Len() != 2 || p.Skipped != 2 || p.Issues[0].Reason != ReasonTotalRow || p.Issues[0].Line != 11 {
		t.Fatalf("obs %+v issues %+v", allObs(p), p.Issues)
	}
	for o := range p.All() {
		if !o.Date.Equal(day(1)) || !o.End.Equal(day(31)) {
			t.Errorf("obs %+v: want the period 1..31 March", o)
		}
	}
	// 412 + 96
	if s := summary(t, p, "Sessions"); s.Total != 508 {
		t.Errorf("sessions = %v", s.Total)
	}
	first := p.At(0)
	ob := first.Observation(7, "Import: ga4_no_date.csv", "U1", today)
	if err := ob.Validate(today); err != nil || !ob.End.Equal(day(31)) || ob.PlanID != 7 {
		t.Errorf("observation %+v: %v", ob, err)
	}
}

func TestPreviewMeta(t *testing.T) {
	f := MustOpen(t, "testdata/meta_facebook_posts.csv", Options{Lang: "fr"})
	metrics := []*plan.Metric{
		metric("Portée", plan.MetricCount), metric("Réactions", plan.MetricCount),
		metric("Commentaires", plan.MetricCount), metric("Clics sur un lien", plan.MetricCount),
		metric("Abonnés", plan.MetricLevel),
	}
	p, m := MustPreview(t, f, metrics)
	if m.Preset != "meta" || m.FixedNetwork != plan.NetworkFacebook || m.Item == nil || m.Item.Name != "Permalink" {
		t.Fatalf("mapping = %+v", m)
	}
	if len(m.Metrics) != 4 {
		t.Fatalf("metrics = %+v", m.Metrics)
	}
	if p.Rows != 3 || !p.CanImport() || p.DateOrder != DateMDY {
		t.Fatalf("preview = %+v", p)
	}
	for name, want := range map[string]float64{
		"Portée":            1820 + 3275 + 760,
		"Réactions":         96 + 210 + 41,
		"Commentaires":      12 + 31 + 3,
		"Clics sur un lien": 58 + 240, // the video's cell is empty
	} {
		if s := summary(t, p, name); s.Total != want {
			t.Errorf("%s = %v, want %v", name, s.Total, want)
		}
	}
	links := map[string]time.Time{
		"https://facebook.com/1234567890/posts/1111": day(2),
		"https://facebook.com/1234567890/posts/2222": day(5),  // trailing slash dropped
		"https://facebook.com/1234567890/posts/3333": day(13), // utm_* dropped
	}
	for o := range p.All() {
		if d, ok := links[o.Item]; !ok || !d.Equal(o.Date) || o.Network != plan.NetworkFacebook {
			t.Errorf("obs %+v", o)
		}
	}
}

// linkedInFixture is a committed copy of linkedInSheets, for the tests of
// later phases and the sandbox; go test ./importer -fixtures rewrites it.
const linkedInFixture = "testdata/linkedin_content.xlsx"

func TestLinkedInFixture(t *testing.T) {
	made := MustXLSX(t, "company_content.xlsx", linkedInSheets())
	if *writeFixtures {
		b, err := os.ReadFile(made)
		if err == nil {
			err = os.WriteFile(linkedInFixture, b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	// The committed workbook holds what linkedInSheets says, cell for cell.
	a, b := MustOpen(t, made, Options{}), MustOpen(t, linkedInFixture, Options{})
	ha, hb := MustHead(t, a), MustHead(t, b)
	if !slices.Equal(ha.Columns, hb.Columns) || len(ha.Samples) != len(hb.Samples) || ha.Signature != hb.Signature {
		t.Fatalf("fixture header %q, want %q", hb.Columns, ha.Columns)
	}
	for i := range ha.Samples {
		if !slices.Equal(ha.Samples[i], hb.Samples[i]) {
			t.Errorf("fixture row %d = %q, want %q", i, hb.Samples[i], ha.Samples[i])
		}
	}
}

func TestPreviewLinkedInXLSX(t *testing.T) {
	f := MustOpen(t, linkedInFixture, Options{})
	if f.Sheet() != "All posts" {
		t.Fatalf("sheet = %q, want the one a preset knows", f.Sheet())
	}
	metrics := []*plan.Metric{
		metric("Impressions", plan.MetricCount), metric("Clics", plan.MetricCount),
		metric("Réactions", plan.MetricCount), metric("Partages", plan.MetricCount),
	}
	p, m := MustPreview(t, f, metrics)
	if m.Preset != "linkedin" || m.FixedNetwork != plan.NetworkLinkedIn || len(m.Metrics) != 4 {
		t.Fatalf("mapping = %+v", m)
	}
	if h := MustHead(t, f); h.Line != 2 {
		t.Errorf("header row %d, want 2 (under the description)", h.Line)
	}
	for name, want := range map[string]float64{
		"Impressions": 5120 + 2890 + 1475,
		"Clics":       187 + 96 + 38,
		"Réactions":   143 + 51 + 29, // LinkedIn's "Likes"
		"Partages":    9 + 12 + 2,    // "Reposts"
	} {
		if s := summary(t, p, name); s.Total != want {
			t.Errorf("%s = %v, want %v", name, s.Total, want)
		}
	}
	if !p.From.Equal(day(4)) || !p.To.Equal(day(18)) {
		t.Errorf("period %v..%v", p.From, p.To)
	}
}

// linkedInSheets is a LinkedIn Page content export: a "Metrics" sheet,
// then "All posts" with a description row above the header.
func linkedInSheets() []sheet {
	return []sheet{
		{"Metrics", [][]any{
			{"Aggregated metrics for all posts by date"},
			{"Date", "Impressions (organic)", "Clicks (organic)"},
			{"03/04/2026", 1200, 40},
		}},
		{"All posts", [][]any{
			{"Engagement metrics for individual posts. Learn more about these metrics."},
			{"Post title", "Post link", "Post type", "Campaign name", "Posted by", "Created date", "Campaign start date",
				"Campaign end date", "Audience", "Impressions", "Views (excluding off-site video views)", "Offsite Views",
				"Clicks", "Click through rate (CTR)", "Likes", "Comments", "Reposts", "Follows", "Engagement rate", "Content Type"},
			{"Nos 10 ans ! #anniversaire", "https://www.linkedin.com/feed/update/urn:li:activity:7301", "Organic", nil, "Camille",
				"03/04/2026", nil, nil, "All followers", 5120, nil, nil, 187, 0.0365, 143, 22, 9, 4, 0.0715, "Image"},
			{"Offre d'emploi : chef de projet", "https://www.linkedin.com/feed/update/urn:li:activity:7302", "Organic", nil, "Camille",
				"03/11/2026", nil, nil, "All followers", 2890, nil, nil, 96, 0.0332, 51, 7, 12, 1, 0.0574, "Text"},
			{"Retour sur le salon", "https://www.linkedin.com/feed/update/urn:li:activity:7303", "Organic", nil, "Léa",
				"03/18/2026", nil, nil, "All followers", 1475, nil, nil, 38, 0.0258, 29, 3, 2, 0, 0.0488, "Video"},
		}},
	}
}

func TestPreviewHandMadeFrench(t *testing.T) {
	f := MustOpen(t, "testdata/hand_made_fr.csv", Options{Lang: "fr"})
	if f.Encoding() != encWindows1252 || f.Delimiter() != ';' {
		t.Fatalf("encoding %s delimiter %q", f.Encoding(), f.Delimiter())
	}
	metrics := []*plan.Metric{
		metric("Impressions", plan.MetricCount), metric("Clics", plan.MetricCount),
		metric("Abonnés", plan.MetricLevel), metric("Taux d’engagement", plan.MetricLevel),
	}
	p, m := MustPreview(t, f, metrics)
	if m.Network == nil || m.Network.Name != "Réseau" || len(m.Metrics) != 4 {
		t.Fatalf("mapping = %+v", m)
	}
	if p.Rows != 5 || p.Skipped != 1 || p.Issues[0].Reason != ReasonTotalRow || p.Issues[0].Line != 6 {
		t.Fatalf("rows %d skipped %d issues %+v", p.Rows, p.Skipped, p.Issues)
	}
	if p.DateOrder != DateDMY {
		t.Errorf("date order %s", p.DateOrder)
	}
	if s := summary(t, p, "Impressions"); s.Total != 1250+980+2040+640 {
		t.Errorf("impressions = %v", s.Total)
	}
	// Each network's latest: Instagram 2362 (15/03), LinkedIn 1045
	// (01/03), Facebook 880 (15/03).
	if s := summary(t, p, "Abonnés"); s.Latest != 2362+1045+880 || !s.LatestDate.Equal(day(15)) {
		t.Errorf("abonnés = %+v", s)
	}
	rate := summary(t, p, "Taux d’engagement")
	if c := rate.Convention; c.Mark != plan.DecimalComma || c.Basis != plan.BasisCells || !c.Percent || c.Key() != "number.column.decimal_comma" {
		t.Errorf("convention = %+v", c)
	}
	for o := range p.All() {
		if o.Metric == "Taux d’engagement" && o.Network == plan.NetworkLinkedIn && o.Value != 2.9 {
			t.Errorf("LinkedIn rate = %v, want 2.9", o.Value)
		}
	}
}

func TestPreviewUnicodeText(t *testing.T) {
	f := MustOpen(t, "testdata/excel_unicode_text.txt", Options{Lang: "en"})
	if f.Encoding() != encUTF16LE || f.Delimiter() != '\t' {
		t.Fatalf("encoding %s delimiter %q", f.Encoding(), f.Delimiter())
	}
	p, _ := MustPreview(t, f, []*plan.Metric{metric("Impressions", plan.MetricCount)})
	// "1,200" in English is twelve hundred.
	if s := summary(t, p, "Impressions"); s.Total != 1200+310 {
		t.Errorf("impressions = %v", s.Total)
	}
	if p.At(0).Network != plan.NetworkX || p.At(1).Network != plan.NetworkBluesky {
		t.Errorf("networks %+v", allObs(p))
	}
}

func TestPreviewRowIssues(t *testing.T) {
	csv := "Date,Network,Clicks,Followers\n" +
		"2026-03-01,Instagram,12,500\n" + // line 2: fine
		"2026-13-45,Instagram,3,501\n" + // line 3: no such date
		",Instagram,4,502\n" + // line 4: no date
		"2026-03-02,Myspace,5,503\n" + // line 5: no such network
		"2026-03-03,Instagram,abc,504\n" + // line 6: not a number
		"2026-03-04,Instagram,,\n" + // line 7: no values
		"2026-05-01,Instagram,6,505\n" + // line 8: after today
		"2026-03-05,Instagram,20000000000000,506\n" // line 9: out of range
	f := MustOpen(t, MustWrite(t, "issues.csv", []byte(csv)), Options{})
	metrics := []*plan.Metric{metric("Clicks", plan.MetricCount), metric("Followers", plan.MetricLevel)}
	p, _ := MustPreview(t, f, metrics)
	want := []struct {
		line   int
		reason Reason
	}{{3, ReasonDate}, {4, ReasonNoDate}, {5, ReasonNetwork}, {6, ReasonNumber}, {7, ReasonNoValues}, {8, ReasonDateFuture}, {9, ReasonRange}}
	if len(p.Issues) != len(want) {
		t.Fatalf("issues = %+v", p.Issues)
	}
	for i, w := range want {
		if p.Issues[i].Line != w.line || p.Issues[i].Reason != w.reason {
			t.Errorf("issue %d = %+v, want line %d %s", i, p.Issues[i], w.line, w.reason)
		}
		if blocking := w.reason == ReasonDate || w.reason == ReasonNumber || w.reason == ReasonDateFuture || w.reason == ReasonRange; w.reason.Blocking() != blocking {
			t.Errorf("%s blocking = %v", w.reason, !blocking)
		}
	}
	if p.Blocked != 4 || p.Skipped != 3 || p.CanImport() {
		t.Errorf("blocked %d skipped %d", p.Blocked, p.Skipped)
	}
	if p.Issues[0].Value != "2026-13-45" || p.Issues[0].Column != "Date" {
		t.Errorf("date issue %+v", p.Issues[0])
	}
}

func TestPreviewAmbiguousNumbers(t *testing.T) {
	csv := "Date;Réseau;Clics\n01/03/2026;Instagram;1,250\n02/03/2026;Instagram;980\n"
	path := MustWrite(t, "ambigu.csv", []byte(csv))
	metrics := []*plan.Metric{metric("Clics", plan.MetricCount)}
	t.Run("French", func(t *testing.T) {
		p, _ := MustPreview(t, MustOpen(t, path, Options{Lang: "fr"}), metrics)
		if p.CanImport() || len(p.Issues) != 1 || p.Issues[0].Reason != ReasonAmbiguous || p.Issues[0].Readings != [2]float64{1250, 1.25} {
			t.Fatalf("issues %+v", p.Issues)
		}
	})
	t.Run("English", func(t *testing.T) {
		p, _ := MustPreview(t, MustOpen(t, path, Options{Lang: "en"}), metrics)
		if s := summary(t, p, "Clics"); !p.CanImport() || s.Total != 1250+980 {
			t.Fatalf("total %v issues %+v", s.Total, p.Issues)
		}
	})
	t.Run("ChosenDecimalComma", func(t *testing.T) {
		f := MustOpen(t, path, Options{Lang: "fr"})
		m := Suggest(MustHead(t, f), metrics)
		m.Metrics[0].Decimal = ","
		p, err := f.Preview(context.Background(), m, metrics, today)
		if err != nil {
			t.Fatal(err)
		}
		if s := summary(t, p, "Clics"); !p.CanImport() || s.Total != 1.25+980 {
			t.Fatalf("total %v issues %+v", s.Total, p.Issues)
		}
	})
}

func TestPreviewMergeLevelKeepsLast(t *testing.T) {
	csv := "Date,Network,Followers,Clicks\n" +
		"2026-03-01,Instagram,500,10\n" +
		"2026-03-01,Instagram,520,5\n"
	f := MustOpen(t, MustWrite(t, "dup.csv", []byte(csv)), Options{})
	metrics := []*plan.Metric{metric("Followers", plan.MetricLevel), metric("Clicks", plan.MetricCount)}
	p, _ := MustPreview(t, f, metrics)
	if s := summary(t, p, "Followers"); s.Latest != 520 || s.Observations != 1 {
		t.Errorf("followers = %+v, want the last row's 520", s)
	}
	if s := summary(t, p, "Clicks"); s.Total != 15 || s.Observations != 1 {
		t.Errorf("clicks = %+v, want 10 + 5", s)
	}
	if p.Merged != 2 || p.At(0).Line != 3 {
		t.Errorf("merged %d obs %+v", p.Merged, allObs(p))
	}
}

func TestPreviewMappingErrors(t *testing.T) {
	f := MustOpen(t, "testdata/hand_made_fr.csv", Options{Lang: "fr"})
	h := MustHead(t, f)
	metrics := []*plan.Metric{metric("Impressions", plan.MetricCount), metric("Clics", plan.MetricCount)}
	base := Suggest(h, metrics)
	tests := []struct {
		name  string
		edit  func(m *Mapping)
		field string
		kind  Kind
	}{
		{"ErrDateRequired", func(m *Mapping) { m.Date = nil }, "date", ""},
		{"ErrMetricsRequired", func(m *Mapping) { m.Metrics = nil }, "metrics", ""},
		{"ErrMetricUnknown", func(m *Mapping) { m.Metrics[0].Metric = "Ventes" }, "metric_0", ""},
		{"ErrMetricTwice", func(m *Mapping) { m.Metrics[1].Metric = m.Metrics[0].Metric }, "metric_1", ""},
		{"ErrNetwork", func(m *Mapping) { m.Network, m.FixedNetwork = nil, "myspace" }, "network", ""},
		{"ErrHeaderChanged", func(m *Mapping) { m.Metrics[0].Index = 3 }, "", KindHeaderChanged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := base
			m.Metrics = append([]MetricColumn(nil), base.Metrics...)
			tt.edit(&m)
			_, err := f.Preview(context.Background(), m, metrics, today)
			if tt.kind != "" {
				if kindOf(err) != tt.kind {
					t.Fatalf("err = %v, want %s", err, tt.kind)
				}
				return
			}
			var fe plan.FieldErrors
			if !errors.As(err, &fe) || fe[0].Field != tt.field || plan.ErrorCode(err) != plan.EINVALID {
				t.Fatalf("err = %v, want a field error on %s", err, tt.field)
			}
		})
	}
}

func TestMappingRemembered(t *testing.T) {
	// A mapping saved as JSON under the header's signature reads next
	// month's export of the same report the same way.
	f := MustOpen(t, "testdata/ga4_traffic_acquisition.csv", Options{})
	metrics := []*plan.Metric{metric("Sessions", plan.MetricCount), metric("Conversions", plan.MetricCount)}
	h := MustHead(t, f)
	saved, err := json.Marshal(Suggest(h, metrics))
	if err != nil {
		t.Fatal(err)
	}
	next := "# Start date: 20260304\n# End date: 20260304\n" +
		"Date,Session source / medium,Session campaign,Session manual ad content,Sessions,Engaged sessions,Key events\n" +
		"20260304,ig / social,printemps,post-0304-reel,77,51,6\n"
	g := MustOpen(t, MustWrite(t, "next.csv", []byte(next)), Options{})
	if MustHead(t, g).Signature != h.Signature {
		t.Fatal("same report, different signature")
	}
	var m Mapping
	if err := json.Unmarshal(saved, &m); err != nil {
		t.Fatal(err)
	}
	p, err := g.Preview(context.Background(), m, metrics, today)
	if err != nil {
		t.Fatal(err)
	}
	if got := allObs(p); len(got) != 2 || got[0].Value != 77 || got[1].Metric != "Conversions" || got[1].Value != 6 || got[0].Item != "post-0304-reel" {
		t.Errorf("obs %+v", got)
	}
}

func TestNumberReaderSeam(t *testing.T) {
	// Options.Numbers replaces the default reader for every metric column.
	var locs []plan.NumberLocale
	reader := func(loc plan.NumberLocale, mark plan.DecimalMark) NumberColumn {
		locs = append(locs, loc)
		return fixedColumn(42)
	}
	f := MustOpen(t, "testdata/hand_made_fr.csv", Options{Lang: "fr", Numbers: reader})
	p, _ := MustPreview(t, f, []*plan.Metric{metric("Clics", plan.MetricCount)})
	if s := summary(t, p, "Clics"); s.Total != 4*42 || s.Convention.Currency != "seam" {
		t.Errorf("clics %+v", s)
	}
	if len(locs) != 1 || locs[0] != plan.NumberFrench {
		t.Errorf("locales %q, want one French", locs)
	}
}

// fixedColumn reads every cell as itself.
type fixedColumn float64

func (c fixedColumn) Observe(string) {}
func (c fixedColumn) Convention() Convention {
	return Convention{Mark: plan.DecimalPoint, Currency: "seam"}
}
func (c fixedColumn) Parse(string) (float64, error) { return float64(c), nil }
