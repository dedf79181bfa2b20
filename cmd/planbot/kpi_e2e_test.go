package main

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/internal/slacktest"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage/storagetest"
)

// End-to-end tests of issue 11's defects in goals and measurement, one a
// bullet of its "Why" that step 8 owns: each types what a user types in
// the forms, and checks what was stored and what Slack showed. The
// harness's clock starts on Wednesday 2026-11-25 at 09:00 UTC; the plans
// are in Europe/London. Expected values are worked out by hand in the
// comments.

// result is one row of the results form: metric, network ("" for all
// networks) and value, as typed.
type result struct{ metric, network, value string }

// typedGoal adds a goal through the form with the values of goalValues
// changed by set, and returns it as stored.
func (h *harness) typedGoal(user, channel, title string, set formValues) *plan.Goal {
	h.t.Helper()
	v := goalValues(title)
	for block, value := range set {
		v[block] = value
	}
	form := h.stepForm(user, channel, "goals", bot.CallbackGoal, bot.ActionGoalAdd)
	h.mustSubmit(user, form.ID, v)
	for _, g := range h.storedGoals(channel) {
		if g.Title == title {
			return g
		}
	}
	h.t.Fatalf("goal %q not stored", title)
	return nil
}

// in is the value of a form input.
func in(v any) map[string]any { return map[string]any{bot.ActionInput: v} }

// measureView opens /plan measure as user and returns the modal.
func (h *harness) measureView(user, channel string) json.RawMessage {
	h.t.Helper()
	return h.openedView(h.command(user, channel, "measure").TriggerID).JSON
}

// logResults opens the results form from /plan measure as user, submits
// rows dated date, and returns the field errors, nil when they were
// stored. The form stays open on errors.
func (h *harness) logResults(user, channel, date string, rows ...result) map[string]string {
	h.t.Helper()
	measure := h.openedView(h.command(user, channel, "measure").TriggerID)
	form := h.pushed(user, measure.ID, bot.ActionMeasureLog, strconv.FormatInt(h.planOf(channel).ID, 10))
	values := formValues{bot.BlockObsDate: in(date)}
	for i, r := range rows {
		n := strconv.Itoa(i + 1)
		values[bot.BlockObsMetricRow+n] = in(r.metric)
		values[bot.BlockObsValueRow+n] = in(r.value)
		if r.network != "" {
			values[bot.BlockObsNetRow+n] = in(r.network)
		}
	}
	return ackErrors(h.t, h.submit(user, form.ID, values))
}

// blockText returns the mrkdwn text of the block blockID of a view or of
// a message's blocks, decoded.
func blockText(t *testing.T, raw json.RawMessage, blockID string) string {
	t.Helper()
	var doc struct {
		Blocks []json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil || doc.Blocks == nil {
		if err := json.Unmarshal(raw, &doc.Blocks); err != nil {
			t.Fatalf("not blocks: %v", err)
		}
	}
	for _, b := range doc.Blocks {
		var head struct {
			BlockID string `json:"block_id"`
		}
		if json.Unmarshal(b, &head) == nil && head.BlockID == blockID {
			return strings.Join(slacktest.MrkdwnTexts(b), "\n")
		}
	}
	t.Fatalf("no block %s in %s", blockID, slacktest.Unescape(raw))
	return ""
}

// kpiText returns the KPI of goal g as /plan measure shows it to user.
func (h *harness) kpiText(user, channel string, g *plan.Goal) string {
	h.t.Helper()
	return blockText(h.t, h.measureView(user, channel), "kpi_"+strconv.FormatInt(g.ID, 10))
}

// mustLack fails if s contains any of subs.
func mustLack(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			t.Errorf("%s holds %q:\n%s", what, sub, s)
		}
	}
}

