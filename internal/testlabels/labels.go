// Package testlabels words reports in English and French for the tests of
// plan and report, until the bot's message catalogue carries the report's
// keys (plan.ReportKeys): its strings are the ones proposed for that
// catalogue, and its number and date formats follow the typography the
// bot is moving to (thousands grouped, "1er", narrow no-break spaces).
package testlabels

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/planbot/planbot/plan"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Labels implements plan.ReportLabels in one language.
type Labels struct{ Lang string }

// The two languages.
var (
	EN = Labels{Lang: "en"}
	FR = Labels{Lang: "fr"}
)

// nnbsp is the narrow no-break space French puts before ":", ";", "!",
// "?", inside « » and between groups of digits.
const nnbsp = "\u202f"

// catalogue holds English then French.
var catalogue = map[string][2]string{
	"report.title":              {"Monthly report — %s", "Rapport mensuel — %s"},
	"report.subtitle":           {"%s, compared with %s", "%s, comparé à %s"},
	"report.generated":          {"Generated on %s", "Généré le %s"},
	"report.page":               {"Page %s of %s", "Page %s sur %s"},
	"report.none":               {"Nothing this month.", "Rien ce mois-ci."},
	"report.kpis":               {"Goals and KPIs", "Objectifs et indicateurs"},
	"report.col.goal":           {"Goal", "Objectif"},
	"report.col.kpi":            {"KPI", "Indicateur"},
	"report.col.change":         {"Change", "Évolution"},
	"report.col.target":         {"Target", "Cible"},
	"report.col.progress":       {"Progress", "Avancement"},
	"report.published":          {"%d posts published (%d in %s).", "%d publications (%d en %s)."},
	"report.published.one":      {"%d post published (%d in %s).", "%d publication (%d en %s)."},
	"report.at_risk":            {"Goals at risk:", "Objectifs à risque" + nnbsp + ":"},
	"report.at_risk.checkin":    {"%s — %s, says %s on %s.", "%s — %s, selon %s le %s."},
	"report.at_risk.kpi":        {"%s — the KPI is behind its pace.", "%s — l’indicateur est en retard sur son rythme."},
	"report.note":               {"“%s”", "«" + nnbsp + "%s" + nnbsp + "»"},
	"report.experiments":        {"Experiments concluded", "Tests A/B conclus"},
	"report.col.experiment":     {"Experiment", "Test"},
	"report.col.result":         {"Result", "Résultat"},
	"report.col.variants":       {"Variants", "Variantes"},
	"report.experiment.winner":  {"%s won (p = %s)", "%s l’emporte (p = %s)"},
	"report.experiment.none":    {"No clear difference (p = %s)", "Pas de différence nette (p = %s)"},
	"report.experiment.variant": {"%s: %s (%s of %s)", "%s" + nnbsp + ": %s (%s sur %s)"},
	"report.best":               {"Best posts by %s", "Meilleures publications (%s)"},
	"report.worst":              {"Weakest posts by %s", "Publications les plus faibles (%s)"},
	"report.col.post":           {"Post", "Publication"},
	"report.col.network":        {"Network", "Réseau"},
	"report.col.date":           {"Date", "Date"},
	"report.col.value":          {"Value", "Valeur"},
	"report.decisions":          {"Decisions taken", "Décisions prises"},
	"report.col.subject":        {"About", "Sujet"},
	"report.col.decision":       {"Decision", "Décision"},
	"report.col.why":            {"Why", "Pourquoi"},
	"report.next":               {"Next month: %s", "Le mois prochain" + nnbsp + ": %s"},
	"report.col.planned":        {"Posts planned", "Publications prévues"},
	"report.col.cadence":        {"Cadence", "Rythme"},
	"report.col.below":          {"Below cadence", "Sous le rythme"},
	"report.cadence.week":       {"%s a week", "%s par semaine"},
	"report.cadence.month":      {"%s a month", "%s par mois"},
	"report.cadence.none":       {"not set", "non défini"},
	"report.next.experiment":    {"Test “%s” runs from %s to %s.", "Le test «" + nnbsp + "%s" + nnbsp + "» se déroule du %s au %s."},
	"report.next.deadline":      {"Deadline for “%s”: %s.", "Échéance de «" + nnbsp + "%s" + nnbsp + "»" + nnbsp + ": %s."},
	"report.next.nothing":       {"Nothing planned yet.", "Rien de prévu pour l’instant."},
	"checkin.status.on_track":   {"on track", "en bonne voie"},
	"checkin.status.at_risk":    {"at risk", "à risque"},
	"checkin.status.off_track":  {"off track", "en difficulté"},
	"decision.do_more":          {"Do more", "Faire plus"},
	"decision.keep":             {"Keep", "Garder"},
	"decision.do_less":          {"Do less", "Faire moins"},
	"decision.stop":             {"Stop", "Arrêter"},
	"decision.try":              {"Try something new", "Essayer autre chose"},
	"network.facebook":          {"Facebook", "Facebook"},
	"network.instagram":         {"Instagram", "Instagram"},
	"network.linkedin":          {"LinkedIn", "LinkedIn"},
	"network.x":                 {"X", "X"},
	"network.tiktok":            {"TikTok", "TikTok"},
	"network.youtube":           {"YouTube", "YouTube"},
	"network.pinterest":         {"Pinterest", "Pinterest"},
	"network.threads":           {"Threads", "Threads"},
	"network.bluesky":           {"Bluesky", "Bluesky"},
	"network.mastodon":          {"Mastodon", "Mastodon"},
	"network.blog":              {"Blog", "Blog"},
	"network.newsletter":        {"Newsletter", "Newsletter"},
	"network.other":             {"Other", "Autre"},
	"pace.word.on_track":        {"on track", "dans les temps"},
	"pace.word.behind":          {"behind", "en retard"},
	"pace.word.reached":         {"target reached", "cible atteinte"},
	"pace.word.missed":          {"deadline missed", "échéance manquée"},
	"pace.word.no_data":         {"no data", "pas de données"},
}

