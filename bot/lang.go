package bot

import (
	"fmt"
	"strings"
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
// args. When n is singular in l (1 in English; 0 and 1 in French) and the
// catalogue has key+".one", that form is used: "1 goal", "0 objectif".
func (l Lang) N(key string, n int, args ...any) string {
	singular := n == 1 || (l == FR && n == 0)
	if singular && Has(key+".one") {
		key += ".one"
	}
	return l.T(key, append([]any{n}, args...)...)
}

// Has reports whether key is in the catalogue.
func Has(key string) bool {
	_, ok := catalogue[key]
	return ok
}
