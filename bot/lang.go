package bot

import (
	"fmt"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Lang is a language of the message catalogue.
type Lang string

// Languages of the catalogue.
const (
	EN Lang = "en"
	FR Lang = "fr"
)

// ParseLang returns the catalogue language of a Slack locale ("fr-FR",
// "fr-CA", "en-US") or of a bare code ("fr"), and whether it is known.
func ParseLang(locale string) (Lang, bool) {
	l := strings.ToLower(strings.TrimSpace(locale))
	switch {
	case l == "fr" || strings.HasPrefix(l, "fr-") || strings.HasPrefix(l, "fr_"):
		return FR, true
	case l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_"):
		return EN, true
	}
	return EN, false
}

// T returns the message key in l, formatted with args like fmt.Sprintf.
// A key missing from the catalogue is a bug: it is shown as the key itself
// so it is seen, and a test checks every key exists in both languages.
func (l Lang) T(key string, args ...any) string {
	m, ok := catalogue[key]
	if !ok {
		return key
	}
	s := m.en
	if l == FR {
		s = m.fr
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// N returns the message key for a count n, formatted with n and then
// args. A count message has one form per CLDR plural category of each
// language: the entry key itself is the "other" form, and key+".one",
// key+".many" (and ".zero", ".two", ".few" for languages that have them)
// the others. The category of n comes from the CLDR rules of
// golang.org/x/text/feature/plural: English "1 goal" but "0 goals";
// French "0 objectif", "1 objectif", "2 objectifs". A form missing from
// the catalogue falls back to "other"; TestCataloguePlurals checks that
// every count message has its "one" form.
func (l Lang) N(key string, n int, args ...any) string {
	if suffix := pluralSuffix[l.PluralForm(n)]; suffix != "" && Has(key+suffix) {
		key += suffix
	}
	return l.T(key, append([]any{n}, args...)...)
}

// pluralSuffix is the key suffix of each CLDR plural category; "other"
// is the entry key itself.
var pluralSuffix = map[plural.Form]string{
	plural.Zero: ".zero", plural.One: ".one", plural.Two: ".two",
	plural.Few: ".few", plural.Many: ".many",
}

// PluralForm returns the CLDR plural category of the count n in l.
func (l Lang) PluralForm(n int) plural.Form {
	if n < 0 {
		n = -n
	}
	return plural.Cardinal.MatchPlural(l.tag(), n, 0, 0, 0, 0)
}

// tag returns the BCP 47 tag of l.
func (l Lang) tag() language.Tag {
	if l == FR {
		return language.French
	}
	return language.English
}

// Has reports whether key is in the catalogue.
func Has(key string) bool {
	_, ok := catalogue[key]
	return ok
}
