package bot

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/planbot/planbot/plan"
)

var verbRe = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// TestCatalogue checks that every entry exists in both languages, with
// the same format verbs, and that the French text is really French.
func TestCatalogue(t *testing.T) {
	for key, m := range catalogue {
		if strings.TrimSpace(m.en) == "" || strings.TrimSpace(m.fr) == "" {
			t.Errorf("%s: empty text (en %q, fr %q)", key, m.en, m.fr)
			continue
		}
		en, fr := verbRe.FindAllString(m.en, -1), verbRe.FindAllString(m.fr, -1)
		slices.Sort(en)
		slices.Sort(fr)
		if !slices.Equal(en, fr) {
			t.Errorf("%s: format verbs differ: en %v, fr %v", key, en, fr)
		}
	}
}

// TestCatalogueKeysUsed finds every catalogue key written as a string
// literal in the package's code, and checks it exists: a typo in a key
// would show the key itself to users.
func TestCatalogueKeysUsed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`\.[TN]\("([a-z_.]+[a-z_])"[,)]`)
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			found++
			if !Has(m[1]) {
				t.Errorf("%s: key %q is not in the catalogue", f, m[1])
			}
		}
	}
	if found < 20 {
		t.Fatalf("found only %d catalogue calls: the scan is broken", found)
	}
}

// TestValidationKeys checks the keys that plan's validation returns.
func TestValidationKeys(t *testing.T) {
	for _, key := range []string{
		"goal.kind.invalid", "goal.title.required", "goal.title.too_long", "goal.metric.required",
		"goal.metric.too_long", "goal.baseline.invalid", "goal.target.invalid", "goal.target.same_as_baseline",
		"goal.unit.too_long", "goal.deadline.required", "goal.deadline.past", "goal.learn.too_long",
	} {
		if !Has(key) {
			t.Errorf("validation key %q missing", key)
		}
	}
}

func TestParseLang(t *testing.T) {
	tests := []struct {
		name   string
		locale string
		want   Lang
		known  bool
	}{
		{name: "FrenchFrance", locale: "fr-FR", want: FR, known: true},
		{name: "FrenchCanada", locale: "fr-CA", want: FR, known: true},
		{name: "English", locale: "en-US", want: EN, known: true},
		{name: "Bare", locale: "fr", want: FR, known: true},
		{name: "Unknown", locale: "de-DE", want: EN, known: false},
		{name: "Empty", locale: "", want: EN, known: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, known := ParseLang(tt.locale)
			if got != tt.want || known != tt.known {
				t.Errorf("ParseLang(%q) = %v, %v; want %v, %v", tt.locale, got, known, tt.want, tt.known)
			}
		})
	}
}

func TestEscape(t *testing.T) {
	got := Escape("<!channel> & <https://evil.example|bank> <@U1>")
	want := "&lt;!channel&gt; &amp; &lt;https://evil.example|bank&gt; &lt;@U1&gt;"
	if got != want {
		t.Errorf("Escape = %q, want %q", got, want)
	}
}