// Issue 11, "Separators": "1,200" was read as 1.2 and "20,000" as 20. An
// English user types 12,000, 20,000 and 13,250; a French user 13 250 with
// a space, a no-break space and a narrow no-break space: all are 13250,
// stored so and shown in each reader's language. "1,250" typed by the
// French user could be 1 250 or 1,25: the form says both and keeps it.
func TestKPI_NumbersAsTyped(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		h := newHarnessOn(t, backend)
		g := h.typedGoal(userEN, chanMain, "Grow followers", formValues{
			bot.BlockGoalMetric: in("followers"), bot.BlockGoalBaseline: in("12,000"), bot.BlockGoalTarget: in("20,000"), bot.BlockGoalUnit: in("followers"),
		})
		if g.Baseline != 12000 || g.Target != 20000 {
			t.Fatalf("goal stored from 12,000 to 20,000 as %v to %v", g.Baseline, g.Target)
		}

		notes := len(h.Slack.Calls("chat.postMessage"))
		if errs := h.logResults(userEN, chanMain, "2026-11-25", result{"followers", "instagram", "13,250"}); errs != nil {
			t.Fatalf("13,250 refused: %v", errs)
		}
		if obs := h.observationsOf(chanMain); len(obs) != 1 || obs[0].Value != 13250 {
			t.Fatalf("stored %+v, want 13250", obs)
		}
		note := h.noteAfter(notes, "logged 1 result")
		mustContain(t, "note", strings.Join(slacktest.MrkdwnTexts([]byte(note.Params.Get("blocks"))), "\n"), "*13,250*")

		// The French rows: Facebook, LinkedIn and X, 13 250 each.
		errs := h.logResults(userFR, chanMain, "2026-11-25",
			result{"followers", "facebook", "13 250"}, result{"followers", "linkedin", "13\u00a0250"}, result{"followers", "x", "13\u202f250"})
		if errs != nil {
			t.Fatalf("13 250 refused: %v", errs)
		}
		obs := h.observationsOf(chanMain)
		if len(obs) != 4 {
			t.Fatalf("%d results stored, want 4", len(obs))
		}
		for _, o := range obs {
			if o.Value != 13250 {
				t.Errorf("%s stored %v, want 13250", o.Network, o.Value)
			}
		}
		// Shown to the French user: 13 250 a network, and the followers of
		// the four networks added up (a count): 4 × 13 250 = 53 000.
		fr := strings.Join(slacktest.MrkdwnTexts(h.measureView(userFR, chanMain)), "\n")
		mustContain(t, "French measure modal", fr, "*13\u202f250*", "dernière valeur 53\u202f000\u00a0followers")
		en := h.kpiText(userEN, chanMain, g)
		mustContain(t, "English KPI", en, "latest 53,000 followers", "baseline 12,000 followers", "target 20,000 followers")

		// 1,250 in French: 1 250 or 1,25? Nothing stored, the form open.
		measure := h.openedView(h.command(userFR, chanMain, "measure").TriggerID)
		form := h.pushed(userFR, measure.ID, bot.ActionMeasureLog, strconv.FormatInt(g.PlanID, 10))
		errs = ackErrors(t, h.submit(userFR, form.ID, formValues{
			bot.BlockObsDate: in("2026-11-25"), bot.BlockObsMetricRow + "1": in("followers"), bot.BlockObsValueRow + "1": in("1,250"),
		}))
		mustContain(t, "ambiguity", errs[bot.BlockObsValueRow+"1"], "«\u202f1,250\u202f»", "1\u202f250 ou 1,25\u202f?")
		if n := len(h.observationsOf(chanMain)); n != 4 {
			t.Errorf("%d results after an ambiguous value, want 4", n)
		}
		if open := h.Slack.OpenViews(userFR); len(open) == 0 || open[len(open)-1].ID != form.ID {
			t.Errorf("the form closed on an ambiguous value")
		}
	})
}

