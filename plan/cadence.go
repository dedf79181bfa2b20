package plan

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// CadencePeriod is the span over which a cadence counts posts.
type CadencePeriod string

// Cadence periods. A daily cadence is stored per week: "2 a day" is 14 a
// week, so that every cadence is checked against whole ISO weeks or months.
const (
	CadenceWeek  CadencePeriod = "week"
	CadenceMonth CadencePeriod = "month"
)

// CadencePeriods lists the periods in the order they are offered.
var CadencePeriods = []CadencePeriod{CadenceWeek, CadenceMonth}

// Valid reports whether p is a known period.
func (p CadencePeriod) Valid() bool { return slices.Contains(CadencePeriods, p) }

// Cadence limits: beyond them a figure is more likely a typo than a plan.
const (
	MaxCadencePerWeek  = 100
	MaxCadencePerMonth = 400
)

// Cadence is how many posts the team plans on a network per week or per
// month (step 5), from Min to Max; Min == Max for an exact figure ("3 a
// week"). The zero Cadence is "not set".
type Cadence struct {
	Min int
	Max int
	Per CadencePeriod
}

// IsZero reports whether c is not set.
func (c Cadence) IsZero() bool { return c == Cadence{} }

// Validate returns FieldErrors when c is set and not valid: a period, and
// 1 <= Min <= Max within the limits.
func (c Cadence) Validate() error {
	if c.IsZero() {
		return nil
	}
	limit := MaxCadencePerWeek
	if c.Per == CadenceMonth {
		limit = MaxCadencePerMonth
	}
	var fe FieldErrors
	if !c.Per.Valid() {
		fe = append(fe, Invalid("cadence_period", "cadence.period.invalid", "choose per week or per month"))
	}
	if c.Min < 1 || c.Max < c.Min || c.Max > limit {
		fe = append(fe, Invalid("cadence_posts", "cadence.posts.invalid", "give a number of posts, or a range such as 2 to 3"))
	}
	return fe.Err()
}

// CadenceState is how the posts planned in a period compare with a cadence.
type CadenceState string

// Cadence states.
const (
	CadenceBelow  CadenceState = "below"
	CadenceWithin CadenceState = "within"
	CadenceAbove  CadenceState = "above"
)

// Check says whether n posts in one period of c are below, within or above
// it.
func (c Cadence) Check(n int) CadenceState {
	switch {
	case n < c.Min:
		return CadenceBelow
	case n > c.Max:
		return CadenceAbove
	}
	return CadenceWithin
}

// String writes c in a canonical, language-neutral form: "3/week",
// "2-3/month", "" when not set. It is for logs and storage, not for people:
// the bot words a cadence from its catalogue.
func (c Cadence) String() string {
	if c.IsZero() {
		return ""
	}
	if c.Min == c.Max {
		return fmt.Sprintf("%d/%s", c.Min, c.Per)
	}
	return fmt.Sprintf("%d-%d/%s", c.Min, c.Max, c.Per)
}

// PlannedCadence returns the structured cadence of c: PostCadence when set,
// else what ParseCadence reads in the free text of Cadence. ok is false
// when the network has no cadence the calendar can check: none given, or
// free text that does not read as a number of posts per day, week or
// month ("every other Tuesday", "3 posts and 2 stories a week").
func (c *Channel) PlannedCadence() (cad Cadence, ok bool) {
	if !c.PostCadence.IsZero() {
		return c.PostCadence, c.PostCadence.Validate() == nil
	}
	return ParseCadence(c.Cadence)
}

// cadenceWord is what a word of a cadence means.
type cadenceWord struct {
	kind   cadenceKind
	n      int           // a number word: its value
	period CadencePeriod // a period word: CadenceWeek for a day or a week, CadenceMonth for a month
	day    bool          // the period word is a day
	alone  bool          // the word says "once per period" by itself: "weekly", "quotidien"
}

type cadenceKind int