func TestLookupCommand(t *testing.T) {
	tests := []struct {
		name, word, want string
		ok               bool
	}{
		{name: "English", word: "goals", want: "goals", ok: true},
		{name: "French", word: "objectifs", want: "goals", ok: true},
		{name: "Case", word: "GOALS", want: "goals", ok: true},
		{name: "Accent", word: "expérience", want: "experiment", ok: true},
		{name: "Settings", word: "réglages", want: "settings", ok: true},
		{name: "Engage", word: "interagir", want: "engage", ok: true},
		{name: "Tests", word: "tests", want: "experiment", ok: true},
		{name: "CapitalAccent", word: "ÉTAT", want: "status", ok: true},
		{name: "CapitalGrave", word: "RÉSEAUX", want: "channels", ok: true},
		{name: "Unknown", word: "banana", ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := mustCommands(t).lookup(tt.word)
			if ok != tt.ok || c.id != tt.want {
				t.Errorf("lookup(%q) = %q, %v; want %q, %v", tt.word, c.id, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestReadNumber checks the numbers forms read with plan.ParseNumber, and
// that an empty input gives the default.
func TestReadNumber(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want float64
		ok   bool
	}{
		{name: "Integer", in: "120", want: 120, ok: true},
		{name: "DecimalPoint", in: "2.5", want: 2.5, ok: true},
		{name: "DecimalComma", in: "2,5", want: 2.5, ok: true},
		{name: "Thousands", in: "1,200.5", want: 1200.5, ok: true},
		{name: "FrenchSpaces", in: "1 200,5", want: 1200.5, ok: true},
		{name: "Empty", in: "  ", want: -1, ok: true},
		{name: "Negative", in: "-3", want: -3, ok: true},
		{name: "Word", in: "lots", ok: false},
		{name: "Infinity", in: "Inf", ok: false},
		{name: "NaN", in: "NaN", ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := readNumber(tt.in, -1)
			if ok != tt.ok || (ok && got != tt.want) {
				t.Errorf("readNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestPlural(t *testing.T) {
	tests := []struct {
		name string
		lang Lang
		n    int
		want string
	}{
		{name: "EnglishOne", lang: EN, n: 1, want: "*1 goal* in"},
		{name: "EnglishZero", lang: EN, n: 0, want: "*0 goals* in"},
		{name: "EnglishMany", lang: EN, n: 2, want: "*2 goals* in"},
		{name: "FrenchZero", lang: FR, n: 0, want: "*0 objectif* dans"},
		{name: "FrenchOne", lang: FR, n: 1, want: "*1 objectif* dans"},
		{name: "FrenchMany", lang: FR, n: 3, want: "*3 objectifs* dans"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.lang.N("goals.intro", tt.n); !strings.HasPrefix(got, tt.want) {
				t.Errorf("N(goals.intro, %d) = %q, want prefix %q", tt.n, got, tt.want)
			}
		})
	}
}

// TestCatalogueTables checks that no key is in two of the tables the
// catalogue is assembled from, and that a duplicate is caught.
func TestCatalogueTables(t *testing.T) {
	if len(catalogueDuplicates) > 0 {
		t.Errorf("keys defined twice: %v", catalogueDuplicates)
	}
	if len(catalogue) < 900 {
		t.Errorf("the catalogue has %d keys: a table is missing", len(catalogue))
	}
	_, dups := mergeCatalogue(map[string]message{"a": {"A", "A"}, "b": {"B", "B"}}, map[string]message{"b": {"B2", "B2"}})
	if len(dups) != 1 || dups[0] != "b" {
		t.Errorf("duplicates = %v, want [b]", dups)
	}
}

// TestStepsValidationKeys checks that every key the domain of steps 2 to
// 5 can return is in the catalogue, in both languages.
func TestStepsValidationKeys(t *testing.T) {
	keys := []string{
		"persona.name.required", "persona.name.too_long", "persona.name.taken", "persona.who.required", "persona.who.too_long",
		"persona.interests.too_long", "persona.excites.too_long", "persona.networks.invalid", "persona.notes.too_long",
		"strategy.voice.too_long", "strategy.tone.too_long",
		"pillar.name.required", "pillar.name.too_long", "pillar.name.taken", "pillar.description.too_long", "pillar.personas.invalid",
		"content.title.required", "content.title.too_long", "content.network.invalid", "content.format.invalid", "content.copy.too_long",
		"content.link.invalid", "content.ref.invalid", "content.status.invalid", "content.publish_at.required", "content.status.review_only",
		"content.persona.invalid", "content.pillar.invalid", "content.cta.invalid",
		"content.review.already", "content.review.published", "content.review.not_pending",
		"content.review.comment.required", "content.review.comment.too_long",
		"cta.kind.invalid", "cta.text.required", "cta.text.too_long", "cta.url.required", "cta.url.invalid", "cta.goal.required", "cta.network.invalid",
		"channel.network.invalid", "channel.network.taken", "channel.role.invalid", "channel.why.required", "channel.why.too_long",
		"channel.personas.invalid", "channel.cadence.too_long", "channel.constraints.too_long",
		"plan.name.too_long", "plan.tz.invalid", "plan.lang.invalid", "plan.reply_target.invalid", "plan.owners.too_many",
		"status.goals.not_smart", "status.content.no_pillars", "status.content.no_voice", "status.content.no_items", "status.content.late",
		"status.cta.goals_without", "status.cta.no_goal", "status.channels.unreached", "status.channels.unused",
		"status.smart.metric", "status.smart.target", "status.smart.deadline", "status.smart.deadline_passed",
	}
	for _, a := range []plan.Area{plan.AreaGoals, plan.AreaAudience, plan.AreaStrategy, plan.AreaCTAs, plan.AreaChannels, plan.AreaSettings} {
		keys = append(keys, "forbidden."+string(a))
	}
	for _, n := range plan.Networks {
		keys = append(keys, "network."+string(n))
	}
	for _, s := range plan.ContentStatuses {
		keys = append(keys, "content.status."+string(s))
	}
	for _, f := range plan.ContentFormats {
		keys = append(keys, "content.format."+string(f))
	}
	for _, k := range plan.CTAKinds {
		keys = append(keys, "cta.kind."+string(k))
	}
	for _, k := range keys {
		if !Has(k) {
			t.Errorf("key %q missing from the catalogue", k)
		}
	}
}

// TestNetworkLabels checks the network names the views take from the
// shared catalogue exist in both languages.
func TestNetworkLabels(t *testing.T) {
	for _, n := range plan.Networks {
		if !Has("network." + string(n)) {
			t.Errorf("catalogue lacks network.%s", n)
		}
	}
	for _, k := range plan.EngagementKinds {
		if !Has("engagement.kind." + string(k)) {
			t.Errorf("catalogue lacks engagement.kind.%s", k)
		}
	}
	for _, v := range plan.ExperimentVariables {
		if !Has("experiment.variable." + string(v)) {
			t.Errorf("catalogue lacks experiment.variable.%s", v)
		}
	}
}