// Issue 11, "Aggregation": a goal's KPI added up each network's latest
// value whatever the KPI was. Each case sets the KPI's type in the goal
// form, logs results in the results form, and reads the KPI in
// /plan measure.
func TestKPI_Aggregation(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		t.Run("RateNotSummed", func(t *testing.T) {
			// 2.1 % + 2.0 % showed 4.1 %, "target reached". A rate is shown
			// per network and judged by the weakest: from 1.5 % to 3 %,
			// Facebook's 2 % is (2 - 1.5) / (3 - 1.5) = 33.3 % of the way.
			h := newHarnessOn(t, backend)
			g := h.typedGoal(userEN, chanMain, "Engage", formValues{bot.BlockGoalMetric: in("engagement rate"), bot.BlockGoalUnit: in("%"),
				bot.BlockGoalAggregation: in("rate"), bot.BlockGoalBaseline: in("1.5"), bot.BlockGoalTarget: in("3")})
			if g.KPI.Aggregation != plan.AggregateRate || g.KPI.Direction != plan.DirectionIncrease {
				t.Fatalf("stored type %+v", g.KPI)
			}
			if errs := h.logResults(userEN, chanMain, "2026-11-25",
				result{"engagement rate", "instagram", "2.1"}, result{"engagement rate", "facebook", "2.0"}); errs != nil {
				t.Fatal(errs)
			}
			k := h.kpiText(userEN, chanMain, g)
			mustContain(t, "rate KPI", k, "on each network (not added up)", "Facebook: 2% (Nov 25, 2026)", "Instagram: 2.1% (Nov 25, 2026)",
				"Judged by its weakest network: Facebook.", "33.3% of the way")
			mustLack(t, "rate KPI", k, "4.1", "Target reached")
		})
		t.Run("CostNotSummed", func(t *testing.T) {
			// 30 € + 30 € showed 60 €. A cost per lead weighted by the leads
			// (10 on Instagram, 30 on Facebook): (30×10 + 30×30) / 40 = 30 €,
			// which from 40 € to 20 € is (40 - 30) / (40 - 20) = 50 %.
			h := newHarnessOn(t, backend)
			g := h.typedGoal(userEN, chanMain, "Cheaper leads", formValues{bot.BlockGoalMetric: in("cost per lead"), bot.BlockGoalUnit: in("€"),
				bot.BlockGoalAggregation: in("cost"), bot.BlockGoalWeight: in("leads"), bot.BlockGoalBaseline: in("40"), bot.BlockGoalTarget: in("20")})
			if g.KPI.Direction != plan.DirectionDecrease || g.KPI.WeightMetric != "leads" {
				t.Fatalf("stored type %+v", g.KPI)
			}
			ctx := plan.NewContextWithUser(context.Background(), userEN)
			if err := h.main.Bot.Metrics.CreateMetric(ctx, &plan.Metric{PlanID: g.PlanID, Name: "leads", Kind: plan.MetricCount, CreatedBy: userEN}); err != nil {
				t.Fatal(err)
			}
			if errs := h.logResults(userEN, chanMain, "2026-11-25",
				result{"cost per lead", "instagram", "30"}, result{"cost per lead", "facebook", "30"},
				result{"leads", "instagram", "10"}, result{"leads", "facebook", "30"}); errs != nil {
				t.Fatal(errs)
			}
			k := h.kpiText(userEN, chanMain, g)
			mustContain(t, "cost KPI", k, "latest 30 € (Nov 25, 2026)", "50.0% of the way")
			mustLack(t, "cost KPI", k, "60")
		})
		t.Run("ReplyTimeNotSummed", func(t *testing.T) {
			// 2 h on three networks showed 6 h. From 6 h to 1 h, 2 h is
			// (6 - 2) / (6 - 1) = 80 % of the way on each network.
			h := newHarnessOn(t, backend)
			g := h.typedGoal(userEN, chanMain, "Answer fast", formValues{bot.BlockGoalMetric: in("reply time"), bot.BlockGoalUnit: in("h"),
				bot.BlockGoalAggregation: in("rate"), bot.BlockGoalBaseline: in("6"), bot.BlockGoalTarget: in("1")})
			if errs := h.logResults(userEN, chanMain, "2026-11-25",
				result{"reply time", "instagram", "2"}, result{"reply time", "facebook", "2"}, result{"reply time", "linkedin", "2"}); errs != nil {
				t.Fatal(errs)
			}
			k := h.kpiText(userEN, chanMain, g)
			mustContain(t, "reply time KPI", k, "Facebook: 2 h", "Instagram: 2 h", "LinkedIn: 2 h", "80.0% of the way")
			mustLack(t, "reply time KPI", k, "latest", "Target reached")
		})
		t.Run("AllNetworksIsTheTotal", func(t *testing.T) {
			// A row for all networks (250) was added to Instagram's (230):
			// 480. It is the total: 250, from 200 to 300 is 50 %.
			h := newHarnessOn(t, backend)
			g := h.typedGoal(userEN, chanMain, "Grow followers", formValues{bot.BlockGoalMetric: in("followers"), bot.BlockGoalUnit: in("followers"),
				bot.BlockGoalBaseline: in("200"), bot.BlockGoalTarget: in("300")})
			if g.KPI != (plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateLevel, Count: true}) {
				t.Fatalf("stored type %+v, want the form's default: a level whose networks add up", g.KPI)
			}
			if errs := h.logResults(userEN, chanMain, "2026-11-25",
				result{"followers", "", "250"}, result{"followers", "instagram", "230"}); errs != nil {
				t.Fatal(errs)
			}
			k := h.kpiText(userEN, chanMain, g)
			mustContain(t, "followers KPI", k, "latest 250 followers (Nov 25, 2026)", "50.0% of the way")
			mustLack(t, "followers KPI", k, "480")
		})
		t.Run("PerPeriodTarget", func(t *testing.T) {
			// "20 leads a month" was compared with the running total: 30 a
			// month showed 300 % after three months. Each month is compared
			// with 20: November's 30 is 30 / 20 = 150 %, and so is
			// December's once it is over, never 60 / 20.
			h := newHarnessOn(t, backend)
			g := h.typedGoal(userEN, chanMain, "Leads", formValues{bot.BlockGoalMetric: in("leads"), bot.BlockGoalUnit: in("leads"),
				bot.BlockGoalAggregation: in("flow"), bot.BlockGoalPeriod: in("month"), bot.BlockGoalBaseline: in("0"), bot.BlockGoalTarget: in("20")})
			if g.KPI.Aggregation != plan.AggregateFlow || g.KPI.Period != plan.PeriodMonth {
				t.Fatalf("stored type %+v", g.KPI)
			}
			if errs := h.logResults(userEN, chanMain, "2026-11-10", result{"leads", "", "30"}); errs != nil {
				t.Fatal(errs)
			}
			h.Clock.Set(time.Date(2027, 1, 4, 10, 0, 0, 0, time.UTC))
			if errs := h.logResults(userEN, chanMain, "2026-12-15", result{"leads", "linkedin", "30"}); errs != nil {
				t.Fatal(errs)
			}
			k := h.kpiText(userEN, chanMain, g)
			mustContain(t, "leads KPI", k, "target 20 leads a month", "Dec 2026: 30 leads", "Jan 2027 so far: nothing logged", "150.0% of the way")
			mustLack(t, "leads KPI", k, "300.0%", "60 leads")
		})
	})
}

