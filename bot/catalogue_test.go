package bot

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// pluralCategories are the key suffixes of the CLDR plural forms other
// than "other".
var pluralCategories = []string{".zero", ".one", ".two", ".few", ".many"}

// isPluralForm reports whether key is a plural form of another entry
// (goals.intro.one of goals.intro), and returns that entry.
func isPluralForm(key string) (string, bool) {
	for _, s := range pluralCategories {
		if base, ok := strings.CutSuffix(key, s); ok && Has(base) {
			return base, true
		}
	}
	return "", false
}

// isPlural reports whether key is a count message: it has a form for
// another CLDR category than "other".
func isPlural(key string) bool {
	for _, s := range pluralCategories {
		if Has(key + s) {
			return true
		}
	}
	return false
}

// argVerb finds the format verbs of a message, with their explicit index.
var argVerb = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])`)

// sampleArgs returns arguments for every verb of s, the count n first
// when count is true: an int for %d, a word for %s, a float for %f.
func sampleArgs(s string, count bool, n int) []any {
	var args []any
	next := 0
	for _, m := range argVerb.FindAllStringSubmatch(s, -1) {
		if m[2] == "%" {
			continue
		}
		i := next
		if m[1] != "" {
			i, _ = strconv.Atoi(m[1])
			i--
		}
		next = i + 1
		for len(args) <= i {
			args = append(args, nil)
		}
		switch m[2] {
		case "d":
			args[i] = 7
		case "f", "g", "e":
			args[i] = 2.5
		default:
			args[i] = "Mot"
		}
	}
	if count {
		if len(args) == 0 {
			args = append(args, nil)
		}
		args[0] = n
	}
	return args
}

// leftover finds what a wrong Sprintf leaves behind: %!d(MISSING),
// %!(EXTRA …), or a verb that was never formatted.
var leftover = regexp.MustCompile(`%!|%(\[\d+\])?[sdvfqxXgeT]`)

// TestCatalogueRender renders every entry of the catalogue in both
// languages, count messages with the counts 0, 1, 2 and 1 000 000, and
// checks nothing is missing or left unformatted.
func TestCatalogueRender(t *testing.T) {
	rendered := 0
	for key := range catalogue {
		if _, ok := isPluralForm(key); ok {
			continue // rendered through its entry
		}
		for _, lang := range []Lang{EN, FR} {
			var outs []string
			if isPlural(key) {
				for _, n := range []int{0, 1, 2, 1000000} {
					form := key
					if s := pluralSuffix[lang.PluralForm(n)]; s != "" && Has(key+s) {
						form += s
					}
					args := sampleArgs(rawText(form, lang), true, n)
					outs = append(outs, lang.N(key, n, args[1:]...))
				}
			} else {
				args := sampleArgs(rawText(key, lang), false, 0)
				outs = append(outs, lang.T(key, args...))
			}
			for _, out := range outs {
				rendered++
				switch {
				case strings.TrimSpace(out) == "" || out == key:
					t.Errorf("%s (%s): missing: %q", key, lang, out)
				case leftover.MatchString(out):
					t.Errorf("%s (%s): format artefact in %q", key, lang, out)
				}
			}
		}
	}
	if rendered < 2*900 {
		t.Errorf("rendered only %d messages: the catalogue is not all there", rendered)
	}
}

// rawText returns the unformatted text of key in lang.
func rawText(key string, lang Lang) string {
	if lang == FR {
		return catalogue[key].fr
	}
	return catalogue[key].en
}

// verbs returns the sorted format verbs of s.
func verbs(s string) []string {
	v := verbRe.FindAllString(s, -1)
	slices.Sort(v)
	return v
}

// TestCataloguePlurals checks every count message: its forms have the
// same arguments as its "other" form in both languages, and the forms
// chosen for 0, 1 and 2 are the ones of the CLDR plural charts
// (https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html):
// English one = 1, other = 0, 2; French one = 0, 1, other = 2.
func TestCataloguePlurals(t *testing.T) {
	plurals := 0
	for key, m := range catalogue {
		base, ok := isPluralForm(key)
		if !ok {
			continue
		}
		plurals++
		b := catalogue[base]
		for _, pair := range [][2]string{{m.en, b.en}, {m.fr, b.fr}, {m.en, b.fr}} {
			if !slices.Equal(verbs(pair[0]), verbs(pair[1])) {
				t.Errorf("%s: the verbs of %q and %q differ from those of %s", key, pair[0], pair[1], base)
			}
		}
	}
	if plurals < 20 {
		t.Errorf("only %d plural forms: the scan is broken", plurals)
	}
	for _, tt := range []struct {
		lang Lang
		n    int
		want string
	}{
		{EN, 0, "*0 goals* in"},
		{EN, 1, "*1 goal* in"},
		{EN, 2, "*2 goals* in"},
		{FR, 0, "*0 objectif* dans"},
		{FR, 1, "*1 objectif* dans"},
		{FR, 2, "*2 objectifs* dans"},
		{FR, 1000000, "*1000000 objectifs* dans"},
		{EN, 1, "*1 open item* waits"},
		{EN, 2, "*2 open items* wait"},
	} {
		key := "goals.intro"
		if strings.Contains(tt.want, "item") {
			key = "engagement.list.intro_all"
		}
		if got := tt.lang.N(key, tt.n); !strings.HasPrefix(got, tt.want) {
			t.Errorf("N(%s, %d) in %s = %q, want prefix %q", key, tt.n, tt.lang, got, tt.want)
		}
	}
}

// TestPluralReplies checks the counts issue 15 saw wrong: "(1 replies)".
func TestPluralReplies(t *testing.T) {
	for _, tt := range []struct {
		lang Lang
		n    int
		want string
	}{
		{EN, 1, "(1 reply)"}, {EN, 0, "(0 replies)"}, {EN, 2, "(2 replies)"},
		{FR, 1, "(1 réponse)"}, {FR, 0, "(0 réponse)"}, {FR, 2, "(2 réponses)"},
	} {
		if got := tt.lang.N("engagement.stats.network", tt.n, "X", "1 h", "2 h"); !strings.HasSuffix(got, tt.want) {
			t.Errorf("%s, %d replies: %q, want suffix %q", tt.lang, tt.n, got, tt.want)
		}
	}
	if got := FR.N("export.more", 1); got != "et 1 autre, non listé ici" {
		t.Errorf("export.more, 1: %q", got)
	}
}

// TestPluralsInCode checks the code's use of count messages: every key
// given to N has a form per category, and no count message is given to
// T, which would never pluralise it.
func TestPluralsInCode(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`\.([TN])\("([a-z_.]+[a-z_])"[,)]`)
	ns := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			switch {
			case m[1] == "N" && !isPlural(m[2]):
				t.Errorf("%s: N(%q) has no plural forms in the catalogue", f, m[2])
			case m[1] == "T" && isPlural(m[2]):
				t.Errorf("%s: T(%q) is a count message: use N", f, m[2])
			}
			if m[1] == "N" {
				ns++
			}
		}
	}
	if ns < 10 {
		t.Fatalf("found only %d N calls: the scan is broken", ns)
	}
}

// Typography of the French catalogue (PLATFORM.md, and the Imprimerie
// nationale's rules): a narrow no-break space (U+202F) before : ; ! ?
// and %, inside « », and between groups of digits; no ASCII "..." or
// straight double quotes; apostrophes stay straight (').
var (
	// frProtected are the parts of a message the rules do not apply to:
	// code spans, Slack mentions and links, URLs, emoji shortcodes,
	// indexed verbs and clock times.
	frProtected = regexp.MustCompile("`[^`]*`|<[^>]*>|(?:https?|mailto|tel):\\S*|(?:^|[^\\pL\\pN]):[a-z0-9_+-]+:|%\\[\\d+\\][a-z]|\\d\\d?:\\d\\d")
	// frBadBefore is a : ; ! ? without its narrow no-break space.
	frBadBefore = regexp.MustCompile(`(?:^|[^\x{202f}])[:;!?]`)
	// frBadQuotes is a « or » without its narrow no-break space inside.
	frBadQuotes = regexp.MustCompile(`«[^\x{202f}]|[^\x{202f}]»`)
	// frBadPercent is a percent sign after a number or a number verb
	// without a narrow no-break space.
	frBadPercent = regexp.MustCompile(`(?:\d|%[dsf])[ \x{a0}]?%(?:%|[^a-zA-Z\[]|$)`)
	// frBadGroup is a group of thousands after an ordinary space.
	frBadGroup = regexp.MustCompile(`\d[ \x{a0}]\d{3}\b`)
	// frBadMarks are marks French typography does not use.
	frBadMarks = regexp.MustCompile(`\.\.\.|"|’`)
	// frForbidden are the terms a French marketer would not write, with
	// the ones that replace them (issue 15, /work/briefs' audit).
	frForbidden = regexp.MustCompile(`(?i)s'engager|\bengager\b|file d'engagement|(?:\b(?:une|la|des|les|vos|ces|cette|aucune|nouvelle|autres|par)\s|\()mesures?\b|\boutils\b|expériences?|plan médias sociaux|lettre d'information|éléments? de contenu|lien balisé|revues? de mesure`)
)

