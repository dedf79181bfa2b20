package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/internal/slacktest"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage/storagetest"
	"github.com/xuri/excelize/v2"
)

// End-to-end tests of the import of results from a file dropped in Slack
// (issue 16): a member uploads an export, runs "Import results" on its
// message, maps, previews and imports it.

// importCtx is the context of a test's direct service calls.
func importCtx() context.Context { return plan.NewContextWithUser(context.Background(), userEN) }

// mustMetric adds a metric to the plan of channel.
func (h *harness) mustMetric(channel, name string, kind plan.MetricKind) {
	h.t.Helper()
	p := h.planOf(channel)
	m := &plan.Metric{PlanID: p.ID, Name: name, Kind: kind, GoalKind: plan.GoalAwareness, CreatedBy: userEN}
	if err := h.main.Bot.Metrics.CreateMetric(importCtx(), m); err != nil {
		h.t.Fatal(err)
	}
}

// updatedAfterAck waits for the first views.update after n that redraws,
// by its external_id, the view a submission's ack put up, and succeeds;
// it returns the view viewID as the user now sees it.
func (h *harness) updatedAfterAck(n int, viewID string) fakeslack.View {
	h.t.Helper()
	h.waitCallAfter(n, "views.update", func(c fakeslack.Call) bool {
		return strings.HasPrefix(c.Params.Get("external_id"), "import-") && strings.Contains(string(c.Response), `"ok":true`)
	})
	v, ok := h.Slack.View(viewID)
	if !ok {
		h.t.Fatalf("view %s not stored", viewID)
	}
	return v
}