// Issue 11, "Caps and clocks": only the oldest 20,000 results were read,
// results dated before the goal did not count, and pace was judged at the
// last result's date.
func TestKPI_CapsAndClocks(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		t.Run("MoreThan20000Results", func(t *testing.T) {
			// 20,010 older results of Instagram's followers, 100 a day from
			// Nov 24 back; then 999 logged today. The oldest 20,000 ended
			// before it: the KPI is 999, in /plan measure, the status and
			// the export.
			h := newHarnessOn(t, backend)
			g := h.typedGoal(userEN, chanMain, "Grow followers", formValues{bot.BlockGoalMetric: in("followers"), bot.BlockGoalUnit: in("followers"),
				bot.BlockGoalBaseline: in("100"), bot.BlockGoalTarget: in("2,000")})
			ctx := plan.NewContextWithUser(context.Background(), userEN)
			const old = 20_010
			for n := 0; n < old; n += plan.MaxObservationsBatch {
				var batch []*plan.Observation
				for i := n; i < min(n+plan.MaxObservationsBatch, old); i++ {
					batch = append(batch, &plan.Observation{PlanID: g.PlanID, Metric: "followers", Network: plan.NetworkInstagram, Value: 500,
						Date: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -i/100), CreatedBy: userEN})
				}
				if err := h.main.Bot.Metrics.CreateObservations(ctx, batch); err != nil {
					t.Fatal(err)
				}
			}
			if errs := h.logResults(userEN, chanMain, "2026-11-25", result{"followers", "instagram", "999"}); errs != nil {
				t.Fatal(errs)
			}
			measure := h.measureView(userEN, chanMain)
			mustContain(t, "KPI", blockText(t, measure, "kpi_"+strconv.FormatInt(g.ID, 10)), "latest 999 followers (Nov 25, 2026)")
			mustContain(t, "total", blockText(t, measure, "measure_total"), "20,011 results in all")
			mustLack(t, "status", statusLine(t, h.status(userEN, chanMain), "measure"), "Goals with no result")
			h.command(userEN, chanMain, "export")
			mustContain(t, "export", string(h.fileAfter(0).Data), "| 999 followers (Nov 25, 2026) |")
		})
		t.Run("BackFilled", func(t *testing.T) {
			// Set on Nov 25, the goal gets a result of Nov 20: it counts from
			// its date. 150 from 100 to 200 is 50 % of the way.
			h := newHarnessOn(t, backend)
			g := h.typedGoal(userEN, chanMain, "Grow followers", formValues{bot.BlockGoalMetric: in("followers"), bot.BlockGoalUnit: in("followers"),
				bot.BlockGoalBaseline: in("100"), bot.BlockGoalTarget: in("200")})
			if errs := h.logResults(userEN, chanMain, "2026-11-20", result{"followers", "instagram", "150"}); errs != nil {
				t.Fatal(errs)
			}
			k := h.kpiText(userEN, chanMain, g)
			mustContain(t, "KPI", k, "latest 150 followers (Nov 20, 2026)", "50.0% of the way")
			mustLack(t, "KPI", k, "nothing logged yet", "No data yet")
		})
		t.Run("PaceAtToday", func(t *testing.T) {
			// From 100 on Nov 25 to 200 on Dec 5: ten days, 10 % a day. 130
			// logged on Nov 28 is 30 % on day 3: on track. On Dec 2, day 7,
			// the line asks 70 %: behind, though nothing new was logged. The
			// summary says what the line expects in followers: 100 + 30 % of
			// 100 = 130, then 100 + 70 % of 100 = 170.
			h := newHarnessOn(t, backend)
			g := h.typedGoal(userEN, chanMain, "Grow followers", formValues{bot.BlockGoalMetric: in("followers"), bot.BlockGoalUnit: in("followers"),
				bot.BlockGoalBaseline: in("100"), bot.BlockGoalTarget: in("200"), bot.BlockGoalDeadline: in("2026-12-05")})
			h.Clock.Set(time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC))
			if errs := h.logResults(userEN, chanMain, "2026-11-28", result{"followers", "instagram", "130"}); errs != nil {
				t.Fatal(errs)
			}
			mustContain(t, "KPI on Nov 28", h.kpiText(userEN, chanMain, g), "On track", "30.0% of the way; the straight line expects 130 followers today")
			h.Clock.Set(time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC))
			mustContain(t, "KPI on Dec 2", h.kpiText(userEN, chanMain, g), "Behind", "30.0% of the way; the straight line expects 170 followers today")
			mustContain(t, "status", statusLine(t, h.status(userEN, chanMain), "measure"), "Goals behind their pace today", "*Grow followers*")
		})
	})
}

