package importer

import (
	"strings"

	"github.com/planbot/planbot/plan"
)

// concepts are the names a measure goes by in exports and in plans, in
// English and in French, in normalize's form. A column and a plan metric
// match when their names are equal, or when both are names of one concept:
// "Clicks" and "Clics", "Followers" and "Abonnés".
var concepts = map[string][]string{
	"impressions":      {"impressions", "impressions total", "post impressions", "nombre d impressions"},
	"reach":            {"reach", "post reach", "portee", "couverture", "personnes atteintes", "comptes touches", "accounts reached"},
	"views":            {"views", "video views", "vues", "vues de videos", "plays", "lectures"},
	"clicks":           {"clicks", "total clicks", "clics", "clics totaux", "nombre de clics"},
	"link_clicks":      {"link clicks", "clics sur un lien", "clics sur le lien", "clics sur les liens"},
	"ctr":              {"ctr", "click through rate", "click through rate ctr", "taux de clics", "taux de clic"},
	"reactions":        {"reactions", "reactions total", "nombre de reactions"},
	"likes":            {"likes", "j aime", "mentions j aime"},
	"comments":         {"comments", "commentaires"},
	"shares":           {"shares", "reposts", "partages", "republications", "repartages", "retweets"},
	"saves":            {"saves", "enregistrements", "sauvegardes"},
	"engagement_rate":  {"engagement rate", "taux d engagement", "engagement rate by impressions"},
	"engagements":      {"engagements", "engagement", "interactions", "reactions comments and shares"},
	"followers":        {"followers", "total followers", "abonnes", "followers total", "fans", "subscribers"},
	"follows":          {"follows", "new followers", "nouveaux abonnes", "gained followers"},
	"sessions":         {"sessions", "visites"},
	"engaged_sessions": {"engaged sessions", "sessions avec engagement", "sessions engagees"},
	"key_events":       {"key events", "conversions", "evenements cles", "evenements de conversion"},
	"users":            {"users", "total users", "active users", "utilisateurs", "utilisateurs actifs", "nombre total d utilisateurs"},
	"new_users":        {"new users", "nouveaux utilisateurs"},
	"leads":            {"leads", "prospects", "leads generated", "prospects generes"},
	"mentions":         {"mentions", "citations"},
}

// conceptOf maps a normalised name to its concept.
var conceptOf = func() map[string]string {
	m := map[string]string{}
	for c, names := range concepts {
		for _, n := range names {
			m[n] = c
		}
	}
	return m
}()

// qualifiers are words exports add around a measure's name: "Impressions
// (organic)", "Total clicks", "Lifetime post reach".
var qualifiers = []string{"lifetime", "total", "post", "organic", "organique", "organiques", "totales", "totaux", "all"}

// Concept returns the concept a column or metric name stands for, or "".
func Concept(name string) string {
	n := normalize(name)
	if c, ok := conceptOf[n]; ok {
		return c
	}
	words := strings.Fields(n)
	for len(words) > 1 && isQualifier(words[0]) {
		words = words[1:]
	}
	for len(words) > 1 && isQualifier(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	return conceptOf[strings.Join(words, " ")]
}

func isQualifier(w string) bool {
	for _, q := range qualifiers {
		if w == q {
			return true
		}
	}
	return false
}

// MatchMetric returns the plan metric that a column named name feeds: the
// metric whose name is the column's (case, accents and punctuation aside),
// else the one that names the same concept in either language. nil when
// none does.
func MatchMetric(name string, metrics []*plan.Metric) *plan.Metric {
	n := normalize(name)
	if n == "" {
		return nil
	}
	for _, m := range metrics {
		if normalize(m.Name) == n {
			return m
		}
	}
	c := Concept(name)
	if c == "" {
		return nil
	}
	for _, m := range metrics {
		if Concept(m.Name) == c {
			return m
		}
	}
	return nil
}
