package plan_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/planbot/planbot/plan"
)

func csvMetrics() []*plan.Metric {
	goals := []*plan.Goal{{ID: 1, Kind: plan.GoalLeads, Metric: "Newsletter signups"}}
	return plan.PlanMetrics(goals, []*plan.Metric{{ID: 2, Name: "press articles", Kind: plan.MetricCount, GoalKind: plan.GoalAwareness}})
}

func TestParseObservationsCSV_Good(t *testing.T) {
	today := day(2026, 3, 31)
	tests := []struct {
		name string
		text string
		want []plan.Observation
		rows []int
	}{
		{
			name: "HeaderCommas",
			text: "date,metric,network,value\n2026-03-02,newsletter signups,instagram,120\n2026-03-03,press articles,,2\n",
			want: []plan.Observation{
				{Metric: "newsletter signups", Network: plan.NetworkInstagram, Value: 120, Date: day(2026, 3, 2)},
				{Metric: "press articles", Value: 2, Date: day(2026, 3, 3)},
			},
			rows: []int{2, 3},
		},
		{
			name: "SemicolonsDecimalCommaBOMCRLF",
			text: "\ufeff2026-03-02;Newsletter Signups;Twitter;1 200,5\r\n\r\n2026-03-01/2026-03-31;press articles;LinkedIn;3\r\n",
			want: []plan.Observation{
				{Metric: "Newsletter Signups", Network: plan.NetworkX, Value: 1200.5, Date: day(2026, 3, 2)},
				{Metric: "press articles", Network: plan.NetworkLinkedIn, Value: 3, Date: day(2026, 3, 1), End: day(2026, 3, 31)},
			},
			rows: []int{1, 3},
		},
		{
			name: "QuotedThousands",
			text: "2026-03-02,\"newsletter  signups\",instagram,\"1,200.5\"\n2026-03-05..2026-03-05,mentions,blog,1",
			want: []plan.Observation{
				{Metric: "newsletter signups", Network: plan.NetworkInstagram, Value: 1200.5, Date: day(2026, 3, 2)},
				{Metric: "mentions", Network: plan.NetworkBlog, Value: 1, Date: day(2026, 3, 5)},
			},
			rows: []int{1, 2},
		},
		{
			name: "Tabs",
			text: "2026-03-02\tpress articles\tfacebook\t-2\n",
			want: []plan.Observation{{Metric: "press articles", Network: plan.NetworkFacebook, Value: -2, Date: day(2026, 3, 2)}},
			rows: []int{1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obs, rows, re := plan.ParseObservationsCSV(tt.text, csvMetrics(), today)
			if re != nil {
				t.Fatalf("errors %+v", re)
			}
			var got []plan.Observation
			for _, o := range obs {
				got = append(got, *o)
			}
			if !reflect.DeepEqual(got, tt.want) || !reflect.DeepEqual(rows, tt.rows) {
				t.Errorf("got %+v rows %v\nwant %+v rows %v", got, rows, tt.want, tt.rows)
			}
		})
	}
}