// pasteCSV opens the CSV form from /plan measure as user and pastes text;
// it returns the ack's field errors, or the sentence of the view that
// replaced the form once the results were stored.
func (h *harness) pasteCSV(user, channel, text string) (map[string]string, string) {
	h.t.Helper()
	measure := h.openedView(h.command(user, channel, "measure").TriggerID)
	form := h.pushed(user, measure.ID, bot.ActionMeasurePaste, strconv.FormatInt(h.planOf(channel).ID, 10))
	ack := h.submit(user, form.ID, formValues{bot.BlockObsCSV: in(text)})
	if errs := ackErrors(h.t, ack); errs != nil {
		return errs, ""
	}
	var resp struct {
		Action string          `json:"response_action"`
		View   json.RawMessage `json:"view"`
	}
	if err := json.Unmarshal(ack.Payload, &resp); err != nil || resp.Action != "update" {
		h.t.Fatalf("ack %s, want the form replaced", ack.Payload)
	}
	return nil, blockText(h.t, resp.View, "csv_done")
}

// Issue 11: every row of the results CSV that /plan export csv writes was
// refused by the paste. An English plan's export (commas, decimal points)
// pastes into a French plan, and the French plan's (semicolons, decimal
// commas) back into the English one; each paste says how it read the
// values. A forged paste of 100,000 lines is refused before it is read.
func TestKPI_ExportPastesBack(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		h := newHarnessOn(t, backend)
		followers := formValues{bot.BlockGoalMetric: in("followers"), bot.BlockGoalUnit: in("followers"),
			bot.BlockGoalBaseline: in("1000"), bot.BlockGoalTarget: in("20000")}
		h.typedGoal(userEN, chanMain, "Grow followers", followers)
		h.typedGoal(userFR, chanOther, "Plus d'abonnés", followers)
		if errs := h.logResults(userEN, chanMain, "2026-11-24",
			result{"followers", "instagram", "13,250"}, result{"followers", "linkedin", "1,200.5"}); errs != nil {
			t.Fatal(errs)
		}

		h.command(userEN, chanMain, "export csv")
		english := h.fileAfter(0)
		errs, done := h.pasteCSV(userFR, chanOther, string(english.Data))
		if errs != nil {
			t.Fatalf("the English export does not paste back: %v\n%s", errs, english.Data)
		}
		mustContain(t, "French confirmation", done, "2 résultats enregistrés, lus avec un point décimal.")
		got := map[plan.Network]float64{}
		for _, o := range h.observationsOf(chanOther) {
			got[o.Network] = o.Value
		}
		if len(got) != 2 || got[plan.NetworkInstagram] != 13250 || got[plan.NetworkLinkedIn] != 1200.5 {
			t.Fatalf("pasted %v, want Instagram 13250 and LinkedIn 1200.5", got)
		}

		h.command(userFR, chanOther, "exporter csv")
		french := h.fileAfter(1)
		mustContain(t, "French export", string(french.Data), "value;period_end", "1200,5")
		errs, done = h.pasteCSV(userEN, chanMain, string(french.Data))
		if errs != nil {
			t.Fatalf("the French export does not paste back: %v\n%s", errs, french.Data)
		}
		mustContain(t, "English confirmation", done, "2 results stored, read with decimal commas.")
		if obs := h.observationsOf(chanMain); len(obs) != 4 || obs[2].Value+obs[3].Value != 13250+1200.5 {
			t.Fatalf("stored %+v", obs)
		}

		// Slack stops a paste at 3,000 characters; a forged one is refused
		// at once, whatever its length.
		errs, _ = h.pasteCSV(userEN, chanMain, strings.Repeat("2026-11-24,followers,x,1\n", 100_000))
		mustContain(t, "forged paste", errs[bot.BlockObsCSV], "Up to 3,000 characters a paste")
		if n := len(h.observationsOf(chanMain)); n != 4 {
			t.Errorf("%d results after a forged paste, want 4", n)
		}
	})
}
