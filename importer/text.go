package importer

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// normalize is the form in which names are compared: lowercase, accents
// removed, every run of other characters than letters and digits one
// space. "Taux d’engagement (%)" and "taux d'engagement" both become
// "taux d engagement".
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	return b.String()
}
