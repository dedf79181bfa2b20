package bot

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Views of /plan settings: the form, with the schedule of the
// measurement reviews, and the decision note. Pure functions of their
// data.

// commonZones are the time zones the settings offer, besides the plan's
// and the user's own: the main business zones, French-speaking ones first.
var commonZones = []string{
	"Europe/Paris", "Europe/Brussels", "Europe/Zurich", "Europe/Luxembourg", "Europe/Monaco",
	"America/Montreal", "America/Toronto", "Africa/Casablanca", "Africa/Algiers", "Africa/Tunis",
	"Africa/Dakar", "Africa/Abidjan", "Africa/Douala", "Africa/Kinshasa", "Indian/Reunion",
	"Indian/Mauritius", "America/Guadeloupe", "America/Martinique", "America/Cayenne", "Pacific/Noumea",
	"Pacific/Tahiti", "UTC", "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Madrid",
	"Europe/Berlin", "Europe/Amsterdam", "Europe/Rome", "Europe/Vienna", "Europe/Copenhagen",
	"Europe/Stockholm", "Europe/Oslo", "Europe/Helsinki", "Europe/Warsaw", "Europe/Prague",
	"Europe/Athens", "Europe/Bucharest", "Europe/Istanbul", "Europe/Kyiv", "Europe/Moscow",
	"Africa/Cairo", "Africa/Lagos", "Africa/Nairobi", "Africa/Johannesburg", "Asia/Dubai",
	"Asia/Jerusalem", "Asia/Riyadh", "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok",
	"Asia/Jakarta", "Asia/Singapore", "Asia/Hong_Kong", "Asia/Shanghai", "Asia/Taipei",
	"Asia/Manila", "Asia/Seoul", "Asia/Tokyo", "Australia/Perth", "Australia/Adelaide",
	"Australia/Brisbane", "Australia/Sydney", "Pacific/Auckland", "Pacific/Honolulu",
	"America/Anchorage", "America/Los_Angeles", "America/Vancouver", "America/Denver",
	"America/Phoenix", "America/Chicago", "America/Mexico_City", "America/New_York",
	"America/Halifax", "America/Bogota", "America/Lima", "America/Caracas", "America/Santiago",
	"America/Argentina/Buenos_Aires", "America/Sao_Paulo", "Atlantic/Azores",
}

// zoneOptions returns the zones to offer: the plan's, the user's, then the
// common ones, without duplicates and within Slack's 100 options.
func zoneOptions(planTZ, userTZ string) []string {
	var out []string
	for _, z := range append([]string{planTZ, userTZ}, commonZones...) {
		if z != "" && !slices.Contains(out, z) && len(out) < 100 {
			out = append(out, z)
		}
	}
	return out
}

// reviewFrequencies are the choices of the review schedule; "off" stands
// for no reviews, since an option's value cannot be empty.
var reviewFrequencies = []string{"off", string(plan.FrequencyWeekly), string(plan.FrequencyMonthly)}

// reviewScheduleBlocks are the inputs of the measurement review schedule,
// appended to the settings form.
func reviewScheduleBlocks(lang Lang, s plan.ReviewSchedule) []slack.Block {
	freq := "off"
	if s.Enabled() {
		freq = string(s.Frequency)
	}
	var days []*slack.OptionBlockObject
	var dayInit *slack.OptionBlockObject
	for i := range 7 {
		wd := time.Weekday((i + 1) % 7) // Monday first
		o := slack.NewOptionBlockObject(strconv.Itoa(int(wd)), plainText(lang.T(fmt.Sprintf("weekday.%d", int(wd)))), nil)
		days = append(days, o)
		if wd == s.Weekday {
			dayInit = o
		}
	}
	weekday := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, ActionInput, days...)
	weekday.InitialOption = dayInit
	var mdays []*slack.OptionBlockObject
	var mdayInit *slack.OptionBlockObject
	for d := 1; d <= 31; d++ {
		o := slack.NewOptionBlockObject(strconv.Itoa(d), plainText(strconv.Itoa(d)), nil)
		mdays = append(mdays, o)
		if d == s.MonthDay {
			mdayInit = o
		}
	}
	monthDay := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, ActionInput, mdays...)
	monthDay.InitialOption = mdayInit
	at := slack.NewTimePickerBlockElement(ActionInput)
	at.InitialTime = fmt.Sprintf("%02d:%02d", s.Hour, s.Minute)
	return []slack.Block{
		slack.NewDividerBlock(),
		slack.NewSectionBlock(mrkdwn(lang.T("settings.review.intro")), nil, nil),
		input(BlockSettingsReviewFrequency, lang.T("settings.review.frequency"), "", staticSelect(lang, "settings.review.frequency.", reviewFrequencies, freq), false),
		input(BlockSettingsReviewWeekday, lang.T("settings.review.weekday"), lang.T("settings.review.weekday.hint"), weekday, false),
		input(BlockSettingsReviewMonthDay, lang.T("settings.review.month_day"), lang.T("settings.review.month_day.hint"), monthDay, false),
		input(BlockSettingsReviewTime, lang.T("settings.review.time"), lang.T("settings.review.time.hint"), at, false),
	}
}