// Has reports whether key has words in the catalogue.
func Has(key string) bool {
	_, ok := catalogue[key]
	return ok
}

// T returns key in l formatted with args; a missing key shows as itself.
func (l Labels) T(key string, args ...any) string {
	m, ok := catalogue[key]
	if !ok {
		return key
	}
	s := m[0]
	if l.Lang == "fr" {
		s = m[1]
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// N returns key for the count n, its ".one" form when n is in CLDR's
// "one" category in l (1 in English; 0 and 1 in French), as the bot's
// catalogue does.
func (l Labels) N(key string, n int, args ...any) string {
	tag := language.English
	if l.Lang == "fr" {
		tag = language.French
	}
	if plural.Cardinal.MatchPlural(tag, max(n, -n), 0, 0, 0, 0) == plural.One && Has(key+".one") {
		key += ".one"
	}
	return l.T(key, append([]any{n}, args...)...)
}

var monthsEN = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
var monthsFR = [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// Date writes a calendar date: "2 March 2026", "2 mars 2026", "1er mars
// 2026".
func (l Labels) Date(t time.Time) string {
	if l.Lang == "fr" {
		day := strconv.Itoa(t.Day())
		if t.Day() == 1 {
			day = "1er"
		}
		return day + " " + monthsFR[t.Month()-1] + " " + strconv.Itoa(t.Year())
	}
	return fmt.Sprintf("%d %s %d", t.Day(), monthsEN[t.Month()-1], t.Year())
}

// Month writes a month: "March 2026", "mars 2026".
func (l Labels) Month(m plan.YearMonth) string {
	if l.Lang == "fr" {
		return monthsFR[m.Month-1] + " " + strconv.Itoa(m.Year)
	}
	return monthsEN[m.Month-1] + " " + strconv.Itoa(m.Year)
}

// Number writes f with at most two decimals, thousands grouped: "13,250.5"
// in English, "13 250,5" (narrow no-break spaces) in French.
func (l Labels) Number(f float64) string {
	s := strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	group, point := ",", "."
	if l.Lang == "fr" {
		group, point = nnbsp, ","
	}
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		out += point + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// Percent writes a rate as a percentage with one decimal: "12.5%",
// "12,5 %".
func (l Labels) Percent(rate float64) string {
	s := strconv.FormatFloat(rate*100, 'f', 1, 64)
	if l.Lang == "fr" {
		return strings.Replace(s, ".", ",", 1) + nnbsp + "%"
	}
	return s + "%"
}
