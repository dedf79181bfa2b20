package bot

// chartStrings are the words of the KPI charts of the measurement review
// beside those of measure_text.go: the markers of today and the deadline,
// and the dates of the x axis.
var chartStrings = map[string]message{
	"chart.today":      {"Today", "Aujourd'hui"},
	"chart.deadline":   {"Deadline: %s", "Échéance\u202f: %s"},
	"chart.date":       {"%[2]s %[1]d", "%[1]d %[2]s"},
	"chart.date.first": {"%s 1", "1er %s"},
}
