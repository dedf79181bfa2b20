package bot

import (
	"fmt"
	"math"
	"slices"
	"strconv"
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
	return modal(lang, CallbackSettings, lang.T("settings.modal.title"), true, meta, blocks)
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
	return head, []slack.Block{
		slack.NewSectionBlock(mrkdwn(head), nil, nil),
		slack.NewContextBlock("", mrkdwn(detail)),
	}
}
