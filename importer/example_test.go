package importer_test

import (
	"context"
	"fmt"
	"time"

	"github.com/planbot/planbot/importer"
	"github.com/planbot/planbot/plan"
)

// The flow the bot follows: open the file, read its head, suggest a
// mapping (or load the one remembered under the head's signature), then
// preview what would be stored.
func ExampleFile_Preview() {
	f, err := importer.Open("testdata/ga4_traffic_acquisition.csv", importer.Options{Name: "ga4_traffic_acquisition.csv", Lang: "en"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	h, err := f.Head()
	if err != nil {
		fmt.Println(err)
		return
	}
	metrics := []*plan.Metric{{Name: "Sessions", Kind: plan.MetricCount}}
	m := importer.Suggest(h, metrics)
	today := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	p, err := f.Preview(context.Background(), m, metrics, today)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("preset:", h.Preset.Name)
	fmt.Println("rows:", p.Rows, "skipped:", p.Skipped, "values:", p.Len())
	for _, is := range p.Issues {
		fmt.Printf("line %d: %s (%s)\n", is.Line, is.Key(), is.Value)
	}
	fmt.Println("sessions:", p.Metrics[0].Total, p.Metrics[0].Convention.Key())
	fmt.Println("from", p.From.Format(time.DateOnly), "to", p.To.Format(time.DateOnly))
	// Output:
	// preset: Google Analytics 4
	// rows: 11 skipped: 2 values: 8
	// line 15: import.row.network (google / organic)
	// line 16: import.row.network ((direct) / (none))
	// sessions: 151 number.column.whole
	// from 2026-03-01 to 2026-03-03
}
