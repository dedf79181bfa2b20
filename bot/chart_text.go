package bot

// chartStrings are the words of the KPI charts of the measurement review
// beside those of measure_text.go: the markers of today and the deadline,
// the dates of the x axis, and the KPI's summary sentence.
var chartStrings = map[string]message{
	"chart.today":      {"Today", "Aujourd'hui"},
	"chart.deadline":   {"Deadline: %s", "Échéance\u202f: %s"},
	"chart.date":       {"%[2]s %[1]d", "%[1]d\u00a0%[2]s"},
	"chart.date.first": {"%s 1", "1er\u00a0%s"},
	// The summary under a KPI, after its pace: how far it has come, and
	// what the straight line from baseline to target expects today, in
	// the KPI's unit.
	"kpi.way": {"%s of the way; the straight line expects %s today", "%s du chemin\u202f; la ligne droite prévoit %s aujourd'hui"},
}