const (
	cwFiller  cadenceKind = iota
	cwNumber              // "3", "three", "trois", "twice"
	cwPeriod              // "week", "mois", "daily"
	cwPer                 // "per", "par", "/"; "a" and "an" too, unless a noun follows: "a post a week"
	cwEvery               // "every", "chaque", "tous": a figure after it counts periods, not posts
	cwRange               // "to", "à", "or", "ou", "-" between two figures
	cwBetween             // "between", "entre": makes "and", "et" a range
	cwRefuse              // "other", "least", "max": a bound or a rhythm, not a figure of posts
)

// cadenceWords are the words ParseCadence knows, in English and French;
// every other word ("posts", "reels", "publications") is filler.
var cadenceWords = map[string]cadenceWord{
	"a": {kind: cwPer}, "an": {kind: cwPer}, "per": {kind: cwPer}, "par": {kind: cwPer}, "/": {kind: cwPer},
	"every": {kind: cwEvery}, "each": {kind: cwEvery}, "chaque": {kind: cwEvery}, "tous": {kind: cwEvery}, "toutes": {kind: cwEvery},
	"to": {kind: cwRange}, "à": {kind: cwRange}, "or": {kind: cwRange}, "ou": {kind: cwRange}, "-": {kind: cwRange},
	"between": {kind: cwBetween}, "entre": {kind: cwBetween},
	"other": {kind: cwRefuse}, "least": {kind: cwRefuse}, "moins": {kind: cwRefuse}, "max": {kind: cwRefuse},
	"maximum": {kind: cwRefuse}, "min": {kind: cwRefuse}, "minimum": {kind: cwRefuse}, "jusqu": {kind: cwRefuse},
	"sur": {kind: cwRefuse}, "fortnightly": {kind: cwRefuse}, "biweekly": {kind: cwRefuse}, "bimensuel": {kind: cwRefuse},

	"once": {kind: cwNumber, n: 1}, "twice": {kind: cwNumber, n: 2}, "thrice": {kind: cwNumber, n: 3},
	"one": {kind: cwNumber, n: 1}, "two": {kind: cwNumber, n: 2}, "three": {kind: cwNumber, n: 3}, "four": {kind: cwNumber, n: 4},
	"five": {kind: cwNumber, n: 5}, "six": {kind: cwNumber, n: 6}, "seven": {kind: cwNumber, n: 7}, "eight": {kind: cwNumber, n: 8},
	"nine": {kind: cwNumber, n: 9}, "ten": {kind: cwNumber, n: 10}, "twelve": {kind: cwNumber, n: 12}, "fifteen": {kind: cwNumber, n: 15},
	"twenty": {kind: cwNumber, n: 20}, "thirty": {kind: cwNumber, n: 30},
	"un": {kind: cwNumber, n: 1}, "une": {kind: cwNumber, n: 1}, "deux": {kind: cwNumber, n: 2}, "trois": {kind: cwNumber, n: 3},
	"quatre": {kind: cwNumber, n: 4}, "cinq": {kind: cwNumber, n: 5}, "sept": {kind: cwNumber, n: 7}, "huit": {kind: cwNumber, n: 8},
	"neuf": {kind: cwNumber, n: 9}, "dix": {kind: cwNumber, n: 10}, "douze": {kind: cwNumber, n: 12}, "quinze": {kind: cwNumber, n: 15},
	"vingt": {kind: cwNumber, n: 20}, "trente": {kind: cwNumber, n: 30},

	"day": {kind: cwPeriod, period: CadenceWeek, day: true}, "days": {kind: cwPeriod, period: CadenceWeek, day: true},
	"jour": {kind: cwPeriod, period: CadenceWeek, day: true}, "jours": {kind: cwPeriod, period: CadenceWeek, day: true},
	"daily": {kind: cwPeriod, period: CadenceWeek, day: true, alone: true}, "everyday": {kind: cwPeriod, period: CadenceWeek, day: true, alone: true},
	"quotidien": {kind: cwPeriod, period: CadenceWeek, day: true, alone: true}, "quotidienne": {kind: cwPeriod, period: CadenceWeek, day: true, alone: true},
	"quotidiens": {kind: cwPeriod, period: CadenceWeek, day: true, alone: true}, "quotidiennes": {kind: cwPeriod, period: CadenceWeek, day: true, alone: true},
	"quotidiennement": {kind: cwPeriod, period: CadenceWeek, day: true, alone: true},

	"week": {kind: cwPeriod, period: CadenceWeek}, "weeks": {kind: cwPeriod, period: CadenceWeek}, "wk": {kind: cwPeriod, period: CadenceWeek},
	"semaine": {kind: cwPeriod, period: CadenceWeek}, "semaines": {kind: cwPeriod, period: CadenceWeek}, "sem": {kind: cwPeriod, period: CadenceWeek},
	"weekly": {kind: cwPeriod, period: CadenceWeek, alone: true}, "hebdo": {kind: cwPeriod, period: CadenceWeek, alone: true},
	"hebdomadaire": {kind: cwPeriod, period: CadenceWeek, alone: true}, "hebdomadaires": {kind: cwPeriod, period: CadenceWeek, alone: true},

	"month": {kind: cwPeriod, period: CadenceMonth}, "months": {kind: cwPeriod, period: CadenceMonth}, "mo": {kind: cwPeriod, period: CadenceMonth},
	"mth": {kind: cwPeriod, period: CadenceMonth}, "mois": {kind: cwPeriod, period: CadenceMonth},
	"monthly": {kind: cwPeriod, period: CadenceMonth, alone: true}, "mensuel": {kind: cwPeriod, period: CadenceMonth, alone: true},
	"mensuelle": {kind: cwPeriod, period: CadenceMonth, alone: true}, "mensuels": {kind: cwPeriod, period: CadenceMonth, alone: true},
	"mensuelles": {kind: cwPeriod, period: CadenceMonth, alone: true},
}

