package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// statusIcons colour an item by its status in the calendar.
var statusIcons = map[plan.ContentStatus]string{
	plan.ContentIdea:      ":white_circle:",
	plan.ContentDraft:     ":large_orange_circle:",
	plan.ContentInReview:  ":large_yellow_circle:",
	plan.ContentApproved:  ":large_green_circle:",
	plan.ContentScheduled: ":large_blue_circle:",
	plan.ContentPublished: ":white_check_mark:",
}

// maxCalendarLines bounds the lines of one section of the calendar, so
// that a month stays within Slack's 3,000 characters a section.
const maxCalendarLines = 30

// calendarMessage is the calendar of p, in lang: the span, the cadence
// checks (the periods below or above flagged), the items that need
// attention, then a section a week with a line a day and its items.
func calendarMessage(lang Lang, p *plan.Plan, cal plan.Calendar) (string, []slack.Block) {
	loc := p.Location()
	last := cal.Span.End.AddDate(0, 0, -1)
	head := lang.T("calendar.head", formatDate(lang, cal.Span.Start), formatDate(lang, last))
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn("*"+head+"*"), nil, nil, slack.SectionBlockOptionBlockID("calendar_head"))}

	var gaps, ok []string
	for _, c := range cal.Cadence {
		line := lang.N("calendar.cadence."+string(c.State), c.Planned, lang.T("network."+string(c.Channel.Network)),
			cadencePeriod(lang, c), cadenceWords(lang, c.Cadence))
		if c.State == plan.CadenceWithin {
			ok = append(ok, line)
		} else {
			gaps = append(gaps, line)
		}
	}
	for _, ch := range cal.Unchecked {
		ok = append(ok, lang.T("calendar.cadence.unchecked", lang.T("network."+string(ch.Network))))
	}
	if len(gaps) > 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(linesClipped(lang, append([]string{lang.T("calendar.gaps")}, gaps...))), nil, nil, slack.SectionBlockOptionBlockID("calendar_gaps")))
	}
	if len(ok) > 0 {
		blocks = append(blocks, slack.NewContextBlock("calendar_cadence", mrkdwn(clip(strings.Join(ok, "\n"), 2900))))
	}
	if len(cal.Flags) > 0 {
		lines := []string{lang.T("calendar.flags")}
		for _, f := range cal.Flags {
			var why []string
			for _, k := range f.Kinds {
				why = append(why, lang.T("calendar.flag."+string(k), lang.T("network."+string(f.Item.Network))))
			}
			lines = append(lines, lang.T("calendar.flag", formatDate(lang, plan.Today(f.Item.PublishAt, loc)), Escape(clip(f.Item.Title, 80)), strings.Join(why, ", ")))
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(linesClipped(lang, lines)), nil, nil, slack.SectionBlockOptionBlockID("calendar_flags")))
	}

	blocks = append(blocks, slack.NewDividerBlock())
	var week []string
	flush := func() {
		if len(week) > 0 {
			blocks = append(blocks, slack.NewSectionBlock(mrkdwn(linesClipped(lang, week)), nil, nil))
			week = nil
		}
	}
	for _, d := range cal.Days {
		if d.Date.Weekday() == time.Monday {
			flush()
		}
		day := "*" + lang.T(fmt.Sprintf("weekday.%d", int(d.Date.Weekday()))) + " " + formatDate(lang, d.Date) + "*"
		if len(d.Items) == 0 {
			week = append(week, day+" —")
			continue
		}
		var items []string
		for _, c := range d.Items {
			items = append(items, statusIcons[c.Status]+" "+lang.T("network."+string(c.Network))+" · "+Escape(clip(c.Title, 60)))
		}
		week = append(week, day+"  "+strings.Join(items, "  "))
	}
	flush()
	var legend []string
	for _, st := range plan.ContentStatuses {
		legend = append(legend, statusIcons[st]+" "+lang.T("content.status."+string(st)))
	}
	blocks = append(blocks, slack.NewContextBlock("calendar_legend", mrkdwn(strings.Join(legend, "  "))))
	return head, blocks
}

// cadencePeriod names the period of a cadence check: an ISO week with its
// dates, or a month.
func cadencePeriod(lang Lang, c plan.CadenceCheck) string {
	if c.Cadence.Per == plan.CadenceMonth {
		return reportMonth(lang, plan.MonthOf(c.Start))
	}
	_, w := c.ISOWeek()
	return lang.T("calendar.week", w, formatDate(lang, c.Start), formatDate(lang, c.End.AddDate(0, 0, -1)))
}

// cadenceWords words a cadence: "3 a week", "2–3 par mois".
func cadenceWords(lang Lang, c plan.Cadence) string {
	n := fmt.Sprint(c.Min)
	if c.Max != c.Min {
		n = fmt.Sprintf("%d–%d", c.Min, c.Max)
	}
	if c.Per == plan.CadenceMonth {
		return lang.T("report.cadence.month", n)
	}
	return lang.T("report.cadence.week", n)
}

// linesClipped joins lines, at most maxCalendarLines of them, within a
// section's length.
func linesClipped(lang Lang, lines []string) string {
	if len(lines) > maxCalendarLines {
		more := len(lines) - maxCalendarLines
		lines = append(lines[:maxCalendarLines:maxCalendarLines], lang.T("calendar.more", more))
	}
	return clip(strings.Join(lines, "\n"), 2900)
}