// initialValues are the values of a view's selects as the bot filled
// them: what a user who changes nothing submits.
func initialValues(t testing.TB, v fakeslack.View) formValues {
	t.Helper()
	var view struct {
		Blocks []struct {
			Type    string `json:"type"`
			BlockID string `json:"block_id"`
			Element struct {
				InitialOption *struct {
					Value string `json:"value"`
				} `json:"initial_option"`
			} `json:"element"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(v.JSON, &view); err != nil {
		t.Fatal(err)
	}
	out := formValues{}
	for _, b := range view.Blocks {
		if b.Type == "input" && b.Element.InitialOption != nil {
			out[b.BlockID] = map[string]any{bot.ActionInput: b.Element.InitialOption.Value}
		}
	}
	return out
}

// importRun is one import through Slack, as far as it went.
type importRun struct {
	Mapping, Preview, Done fakeslack.View
}

// importFile uploads data as name to channel as user, runs the shortcut on
// its message and waits for the mapping form; then, unless edit says to
// stop (returns false), submits the form with the values edit leaves,
// waits for the preview, and imports when it offers to.
func (h *harness) importFile(user, channel, name string, data []byte, edit func(v fakeslack.View, values formValues) bool) importRun {
	h.t.Helper()
	h.Slack.AddMembers(channel, user)
	_, msg, err := h.Slack.UploadFile(fakeslack.Upload{Channel: channel, User: user, Name: name, Data: data})
	if err != nil {
		h.t.Fatal(err)
	}
	updates := len(h.Slack.Calls("views.update"))
	ack, err := h.Slack.MessageShortcut(h.ctx(), fakeslack.Shortcut{
		CallbackID: bot.ShortcutImport, UserID: user, TeamID: fakeslack.TeamID, ChannelID: channel, MessageTS: msg.TS,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	loading := h.openedView(ack.TriggerID)
	var run importRun
	c := h.waitCallAfter(updates, "views.update", func(c fakeslack.Call) bool { return c.Params.Get("view_id") == loading.ID })
	run.Mapping = h.viewOfResponse(c)
	if run.Mapping.CallbackID != bot.CallbackImportMapping {
		return run // the file cannot be imported: the screen says why
	}
	values := initialValues(h.t, run.Mapping)
	if edit != nil && !edit(run.Mapping, values) {
		return run
	}
	updates = len(h.Slack.Calls("views.update"))
	if errs := ackErrors(h.t, h.submit(user, loading.ID, values)); errs != nil {
		h.t.Fatalf("mapping refused: %v", errs)
	}
	run.Preview = h.updatedAfterAck(updates, loading.ID)
	if run.Preview.CallbackID != bot.CallbackImportPreview {
		return run
	}
	updates = len(h.Slack.Calls("views.update"))
	h.submit(user, loading.ID, formValues{})
	run.Done = h.updatedAfterAck(updates, loading.ID)
	return run
}

// blockLabelled returns the ID of the input block of v labelled label.
func blockLabelled(t *testing.T, v fakeslack.View, label string) string {
	t.Helper()
	var view struct {
		Blocks []struct {
			BlockID string `json:"block_id"`
			Label   struct {
				Text string `json:"text"`
			} `json:"label"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(v.JSON, &view); err != nil {
		t.Fatal(err)
	}
	for _, b := range view.Blocks {
		if b.Label.Text == label {
			return b.BlockID
		}
	}
	t.Fatalf("no input labelled %q in %s", label, v.JSON)
	return ""
}

// readFixture reads a file of the importer's testdata.
func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../../importer/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sumOf adds the values of the observations of metric, and counts them.
func sumOf(obs []*plan.Observation, metric string) (float64, int) {
	var sum float64
	n := 0
	for _, o := range obs {
		if plan.MetricKey(o.Metric) == plan.MetricKey(metric) {
			sum += o.Value
			n++
		}
	}
	return sum, n
}

// TestImport_GA4: a Google Analytics 4 export is recognised, mapped by its
// preset, previewed (two rows of search and direct traffic set aside, the
// two Instagram rows of 2 March added), imported, and imported again the
// next time with the mapping remembered, changing nothing.
func TestImport_GA4(t *testing.T) { storagetest.Run(t, testImportGA4) }

func testImportGA4(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	h.addGoal(userEN, chanMain, "Grow signups")
	h.mustMetric(chanMain, "Sessions", plan.MetricCount)
	data := readFixture(t, "ga4_traffic_acquisition.csv")

	run := h.importFile(userEN, chanMain, "ga4_traffic_acquisition.csv", data, nil)
	mapping := slacktest.Unescape(run.Mapping.JSON)
	mustContain(t, "mapping form", mapping, "Google Analytics 4", "Session source / medium")
	if strings.Contains(mapping, "last time") {
		t.Error("the first import says its mapping was remembered")
	}
	// The fixture's Sessions column, added by hand over the rows of a
	// network (google / organic and (direct) / (none) are not):
	// 42+8+11+25 + 17+5+9+31 + 3 = 151, in 8 values once ig / social and
	// instagram / social of 2 March (17+5) share their key.
	preview := slacktest.Unescape(run.Preview.JSON)
	mustContain(t, "preview", preview, "11 rows read", "2 rows left out", "Line 15", "google / organic",
		"Mar 1, 2026 to Mar 3, 2026", "8 values to store", "*Sessions*", "151 in all")
	mustContain(t, "result", slacktest.Unescape(run.Done.JSON), "8 values imported")
	h.noteAfter(0, "imported 8 results")
	sum, n := sumOf(h.observationsOf(chanMain), "Sessions")
	if n != 8 || sum != 151 {
		t.Fatalf("stored %d Sessions adding to %v, want 8 adding to 151", n, sum)
	}
	for _, o := range h.observationsOf(chanMain) {
		if o.Network == plan.NetworkInstagram && o.Date.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) && o.Value != 22 {
			t.Errorf("Instagram on 2 March = %v, want 17+5 = 22", o.Value)
		}
	}

	// The export of March carries the imported figures.
	h.command(userEN, chanMain, "export csv 2026-03-01 2026-03-31")
	exported, _ := bytes.CutPrefix(h.fileAfter(0).Data, []byte(plan.CSVBOM))
	rows, err := csv.NewReader(bytes.NewReader(exported)).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("export: %v\n%s", err, exported)
	}
	metricCol, valueCol := slices.Index(rows[0], "metric"), slices.Index(rows[0], "value")
	if metricCol < 0 || valueCol < 0 {
		t.Fatalf("export header %q", rows[0])
	}
	var exportedSum float64
	exportedRows := 0
	for _, r := range rows[1:] {
		if r[metricCol] == "Sessions" {
			v, err := strconv.ParseFloat(r[valueCol], 64)
			if err != nil {
				t.Fatalf("exported value %q", r[valueCol])
			}
			exportedSum += v
			exportedRows++
		}
	}
	if exportedRows != 8 || exportedSum != 151 {
		t.Errorf("export: %d Sessions rows adding to %v, want 8 adding to 151", exportedRows, exportedSum)
	}

	// Next time, the same export opens with the mapping remembered, and
	// imports over the first: nothing doubles.
	again := h.importFile(userEN, chanMain, "ga4_traffic_acquisition.csv", data, nil)
	mustContain(t, "second mapping form", slacktest.Unescape(again.Mapping.JSON), "last time")
	mustContain(t, "second result", slacktest.Unescape(again.Done.JSON), "8 values imported", "8 of them replaced")
	if sum, n := sumOf(h.observationsOf(chanMain), "Sessions"); n != 8 || sum != 151 {
		t.Fatalf("after a re-import, %d Sessions adding to %v, want 8 adding to 151", n, sum)
	}
}