// settingsModal is the settings form of a plan; userTZ is the user's
// Slack zone, offered first after the plan's.
func settingsModal(lang Lang, p *plan.Plan, userTZ string, meta viewMeta) slack.ModalViewRequest {
	var zoneOpts []*slack.OptionBlockObject
	var zoneInit *slack.OptionBlockObject
	for _, z := range zoneOptions(p.TimeZone, userTZ) {
		label := z
		if z == userTZ && z != p.TimeZone {
			label = lang.T("settings.tz.yours", z)
		}
		o := slack.NewOptionBlockObject(z, plainText(clip(label, 75)), nil)
		zoneOpts = append(zoneOpts, o)
		if z == p.TimeZone {
			zoneInit = o
		}
	}
	zone := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, ActionInput, zoneOpts...)
	zone.InitialOption = zoneInit

	language := staticSelect(lang, "settings.language.", []string{"en", "fr"}, p.Language)
	target := slack.NewNumberInputBlockElement(nil, ActionInput, true)
	target.InitialValue = strconv.FormatFloat(math.Round(p.ReplyTargetOrDefault().Hours()*100)/100, 'f', -1, 64)
	owners := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, nil, ActionInput)
	owners.InitialUsers = p.Owners

	blocks := []slack.Block{
		slack.NewContextBlock("", mrkdwn(lang.T("settings.intro", p.ChannelID))),
		input(BlockSettingsName, lang.T("settings.field.name"), "", textInput(p.Name, plan.MaxPlanNameLen, false), true),
		input(BlockSettingsTZ, lang.T("settings.field.tz"), lang.T("settings.field.tz.hint"), zone, false),
		input(BlockSettingsLanguage, lang.T("settings.field.language"), lang.T("settings.field.language.hint"), language, false),
		input(BlockSettingsReplyTarget, lang.T("settings.field.reply_target"), lang.T("settings.field.reply_target.hint"), target, false),
		input(BlockSettingsOwners, lang.T("settings.field.owners"), lang.T("settings.field.owners.hint"), owners, true),
	}
	blocks = append(blocks, workingHoursBlocks(lang, p.WorkingHours)...)
	blocks = append(blocks, monthlyReportBlock(lang, p))
	return modal(lang, CallbackSettings, lang.T("settings.modal.title"), true, meta, blocks)
}

// maxHolidaysText bounds the holidays typed in the settings: MaxHolidays
// dates of 10 characters and their separators.
const maxHolidaysText = plan.MaxHolidays * 12

// weekOrder is the order of the days in the settings: Monday first.
var weekOrder = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// clockText writes minutes after midnight as a time picker shows them,
// "09:00"; the end of the day, 1440, as "00:00".
func clockText(minutes int) string {
	return fmt.Sprintf("%02d:%02d", minutes/60%24, minutes%60)
}