// cadenceAfterSlash are abbreviations read as a period only right after a
// slash: "3/w", "2/m", "1/j".
var cadenceAfterSlash = map[string]cadenceWord{
	"w": {kind: cwPeriod, period: CadenceWeek}, "s": {kind: cwPeriod, period: CadenceWeek},
	"m": {kind: cwPeriod, period: CadenceMonth},
	"d": {kind: cwPeriod, period: CadenceWeek, day: true}, "j": {kind: cwPeriod, period: CadenceWeek, day: true},
}

// cadenceWordAt returns what token i of toks means.
func cadenceWordAt(toks []string, i int) cadenceWord {
	t := toks[i]
	if n, err := strconv.Atoi(t); err == nil {
		return cadenceWord{kind: cwNumber, n: n}
	}
	if i > 0 && toks[i-1] == "/" {
		if w, ok := cadenceAfterSlash[t]; ok {
			return w
		}
	}
	w := cadenceWords[t]
	if (t == "a" || t == "an") && i+1 < len(toks) && cadenceWords[toks[i+1]].kind == cwFiller {
		return cadenceWord{kind: cwNumber, n: 1} // "a post a week"
	}
	if t == "up" && i+1 < len(toks) && toks[i+1] == "to" {
		return cadenceWord{kind: cwRefuse} // "up to 3 a week" is a bound
	}
	return w
}