// TestImport_FrenchCSV: a spreadsheet of a French team's own, saved as CSV
// with semicolons in Windows-1252, grouped thousands with spaces and
// decimal commas, is mapped by its French column names to the plan's
// metrics, its total row set aside, and its figures imported; the French
// user reads the preview in French.
func TestImport_FrenchCSV(t *testing.T) { storagetest.Run(t, testImportFrenchCSV) }

func testImportFrenchCSV(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	h.addGoal(userFR, chanMain, "Plus d'inscrits")
	h.mustMetric(chanMain, "Impressions", plan.MetricCount)
	h.mustMetric(chanMain, "Clics", plan.MetricCount)
	h.mustMetric(chanMain, "Abonnés", plan.MetricLevel)

	data := readFixture(t, "hand_made_fr.csv")
	run := h.importFile(userFR, chanMain, "resultats_mars.csv", data, nil)
	mustContain(t, "formulaire", slacktest.Unescape(run.Mapping.JSON), "Indicateurs du plan", "Réseau")
	// By hand from the file: Impressions 1 250 + 980 + 2 040 + 640 = 4 910;
	// Clics 48 + 31 + 75 + 12 = 166; Abonnés, a level, stands at the sum
	// of each network's latest value: 2 362 (Instagram, 15 March) + 1 045
	// (LinkedIn, 1 March) + 880 (Facebook, 15 March) = 4 287.
	preview := slacktest.Unescape(run.Preview.JSON)
	mustContain(t, "aperçu", preview, "5 lignes lues", "Ligne 6", "ligne de total",
		"4\u202f910 au total", "166 au total", "4\u202f287 le 15\u00a0mars 2026")
	mustContain(t, "résultat", slacktest.Unescape(run.Done.JSON), "12 valeurs importées")
	obs := h.observationsOf(chanMain)
	if sum, n := sumOf(obs, "Impressions"); n != 4 || sum != 4910 {
		t.Errorf("Impressions: %d adding to %v, want 4 adding to 4910", n, sum)
	}
	if sum, n := sumOf(obs, "Clics"); n != 4 || sum != 166 {
		t.Errorf("Clics: %d adding to %v, want 4 adding to 166", n, sum)
	}
	if sum, _ := sumOf(obs, "Abonnés"); math.Abs(sum-(2310+1045+2362+880)) > 1e-9 {
		t.Errorf("Abonnés add to %v, want 6597", sum)
	}

	// Next month's file, same columns: the user leaves Clics out once, and
	// the form remembers it the time after.
	var clics string
	h.importFile(userFR, chanMain, "resultats_avril.csv", data, func(v fakeslack.View, values formValues) bool {
		clics = blockLabelled(t, v, "Clics")
		if got := values[clics][bot.ActionInput]; got != "3" {
			t.Errorf("Clics suggested from column %v, want 3 (the fourth)", got)
		}
		values[clics] = map[string]any{bot.ActionInput: "none"}
		return true
	})
	again := h.importFile(userFR, chanMain, "resultats_mai.csv", data, func(v fakeslack.View, values formValues) bool {
		mustContain(t, "formulaire mémorisé", slacktest.Unescape(v.JSON), "la dernière fois")
		if got := values[clics][bot.ActionInput]; got != "none" {
			t.Errorf("Clics pre-filled with %v, want none as chosen last time", got)
		}
		return true
	})
	mustContain(t, "dernier résultat", slacktest.Unescape(again.Done.JSON), "8 valeurs importées", "8 d'entre elles remplacent")
	if sum, n := sumOf(h.observationsOf(chanMain), "Impressions"); n != 4 || sum != 4910 {
		t.Errorf("after three imports, Impressions: %d adding to %v, want 4 adding to 4910", n, sum)
	}
}

// TestImport_PerPost: rows that name a post, by its utm_content or by the
// link of its published post, attach to that content item, and through it
// to its pillar and call to action: step 9 weighs pillars and calls to
// action by these results, and the measurement review lists the best and
// the weakest posts.
func TestImport_PerPost(t *testing.T) { storagetest.Run(t, testImportPerPost) }

