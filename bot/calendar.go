package bot

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/planbot/planbot/plan"
)

// /plan calendar [week|month|...] (calendrier): the content plan laid out
// over a week or a month (plan.BuildCalendar), shown to the user who asked
// as a Block Kit layout: a line a day with its items, an icon a status,
// each network's posts against its cadence, with the weeks below or above
// it flagged, and the items planned on a stopped or never-chosen network
// or with no pillar or call to action.

// openCalendar runs /plan calendar for src.
func (b *Bot) openCalendar(ctx context.Context, src source) {
	u, s, ok := b.openSnapshot(ctx, src)
	if !ok {
		return
	}
	p := s.Plan
	arg := strings.Join(src.Args, " ")
	span, ok := plan.ParseCalendarSpan(arg, b.Now(), p.Location())
	if !ok {
		b.ephemeral(ctx, src.ChannelID, src.UserID, u.Lang.T("calendar.bad_span", Escape(clip(arg, 40)))+"\n"+u.Lang.T("calendar.usage"))
		return
	}
	cal := plan.BuildCalendar(span, s.Content, s.Channels, p.Location())
	text, blocks := calendarMessage(u.Lang, p, cal)
	b.ephemeralBlocks(ctx, src.ChannelID, src.UserID, text, blocks)
}

// weekGaps returns this week's cadence checks of the plan of s that are
// below their cadence, for Home.
func weekGaps(s *plan.PlanSnapshot, now time.Time) []plan.CadenceCheck {
	loc := s.Plan.Location()
	return plan.BuildCalendar(plan.WeekSpan(now, loc), s.Content, s.Channels, loc).Gaps()
}

// gapsLine names this week's networks below their cadence on a line of
// its own; "" when none is.
func gapsLine(lang Lang, gaps []plan.CadenceCheck) string {
	if len(gaps) == 0 {
		return ""
	}
	var parts []string
	for _, c := range gaps {
		parts = append(parts, lang.T("home.gap", lang.T("network."+string(c.Channel.Network)), c.Planned, cadenceWords(lang, c.Cadence)))
	}
	return "\n" + lang.T("home.gaps", strings.Join(parts, ", "))
}

// cadencePosts writes the posts of a structured cadence for its form
// field: "3", "2-3"; "" when none.
func cadencePosts(c plan.Cadence) string {
	switch {
	case c.IsZero():
		return ""
	case c.Min == c.Max:
		return strconv.Itoa(c.Min)
	}
	return strconv.Itoa(c.Min) + "-" + strconv.Itoa(c.Max)
}

// readCadence reads the cadence fields of the channels form: posts as
// "3" or "2-3" (or "2–3"), per week unless per says month; no posts is
// no cadence. Returns a field error on "cadence_posts".
func readCadence(posts, per string) (plan.Cadence, error) {
	posts = strings.TrimSpace(posts)
	if posts == "" {
		return plan.Cadence{}, nil
	}
	c := plan.Cadence{Per: plan.CadencePeriod(per)}
	if c.Per == "" {
		c.Per = plan.CadenceWeek
	}
	lo, hi, ranged := strings.Cut(strings.ReplaceAll(posts, "–", "-"), "-")
	var err1, err2 error
	c.Min, err1 = strconv.Atoi(strings.TrimSpace(lo))
	c.Max = c.Min
	if ranged {
		c.Max, err2 = strconv.Atoi(strings.TrimSpace(hi))
	}
	if err1 != nil || err2 != nil {
		return c, plan.FieldErrors{plan.Invalid("cadence_posts", "cadence.posts.invalid", "give a number of posts, or a range such as 2 to 3")}
	}
	return c, c.Validate()
}