func TestParseObservationsCSV_BadRows(t *testing.T) {
	today := day(2026, 3, 31)
	tests := []struct {
		name string
		line string
		want plan.RowError
	}{
		{name: "TooFewColumns", line: "2026-03-02,press articles,instagram", want: plan.RowError{Field: "columns", Key: "csv.columns", Value: "3"}},
		{name: "DecimalComma", line: "2026-03-02,press articles,instagram,1,5", want: plan.RowError{Field: "columns", Key: "csv.columns", Value: "5"}},
		{name: "BadDate", line: "31/03/2026,press articles,instagram,1", want: plan.RowError{Field: "date", Key: "csv.date", Value: "31/03/2026"}},
		{name: "NoSuchDay", line: "2026-02-30,press articles,instagram,1", want: plan.RowError{Field: "date", Key: "csv.date", Value: "2026-02-30"}},
		{name: "BadPeriod", line: "2026-03-01/soon,press articles,instagram,1", want: plan.RowError{Field: "date", Key: "csv.date", Value: "2026-03-01/soon"}},
		{name: "Future", line: "2026-04-01,press articles,instagram,1", want: plan.RowError{Field: "date", Key: "observation.date.future", Value: "2026-04-01"}},
		{name: "PeriodBackwards", line: "2026-03-10/2026-03-01,press articles,instagram,1", want: plan.RowError{Field: "end", Key: "observation.end.before_start", Value: "2026-03-01"}},
		{name: "UnknownMetric", line: "2026-03-02,followers,instagram,1", want: plan.RowError{Field: "metric", Key: "observation.metric.unknown", Value: "followers"}},
		{name: "NoMetric", line: "2026-03-02, ,instagram,1", want: plan.RowError{Field: "metric", Key: "observation.metric.required"}},
		{name: "UnknownNetwork", line: "2026-03-02,press articles,myspace,1", want: plan.RowError{Field: "network", Key: "csv.network", Value: "myspace"}},
		{name: "NotANumber", line: "2026-03-02,press articles,instagram,lots", want: plan.RowError{Field: "value", Key: "csv.value", Value: "lots"}},
		{name: "NoValue", line: "2026-03-02,press articles,instagram,", want: plan.RowError{Field: "value", Key: "csv.value", Value: ""}},
		{name: "Infinite", line: "2026-03-02,press articles,instagram,1e999", want: plan.RowError{Field: "value", Key: "csv.value", Value: "1e999"}},
		{name: "BadQuotes", line: "2026-03-02,\"press articles,instagram,1", want: plan.RowError{Field: "csv", Key: "csv.syntax"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The bad line comes third, between good ones: its number is
			// reported, and nothing is returned to store.
			text := "date,metric,network,value\n2026-03-01,press articles,instagram,1\n" + tt.line + "\n2026-03-03,press articles,x,2\n"
			obs, rows, re := plan.ParseObservationsCSV(text, csvMetrics(), today)
			if obs != nil || rows != nil {
				t.Fatalf("a paste with a bad row returned %d observations", len(obs))
			}
			want := tt.want
			want.Row = 3
			if len(re) != 1 || re[0] != want {
				t.Fatalf("errors %+v, want [%+v]", re, want)
			}
			if plan.ErrorCode(re) != plan.EINVALID {
				t.Errorf("ErrorCode = %s", plan.ErrorCode(re))
			}
		})
	}
	t.Run("EveryBadRowReported", func(t *testing.T) {
		text := "2026-03-01,press articles,instagram,x\n2026-03-02,followers,myspace,1\n"
		_, _, re := plan.ParseObservationsCSV(text, csvMetrics(), today)
		if len(re) != 2 || re[0].Row != 1 || re[1].Row != 2 || re[1].Key != "csv.network" {
			t.Fatalf("errors %+v", re)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		if _, _, re := plan.ParseObservationsCSV("date,metric,network,value\n\n", csvMetrics(), today); len(re) != 1 || re[0].Key != "csv.empty" {
			t.Fatalf("errors %+v", re)
		}
	})
	t.Run("TooMany", func(t *testing.T) {
		text := strings.Repeat("2026-03-01,press articles,instagram,1\n", plan.MaxObservationsBatch+1)
		if _, _, re := plan.ParseObservationsCSV(text, csvMetrics(), today); len(re) != 1 || re[0].Key != "observation.batch.too_many" {
			t.Fatalf("errors %+v", re)
		}
	})
}

func TestParseNetworkAndNumber(t *testing.T) {
	for in, want := range map[string]plan.Network{"Instagram": plan.NetworkInstagram, " twitter ": plan.NetworkX, "": "", "Linked-In": plan.NetworkLinkedIn} {
		if got, ok := plan.ParseNetwork(in); !ok || got != want {
			t.Errorf("ParseNetwork(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := plan.ParseNetwork("myspace"); ok {
		t.Error("myspace parsed")
	}
	for in, want := range map[string]float64{"1,200.5": 1200.5, "1 200,5": 1200.5, "1200,5": 1200.5, "-3": -3, "0": 0} {
		if got, ok := plan.ParseNumber(in); !ok || got != want {
			t.Errorf("ParseNumber(%q) = %v, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "abc", "NaN", "Inf", "1.2.3"} {
		if _, ok := plan.ParseNumber(in); ok {
			t.Errorf("ParseNumber(%q) ok", in)
		}
	}
}