func testImportPerPost(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	h.addGoal(userEN, chanMain, "Grow signups") // KPI "newsletter signups"
	p := h.planOf(chanMain)
	goal := h.storedGoals(chanMain)[0]
	ctx := importCtx()
	var pillars []*plan.Pillar
	for _, name := range []string{"Tips", "Behind the scenes"} {
		pl := &plan.Pillar{PlanID: p.ID, Name: name, CreatedBy: userEN}
		if err := h.main.Bot.Strategy.CreatePillar(ctx, pl); err != nil {
			t.Fatal(err)
		}
		pillars = append(pillars, pl)
	}
	var ctas []*plan.CTA
	for _, text := range []string{"Get the recipe", "Join the newsletter"} {
		c := &plan.CTA{PlanID: p.ID, Kind: plan.CTAEmailSignup, Text: text, URL: "https://example.com/" + strings.ReplaceAll(text, " ", "-"),
			GoalID: goal.ID, Network: plan.NetworkInstagram, CreatedBy: userEN}
		if err := h.main.Bot.CTAs.CreateCTA(ctx, c); err != nil {
			t.Fatal(err)
		}
		ctas = append(ctas, c)
	}
	// Four posts published on Instagram in November: A (Tips, recipe),
	// B (Tips, newsletter), C (Behind, recipe), D (Behind, newsletter); C
	// and D hold the links of their published posts.
	var items []*plan.ContentItem
	for i, name := range []string{"A", "B", "C", "D"} {
		it := &plan.ContentItem{PlanID: p.ID, Title: "Post " + name, Network: plan.NetworkInstagram, Format: plan.FormatImage,
			Status: plan.ContentPublished, PublishAt: time.Date(2026, 11, 10+i, 10, 0, 0, 0, time.UTC),
			PillarID: pillars[i/2].ID, CTAID: ctas[i%2].ID, CreatedBy: userEN}
		if i >= 2 {
			it.PostLink = "https://www.instagram.com/p/" + name + name + name + "/"
		}
		if err := h.main.Bot.Content.CreateContentItem(ctx, it); err != nil {
			t.Fatal(err)
		}
		items = append(items, it)
	}
	// The export: A and B by their utm_content, C and D by their post's
	// link as Instagram writes it (no www, tracking parameters), and a row
	// about no post.
	csv := "Date,Network,Post link,Newsletter signups\n" +
		"2026-11-24,Instagram," + plan.ItemContent(items[0].ID) + ",12\n" +
		"2026-11-24,Instagram," + plan.ItemContent(items[1].ID) + ",3\n" +
		"2026-11-24,Instagram,https://instagram.com/p/CCC?utm_source=ig&utm_medium=social,20\n" +
		"2026-11-24,Instagram,https://instagram.com/p/DDD,1\n" +
		"2026-11-24,Instagram,,5\n"
	run := h.importFile(userEN, chanMain, "signups_by_post.csv", []byte(csv), nil)
	mustContain(t, "result", slacktest.Unescape(run.Done.JSON), "5 values imported", "4 count for a post")
	byItem := map[int64]float64{}
	for _, o := range h.observationsOf(chanMain) {
		byItem[o.ContentItemID] += o.Value
	}
	for i, want := range []float64{12, 3, 20, 1} {
		if byItem[items[i].ID] != want {
			t.Errorf("post %s has %v signups, want %v", items[i].Title, byItem[items[i].ID], want)
		}
	}
	if byItem[0] != 5 {
		t.Errorf("%v signups about no post, want 5", byItem[0])
	}

	// Step 9, by hand: Tips = A + B = 12 + 3 = 15 over 2 posts, 7.5 a
	// post; Behind the scenes = C + D = 20 + 1 = 21, 10.5 a post; the
	// recipe = A + C = 32, 16 a post; the newsletter = B + D = 4, 2 a post.
	view := h.openedView(h.command(userEN, chanMain, "review").TriggerID)
	mustContain(t, "Tips", subjectText(t, view.JSON, "p"+strconv.FormatInt(pillars[0].ID, 10)), "newsletter signups: +15\u00a0signups, +7.5\u00a0signups a post")
	mustContain(t, "Behind the scenes", subjectText(t, view.JSON, "p"+strconv.FormatInt(pillars[1].ID, 10)), "newsletter signups: +21\u00a0signups, +10.5\u00a0signups a post")
	mustContain(t, "recipe", subjectText(t, view.JSON, "c"+strconv.FormatInt(ctas[0].ID, 10)), "newsletter signups: +32\u00a0signups, +16\u00a0signups a post")
	mustContain(t, "newsletter", subjectText(t, view.JSON, "c"+strconv.FormatInt(ctas[1].ID, 10)), "newsletter signups: +4\u00a0signups, +2\u00a0signups a post")

	// The weekly review of Monday 30 November: C (20) and A (12) lead, D
	// (1) and B (3) trail.
	if _, err := h.main.Bot.Metrics.SetReviewSchedule(ctx, p.ID, plan.ReviewSchedule{Frequency: plan.FrequencyWeekly, Weekday: time.Monday, Hour: 9}); err != nil {
		t.Fatal(err)
	}
	posts := h.posts(chanMain)
	h.Clock.Set(time.Date(2026, 11, 30, 9, 0, 20, 0, time.UTC))
	h.tick()
	review, _ := h.posted(posts, chanMain, "Measurement review")
	blocks := slacktest.Unescape([]byte(review.Params.Get("blocks")))
	mustContain(t, "review", blocks, "Best posts for newsletter signups", "1. *Post C* (Instagram): 20 signups", "2. *Post A* (Instagram): 12 signups",
		"Weakest posts", "1. *Post D* (Instagram): 1 signups", "2. *Post B* (Instagram): 3 signups")
}