// ParseCadence reads a cadence typed as free text, in English or French:
// "3 posts a week", "3 par semaine", "2/month", "3x/wk", "2-3 per week",
// "2 à 3 publications par mois", "between 2 and 3 a week", "twice a week",
// "deux fois par mois", "a post a week", "daily" (7 a week), "1 post per
// day", "5 days a week", "weekly", "chaque mois", "toutes les semaines".
// ok is false when the text does not say one number (or range) of posts
// per one day, week or month: empty text, two figures ("3 posts and 2
// stories a week"), a figure of periods ("every 2 weeks", "un jour sur
// deux"), a bound ("up to 3", "au moins 2"), a fraction ("1.5"), or a
// figure past the limits.
func ParseCadence(s string) (c Cadence, ok bool) {
	toks := cadenceTokens(s)
	// "5 days a week" counts posting days in a week: with a week word
	// present, day words are filler.
	hasWeek := false
	for i := range toks {
		if w := cadenceWordAt(toks, i); w.kind == cwPeriod && w.period == CadenceWeek && !w.day {
			hasWeek = true
		}
	}
	var (
		nums    []int
		lastNum = -10 // index of the last figure
		period  cadenceWord
		periods int
		every   bool
		between bool
	)
	for i, t := range toks {
		w := cadenceWordAt(toks, i)
		switch w.kind {
		case cwFiller:
			if strings.ContainsFunc(t, unicode.IsDigit) {
				return Cadence{}, false // "1.5", "1,5": not a whole number of posts
			}
			if between && (t == "and" || t == "et") && lastNum == i-1 {
				continue // "between 2 and 3": a range; lastNum stays
			}
		case cwRefuse:
			return Cadence{}, false
		case cwBetween:
			between = true
		case cwEvery:
			every = true
		case cwNumber:
			if every {
				return Cadence{}, false // "every 2 weeks" counts periods
			}
			isRange := len(nums) == 1 && lastNum == i-2 && cadenceJoins(toks[i-1], between)
			if len(nums) > 0 && !isRange {
				return Cadence{}, false // two figures
			}
			nums, lastNum = append(nums, w.n), i
		case cwPeriod:
			every = false
			if w.day && hasWeek {
				continue
			}
			periods++
			period = w
		}
	}
	if periods != 1 {
		return Cadence{}, false
	}
	if len(nums) == 0 {
		if !period.alone && !cadenceHasEvery(toks) {
			return Cadence{}, false
		}
		nums = []int{1} // "weekly", "every month"
	}
	lo, hi := nums[0], nums[len(nums)-1]
	if hi < lo {
		lo, hi = hi, lo
	}
	if period.day {
		lo, hi = lo*7, hi*7
	}
	c = Cadence{Min: lo, Max: hi, Per: period.period}
	if c.Validate() != nil {
		return Cadence{}, false
	}
	return c, true
}

// cadenceJoins reports whether t joins two figures into a range.
func cadenceJoins(t string, between bool) bool {
	return cadenceWords[t].kind == cwRange || (between && (t == "and" || t == "et"))
}

func cadenceHasEvery(toks []string) bool {
	return slices.ContainsFunc(toks, func(t string) bool { return cadenceWords[t].kind == cwEvery })
}

// cadenceTokens splits s into lowercase words, whole numbers and the
// symbols that matter ("/", "-"); "x", "×", "~", "+" and other punctuation
// separate tokens. "3x" reads as 3.
func cadenceTokens(s string) []string {
	s = strings.ToLower(s)
	var (
		toks []string
		cur  strings.Builder
	)
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, cur.String())
			cur.Reset()
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case unicode.IsDigit(r):
			if cur.Len() > 0 && !cadenceDigits(cur.String()) {
				flush()
			}
			cur.WriteRune(r)
		case r == '.' || r == ',':
			// Inside a number, a decimal mark: keep it so "1.5" is refused.
			if cur.Len() > 0 && cadenceDigits(cur.String()) && i+1 < len(rs) && unicode.IsDigit(rs[i+1]) {
				cur.WriteRune(r)
				continue
			}
			flush()
		case unicode.IsLetter(r) || r == '\'' || r == '’':
			if cur.Len() > 0 && cadenceDigits(cur.String()) {
				flush()
				if r == 'x' && (i+1 == len(rs) || !unicode.IsLetter(rs[i+1])) {
					continue // "3x": times
				}
			}
			if r == '\'' || r == '’' {
				flush() // "jusqu'à", "l'année"
				continue
			}
			cur.WriteRune(r)
		case r == '/' || r == '-' || r == '–' || r == '—':
			flush()
			if r == '/' {
				toks = append(toks, "/")
			} else {
				toks = append(toks, "-")
			}
		default:
			flush()
		}
	}
	flush()
	// "x" and "fois"/"times" alone are filler; a lone "x" between a number
	// and "/" or a period is "times" too.
	out := toks[:0]
	for _, t := range toks {
		if t == "x" || t == "×" {
			continue
		}
		out = append(out, t)
	}
	return out
}

func cadenceDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) && r != '.' && r != ',' {
			return false
		}
	}
	return s != ""
}