// frTypography returns the typography breaches of a French message.
func frTypography(s string) []string {
	s = frProtected.ReplaceAllString(s, " ")
	var bad []string
	for _, re := range []*regexp.Regexp{frBadBefore, frBadQuotes, frBadPercent, frBadGroup, frBadMarks, frForbidden} {
		bad = append(bad, re.FindAllString(s, -1)...)
	}
	return bad
}

// TestCatalogueFrench checks the typography and the terminology of
// every French message, and that none is left in English.
func TestCatalogueFrench(t *testing.T) {
	// The commands French messages name are the French ones the help
	// shows (step.<id>.command).
	names := map[string]bool{}
	for _, c := range mustCommands(t) {
		names[FR.T("step."+c.id+".command")] = true
	}
	command := regexp.MustCompile(`/plan ([\pL]+)`)
	for key, m := range catalogue {
		if bad := frTypography(m.fr); len(bad) > 0 {
			t.Errorf("%s: %q: %q", key, m.fr, bad)
		}
		for _, c := range command.FindAllStringSubmatch(m.fr, -1) {
			if !names[c[1]] {
				t.Errorf("%s: %q names /plan %s, not a French command of the help", key, m.fr, c[1])
			}
		}
	}
}

// The French checks must catch what they are for, and leave alone what
// is right.
func TestFrTypographyChecks(t *testing.T) {
	for _, tt := range []struct {
		s   string
		bad bool
	}{
		{"Pourquoi ?", true},
		{"Pourquoi\u00a0?", true},
		{"Pourquoi?", true},
		{"Pourquoi\u202f?", false},
		{"Objectifs : %s", true},
		{"Objectifs\u202f: %s", false},
		{"un\u202f; deux", false},
		{"un ; deux", true},
		{"Attention !", true},
		{"« mot »", true},
		{"«\u202fmot\u202f»", false},
		{"90 %% en moins", true},
		{"90\u202f%% en moins", false},
		{"1 200 abonnés", true},
		{"1\u202f200 abonnés", false},
		{"prospects...", true},
		{"prospects…", false},
		{`le "rôle"`, true},
		{"l’indicateur", true},
		{"l'indicateur", false},
		{":warning: Attention\u202f: %s", false},
		{"Invitez-moi dans <#%s>\u202f: `/invite @planbot`", false},
		{"à 09:00", false},
		{"7. S'engager directement", true},
		{"File d'engagement", true},
		{"Ajouter une mesure", true},
		{"5. Outils", true},
		{"6. Expériences", true},
		{"plan médias sociaux", true},
		{"Lettre d'information", true},
		{"Mesurer, mesurer, mesurer", false},
		{"plan de médias sociaux", false},
	} {
		if got := len(frTypography(tt.s)) > 0; got != tt.bad {
			t.Errorf("frTypography(%q) = %q, want a breach: %v", tt.s, frTypography(tt.s), tt.bad)
		}
	}
}

// TestCommandNames checks that the command the help and the messages show
// for each step, in each language, opens that step.
func TestCommandNames(t *testing.T) {
	cmds := mustCommands(t)
	for _, c := range cmds {
		for _, lang := range []Lang{EN, FR} {
			name := lang.T("step." + c.id + ".command")
			if got, ok := cmds.lookup(name); !ok || got.id != c.id {
				t.Errorf("%s: /plan %s opens %q, want %q", lang, name, got.id, c.id)
			}
		}
	}
}