// TestImport_MetaAndLinkedIn: the Meta Business Suite posts export (CSV,
// dates month first) and LinkedIn's content export (a workbook whose
// second sheet lists the posts) are recognised and imported, and a row
// whose post link is a content item's published post attaches to it.
func TestImport_MetaAndLinkedIn(t *testing.T) { storagetest.Run(t, testImportMetaAndLinkedIn) }

func testImportMetaAndLinkedIn(t *testing.T, backend storagetest.Backend) {
	h := newHarnessOn(t, backend)
	h.addGoal(userEN, chanMain, "Grow signups")
	h.mustMetric(chanMain, "Reach", plan.MetricCount)
	h.mustMetric(chanMain, "Clicks", plan.MetricCount)
	p := h.planOf(chanMain)
	post := &plan.ContentItem{PlanID: p.ID, Title: "Behind the scenes", Network: plan.NetworkFacebook, Format: plan.FormatImage,
		Status: plan.ContentPublished, PublishAt: time.Date(2026, 3, 5, 17, 0, 0, 0, time.UTC),
		PostLink: "https://facebook.com/1234567890/posts/2222", CreatedBy: userEN}
	if err := h.main.Bot.Content.CreateContentItem(importCtx(), post); err != nil {
		t.Fatal(err)
	}

	// Meta, by hand from the file: Reach 1,820 + 3,275 + 760 = 5,855 over
	// 2, 5 and 13 March; the second post is the content item's.
	meta := h.importFile(userEN, chanMain, "Mar-01-2026_Mar-31-2026.csv", readFixture(t, "meta_facebook_posts.csv"), nil)
	mustContain(t, "Meta mapping", slacktest.Unescape(meta.Mapping.JSON), "Meta")
	mustContain(t, "Meta preview", slacktest.Unescape(meta.Preview.JSON), "3 rows read", "*Reach*", "5,855 in all", "Mar 2, 2026 to Mar 13, 2026")
	mustContain(t, "Meta result", slacktest.Unescape(meta.Done.JSON), "count for a post")
	obs := h.observationsOf(chanMain)
	if sum, n := sumOf(obs, "Reach"); n != 3 || sum != 5855 {
		t.Errorf("Reach: %d adding to %v, want 3 adding to 5855", n, sum)
	}
	for _, o := range obs {
		if o.Network != plan.NetworkFacebook {
			t.Errorf("a Meta row on %q, want facebook", o.Network)
		}
		if plan.MetricKey(o.Metric) == "reach" && o.Value == 3275 && o.ContentItemID != post.ID {
			t.Errorf("the second post's reach is about item %d, want %d", o.ContentItemID, post.ID)
		}
	}

	// LinkedIn, by hand from the posts sheet: Clicks 187 + 96 + 38 = 321.
	li := h.importFile(userEN, chanMain, "acme_content_1773.xlsx", readFixture(t, "linkedin_content.xlsx"), nil)
	mustContain(t, "LinkedIn mapping", slacktest.Unescape(li.Mapping.JSON), "LinkedIn")
	mustContain(t, "LinkedIn preview", slacktest.Unescape(li.Preview.JSON), "3 rows read", "*Clicks*", "321 in all")
	var linkedin float64
	for _, o := range h.observationsOf(chanMain) {
		if o.Network == plan.NetworkLinkedIn && plan.MetricKey(o.Metric) == "clicks" {
			linkedin += o.Value
		}
	}
	if linkedin != 321 {
		t.Errorf("LinkedIn clicks add to %v, want 321", linkedin)
	}
}

