package bot

// statusReasonStrings are the reasons /plan status and Home give for a
// step that does not meet its bar yet (issue 15, "honest status"), beside
// those of status_text.go.
var statusReasonStrings = map[string]message{
	"status.channels.no_cadence":   {"Networks with no cadence: %s", "Réseaux sans rythme de publication\u202f: %s"},
	"status.experiment.overdue":    {"Experiments past their end date without results: %s", "Tests A/B dont la date de fin est passée, sans résultats\u202f: %s"},
	"status.engage.overdue":        {"Replies overdue: %d, the oldest by %s", "Réponses en retard\u202f: %d, la plus ancienne de %s"},
	"status.measure.review_missed": {"The measurement review due this period did not run: see `/plan settings`.", "La revue des résultats prévue sur cette période n'a pas eu lieu\u202f: voyez `/plan réglages`."},
	"status.review.stale":          {"No decision this review period; the last was on %s.", "Aucune décision sur cette période de revue\u202f; la dernière date du %s."},
	"status.late.days":             {"%d days", "%d jours"},
	"status.late.days.one":         {"%d day", "%d jour"},
}
