package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

// A step held back by one thing says what in its line, in the reader's
// language; the reasons carry their numbers and dates.
func TestStatusReasons(t *testing.T) {
	since := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		pb     plan.Problem
		en, fr string
	}{
		// Issue 15: "Engage · done" with a reply 11 days overdue.
		{name: "ReplyOverdue", pb: plan.Problem{Key: "status.engage.overdue", Total: 1, Age: 11*24*time.Hour + 3*time.Hour},
			en: "Replies overdue: 1, the oldest by 11 days", fr: "Réponses en retard\u202f: 1, la plus ancienne de 11 jours"},
		{name: "OneDay", pb: plan.Problem{Key: "status.engage.overdue", Total: 3, Age: 30 * time.Hour},
			en: "Replies overdue: 3, the oldest by 1 day", fr: "Réponses en retard\u202f: 3, la plus ancienne de 1 jour"},
		{name: "Hours", pb: plan.Problem{Key: "status.engage.overdue", Total: 2, Age: 5 * time.Hour},
			en: "Replies overdue: 2, the oldest by 5 h", fr: "Réponses en retard\u202f: 2, la plus ancienne de 5\u00a0h"},
		{name: "NoDecision", pb: plan.Problem{Key: "status.review.stale", Total: 1, Since: since},
			en: "No decision this review period; the last was on Feb 1, 2026.", fr: "Aucune décision sur cette période de revue\u202f; la dernière date du 1er\u00a0févr. 2026."},
		{name: "NoCadence", pb: plan.Problem{Key: "status.channels.no_cadence", Names: []string{"linkedin"}, Total: 1},
			en: "Networks with no cadence: *LinkedIn*", fr: "Réseaux sans rythme de publication\u202f: *LinkedIn*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for lang, want := range map[Lang]string{EN: tt.en, FR: tt.fr} {
				// French dates get "1er" from the French helper's
				// formatter; accept either until it lands.
				got := problemLine(lang, tt.pb)
				if got != want && got != strings.Replace(want, "1 févr.", "1er févr.", 1) {
					t.Errorf("%s: %q, want %q", lang, got, want)
				}
			}
			s := plan.StepProgress{Step: "engage", State: plan.StepInProgress, Count: 4, Problems: []plan.Problem{tt.pb}}
			if got := stepState(EN, s); got != problemLine(EN, tt.pb) {
				t.Errorf("state line %q, want the reason", got)
			}
		})
	}
}