// workingHoursBlocks are the inputs of the plan's working hours: the days
// (none checked: every hour counts), the span of each day and the
// holidays, one date a line. A plan without working hours is offered the
// usual span, 09:00 to 18:00.
func workingHoursBlocks(lang Lang, w plan.WorkingHours) []slack.Block {
	var opts, checked []*slack.OptionBlockObject
	for _, d := range weekOrder {
		o := slack.NewOptionBlockObject(strconv.Itoa(int(d)), plainText(lang.T(fmt.Sprintf("weekday.%d", int(d)))), nil)
		opts = append(opts, o)
		if slices.Contains(w.Days, d) {
			checked = append(checked, o)
		}
	}
	days := slack.NewCheckboxGroupsBlockElement(ActionInput, opts...)
	days.InitialOptions = checked
	span := w
	if w.IsZero() {
		span = plan.DefaultWorkingHours
	}
	start, end := slack.NewTimePickerBlockElement(ActionInput), slack.NewTimePickerBlockElement(ActionInput)
	start.InitialTime, end.InitialTime = clockText(span.Start), clockText(span.End)
	var holidays []string
	for _, h := range w.Holidays {
		holidays = append(holidays, h.Format(time.DateOnly))
	}
	return []slack.Block{
		slack.NewDividerBlock(),
		slack.NewSectionBlock(mrkdwn(lang.T("settings.hours.intro")), nil, nil),
		input(BlockSettingsWorkingDays, lang.T("settings.hours.days"), lang.T("settings.hours.days.hint"), days, true),
		input(BlockSettingsWorkStart, lang.T("settings.hours.start"), "", start, false),
		input(BlockSettingsWorkEnd, lang.T("settings.hours.end"), lang.T("settings.hours.end.hint"), end, false),
		input(BlockSettingsHolidays, lang.T("settings.hours.holidays"), lang.T("settings.hours.holidays.hint"),
			textInput(strings.Join(holidays, "\n"), maxHolidaysText, true), true),
	}
}

// hoursText sums up working hours: "Monday–Friday, 09:00–18:00 · 2
// holidays", or every hour when w is the zero value.
func hoursText(lang Lang, w plan.WorkingHours) string {
	if w.IsZero() {
		return lang.T("hours.always")
	}
	var days []string
	for i := 0; i < len(weekOrder); i++ {
		if !slices.Contains(w.Days, weekOrder[i]) {
			continue
		}
		j := i
		for j+1 < len(weekOrder) && slices.Contains(w.Days, weekOrder[j+1]) {
			j++
		}
		name := func(d time.Weekday) string { return lang.T(fmt.Sprintf("weekday.%d", int(d))) }
		switch {
		case j-i >= 2: // three days or more in a row
			days = append(days, lang.T("hours.days.range", name(weekOrder[i]), name(weekOrder[j])))
		case j > i:
			days = append(days, name(weekOrder[i]), name(weekOrder[j]))
		default:
			days = append(days, name(weekOrder[i]))
		}
		i = j
	}
	text := lang.T("hours.span", strings.Join(days, ", "), clockText(w.Start), clockText(w.End))
	if n := len(w.Holidays); n > 0 {
		text += " · " + lang.N("hours.holidays", n)
	}
	return text
}

// settingsNote is the decision note of a settings change.
func settingsNote(lang Lang, userID string, p *plan.Plan) (string, []slack.Block) {
	head := lang.T("note.settings.updated", userMention(userID))
	owners := lang.T("settings.owners.none")
	if len(p.Owners) > 0 {
		owners = mentions(p.Owners)
	}
	detail := lang.T("note.settings.detail", Escape(orDash(p.Name)), p.TimeZone, lang.T("settings.language."+p.Language),
		formatHours(lang, p.ReplyTargetOrDefault()), owners)
	elems := []slack.MixedElement{mrkdwn(detail), mrkdwn(lang.T("note.settings.hours", hoursText(lang, p.WorkingHours)))}
	if p.MonthlyReport {
		elems = append(elems, mrkdwn(lang.T("note.settings.monthly_report")))
	}
	return head, []slack.Block{
		slack.NewSectionBlock(mrkdwn(head), nil, nil),
		slack.NewContextBlock("", elems...),
	}
}
