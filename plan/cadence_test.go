package plan_test

import (
	"testing"

	"github.com/planbot/planbot/plan"
)

func TestParseCadence(t *testing.T) {
	week := func(lo, hi int) plan.Cadence { return plan.Cadence{Min: lo, Max: hi, Per: plan.CadenceWeek} }
	month := func(lo, hi int) plan.Cadence { return plan.Cadence{Min: lo, Max: hi, Per: plan.CadenceMonth} }
	tests := []struct {
		name string
		in   string
		want plan.Cadence
		ok   bool
	}{
		{name: "PostsAWeek", in: "3 posts a week", want: week(3, 3), ok: true},
		{name: "ParSemaine", in: "3 par semaine", want: week(3, 3), ok: true},
		{name: "SlashMonth", in: "2/month", want: month(2, 2), ok: true},
		{name: "TimesSlashWk", in: "3x/wk", want: week(3, 3), ok: true},
		{name: "TimesPerWeek", in: "3 x per week", want: week(3, 3), ok: true},
		{name: "SlashSem", in: "4/sem", want: week(4, 4), ok: true},
		{name: "SlashW", in: "4/w", want: week(4, 4), ok: true},
		{name: "SlashM", in: "2/m", want: month(2, 2), ok: true},
		{name: "SlashJ", in: "1/j", want: week(7, 7), ok: true},
		{name: "Range", in: "2-3 per week", want: week(2, 3), ok: true},
		{name: "RangeEnDash", in: "2–3 posts / semaine", want: week(2, 3), ok: true},
		{name: "RangeA", in: "2 à 3 publications par mois", want: month(2, 3), ok: true},
		{name: "RangeOr", in: "two or three a week", want: week(2, 3), ok: true},
		{name: "RangeReversed", in: "5-3 a week", want: week(3, 5), ok: true},
		{name: "Between", in: "between 2 and 4 posts a month", want: month(2, 4), ok: true},
		{name: "Entre", in: "entre 2 et 4 posts par mois", want: month(2, 4), ok: true},
		{name: "Twice", in: "twice a week", want: week(2, 2), ok: true},
		{name: "DeuxFois", in: "deux fois par mois", want: month(2, 2), ok: true},
		{name: "UneFois", in: "Une fois par semaine", want: week(1, 1), ok: true},
		{name: "APost", in: "a post a week", want: week(1, 1), ok: true},
		{name: "AnArticle", in: "an article a month", want: month(1, 1), ok: true},
		{name: "Daily", in: "daily", want: week(7, 7), ok: true},
		{name: "Quotidien", in: "post quotidien", want: week(7, 7), ok: true},
		{name: "PerDay", in: "1 post per day", want: week(7, 7), ok: true},
		{name: "TwoADay", in: "2 stories a day", want: week(14, 14), ok: true},
		{name: "EveryDay", in: "every day", want: week(7, 7), ok: true},
		{name: "TousLesJours", in: "tous les jours", want: week(7, 7), ok: true},
		{name: "DaysAWeek", in: "5 days a week", want: week(5, 5), ok: true},
		{name: "JoursParSemaine", in: "5 jours par semaine", want: week(5, 5), ok: true},
		{name: "Weekly", in: "Weekly", want: week(1, 1), ok: true},
		{name: "Hebdomadaire", in: "hebdomadaire", want: week(1, 1), ok: true},
		{name: "Monthly", in: "monthly newsletter", want: month(1, 1), ok: true},
		{name: "ChaqueMois", in: "chaque mois", want: month(1, 1), ok: true},
		{name: "ToutesLesSemaines", in: "toutes les semaines", want: week(1, 1), ok: true},
		{name: "About", in: "about 3 reels a week", want: week(3, 3), ok: true},
		{name: "Tilde", in: "~3/week", want: week(3, 3), ok: true},
		{name: "Apostrophe", in: "3 posts par semaine, l’été compris", want: week(3, 3), ok: true},
		{name: "WeekEnd", in: "2 posts le week-end", want: week(2, 2), ok: true},
		{name: "Hundred", in: "100 a week", want: week(100, 100), ok: true},

		{name: "ErrEmpty", in: ""},
		{name: "ErrNoPeriod", in: "3 posts"},
		{name: "ErrNoFigure", in: "a week"},
		{name: "ErrWeekdays", in: "Mon, Wed, Fri"},
		{name: "ErrTwoFigures", in: "3 posts and 2 stories a week"},
		{name: "ErrTwoCadences", in: "3 posts a week, 1 video a month"},
		{name: "ErrEveryTwoWeeks", in: "every 2 weeks"},
		{name: "ErrTousLesDeuxJours", in: "tous les deux jours"},
		{name: "ErrEveryOtherDay", in: "every other day"},
		{name: "ErrUnJourSurDeux", in: "un jour sur deux"},
		{name: "ErrFraction", in: "1.5 posts a week"},
		{name: "ErrDecimalComma", in: "1,5 post par semaine"},
		{name: "ErrUpTo", in: "up to 3 a week"},
		{name: "ErrAuMoins", in: "au moins 2 par semaine"},
		{name: "ErrJusqua", in: "jusqu'à 3 par semaine"},
		{name: "ErrZero", in: "0 posts a week"},
		{name: "ErrTooMany", in: "101 a week"},
		{name: "ErrTooManyDaily", in: "20 a day"},
		{name: "ErrBiweekly", in: "biweekly"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := plan.ParseCadence(tt.in)
			if ok != tt.ok || got != tt.want {
				t.Fatalf("ParseCadence(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestCadence_Validate(t *testing.T) {
	tests := []struct {
		name string
		c    plan.Cadence
		keys []string
	}{
		{name: "OKZero", c: plan.Cadence{}},
		{name: "OKWeek", c: plan.Cadence{Min: 2, Max: 3, Per: plan.CadenceWeek}},
		{name: "OKMonthLimit", c: plan.Cadence{Min: 1, Max: plan.MaxCadencePerMonth, Per: plan.CadenceMonth}},
		{name: "ErrPeriod", c: plan.Cadence{Min: 1, Max: 1, Per: "year"}, keys: []string{"cadence.period.invalid"}},
		{name: "ErrMinZero", c: plan.Cadence{Min: 0, Max: 2, Per: plan.CadenceWeek}, keys: []string{"cadence.posts.invalid"}},
		{name: "ErrMaxBelowMin", c: plan.Cadence{Min: 3, Max: 2, Per: plan.CadenceWeek}, keys: []string{"cadence.posts.invalid"}},
		{name: "ErrWeekLimit", c: plan.Cadence{Min: 1, Max: plan.MaxCadencePerWeek + 1, Per: plan.CadenceWeek}, keys: []string{"cadence.posts.invalid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertFieldKeys(t, tt.c.Validate(), tt.keys...)
		})
	}
}

func TestCadence_CheckAndString(t *testing.T) {
	c := plan.Cadence{Min: 2, Max: 3, Per: plan.CadenceWeek}
	for n, want := range map[int]plan.CadenceState{0: plan.CadenceBelow, 1: plan.CadenceBelow, 2: plan.CadenceWithin, 3: plan.CadenceWithin, 4: plan.CadenceAbove} {
		if got := c.Check(n); got != want {
			t.Errorf("Check(%d) = %q, want %q", n, got, want)
		}
	}
	if got := c.String(); got != "2-3/week" {
		t.Errorf("String() = %q", got)
	}
	if got := (plan.Cadence{Min: 4, Max: 4, Per: plan.CadenceMonth}).String(); got != "4/month" {
		t.Errorf("String() = %q", got)
	}
}

func TestChannel_PlannedCadence(t *testing.T) {
	tests := []struct {
		name string
		ch   plan.Channel
		want plan.Cadence
		ok   bool
	}{
		{name: "Structured", ch: plan.Channel{Cadence: "daily", PostCadence: plan.Cadence{Min: 2, Max: 2, Per: plan.CadenceWeek}}, want: plan.Cadence{Min: 2, Max: 2, Per: plan.CadenceWeek}, ok: true},
		{name: "FreeText", ch: plan.Channel{Cadence: "3 par semaine"}, want: plan.Cadence{Min: 3, Max: 3, Per: plan.CadenceWeek}, ok: true},
		{name: "Unstructured", ch: plan.Channel{Cadence: "when we have news"}},
		{name: "None", ch: plan.Channel{}},
		{name: "InvalidStructured", ch: plan.Channel{PostCadence: plan.Cadence{Min: 3, Max: 1, Per: plan.CadenceWeek}}, want: plan.Cadence{Min: 3, Max: 1, Per: plan.CadenceWeek}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.ch.PlannedCadence()
			if got != tt.want || ok != tt.ok {
				t.Fatalf("PlannedCadence() = %+v, %v; want %+v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestChannel_ValidatePostCadence(t *testing.T) {
	c := &plan.Channel{Network: plan.NetworkInstagram, Role: plan.GoalAwareness, Why: "Our audience is there",
		PostCadence: plan.Cadence{Min: 0, Max: 1, Per: plan.CadenceWeek}}
	assertFieldKeys(t, c.Validate(), "cadence.posts.invalid")
	two := plan.Cadence{Min: 2, Max: 2, Per: plan.CadenceMonth}
	plan.ChannelUpdate{PostCadence: &two}.Apply(c)
	if c.PostCadence != two {
		t.Fatalf("after Apply: %+v", c.PostCadence)
	}
	assertFieldKeys(t, c.Validate())
}
