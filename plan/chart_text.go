package plan

import "time"

// ChartText is what a chart of a KPI writes, in the reader's language: the
// legends and the way dates and numbers read. A chart renderer takes it
// with the KPI (see bot.ChartRenderer) and needs no catalogue of its own.
type ChartText struct {
	// Values, Target, Guide and Band are the legends of the values, the
	// target (with its number), the line to follow and the range; Today
	// and Deadline those of the two date markers (Deadline with its date).
	Values, Target, Guide, Band, Today, Deadline string
	// Networks names the networks of the lines.
	Networks map[Network]string
	// Date writes a calendar date on the x axis, short and without the
	// year: "Feb 2", "2 févr.".
	Date func(time.Time) string
	// Number writes a value on the y axis as the legend does: thousands
	// separators, a decimal comma in French.
	Number func(float64) string
}