// xlsxOf writes a one-sheet workbook of rows (a string starting with "="
// is a formula) with excelize and returns its bytes.
func xlsxOf(t *testing.T, rows [][]any, opts ...excelize.Options) []byte {
	t.Helper()
	book := excelize.NewFile()
	defer book.Close()
	for r, row := range rows {
		for c, v := range row {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			var err error
			if s, ok := v.(string); ok && strings.HasPrefix(s, "=") {
				err = book.SetCellFormula("Sheet1", ref, s[1:])
			} else {
				err = book.SetCellValue("Sheet1", ref, v)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := book.Write(&buf, opts...); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestImport_Workbook: a spreadsheet of the team's own, saved as .xlsx,
// imports like a CSV.
func TestImport_Workbook(t *testing.T) {
	h := newHarness(t)
	h.addGoal(userEN, chanMain, "Grow signups")
	h.mustMetric(chanMain, "Clicks", plan.MetricCount)
	data := xlsxOf(t, [][]any{
		{"Date", "Network", "Clicks"},
		{"2026-03-01", "Instagram", 48},
		{"2026-03-01", "LinkedIn", 31},
		{"2026-03-15", "Instagram", 75},
	})
	run := h.importFile(userEN, chanMain, "march.xlsx", data, nil)
	// By hand: 48 + 31 + 75 = 154.
	mustContain(t, "preview", slacktest.Unescape(run.Preview.JSON), "3 rows read", "154 in all")
	mustContain(t, "result", slacktest.Unescape(run.Done.JSON), "3 values imported")
	if sum, n := sumOf(h.observationsOf(chanMain), "Clicks"); n != 3 || sum != 154 {
		t.Errorf("Clicks: %d adding to %v, want 3 adding to 154", n, sum)
	}
}

// TestImport_BadInput: a file that is not what it claims, a workbook with
// a password, a formula in a column imported, an empty sheet, a date in
// a format not read, a file over 10 MB: each is a clear message in the
// user's language, and nothing is stored.
func TestImport_BadInput(t *testing.T) {
	good := [][]any{{"Date", "Network", "Clicks"}, {"2026-03-01", "Instagram", 48}}
	tests := []struct {
		name, file string
		data       []byte
		user       string
		want       string // in the mapping step's screen, or in the preview
	}{
		{"NotWhatItClaims", "results.csv", []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"), userEN, "named as csv but it holds a PDF document"},
		{"PasswordProtected", "results.xlsx", xlsxOf(t, good, excelize.Options{Password: "hunter2"}), userFR, "protégé par un mot de passe"},
		{"Formula", "results.xlsx", xlsxOf(t, [][]any{{"Date", "Network", "Clicks"}, {"2026-03-01", "Instagram", "=40+8"}}), userEN, "Cell C2 (column “Clicks”) holds a formula"},
		{"EmptySheet", "results.xlsx", xlsxOf(t, nil), userEN, "This file or sheet is empty."},
		{"UnknownDate", "results.csv", []byte("Date,Network,Clicks\nthe third of March,Instagram,48\n"), userEN, "Line 2: the date “the third of March” is in a format I cannot read."},
		{"TooBig", "results.csv", append([]byte("Date,Network,Clicks\n"), bytes.Repeat([]byte("2026-03-01,Instagram,48\n"), 10<<20/23+1)...), userFR, "trop volumineux"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.addGoal(tt.user, chanMain, "Grow signups")
			h.mustMetric(chanMain, "Clicks", plan.MetricCount)
			run := h.importFile(tt.user, chanMain, tt.file, tt.data, nil)
			screen := run.Mapping
			if run.Mapping.CallbackID == bot.CallbackImportMapping {
				screen = run.Preview
			}
			mustContain(t, "screen", slacktest.Unescape(screen.JSON), tt.want)
			if screen.CallbackID == bot.CallbackImportPreview || run.Done.ID != "" {
				t.Errorf("the bad file %s can be imported", tt.name)
			}
			if obs := h.observationsOf(chanMain); len(obs) != 0 {
				t.Errorf("%d observations stored", len(obs))
			}
		})
	}
}
