package bot

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// /plan settings: the plan's name, time zone, language, reply target,
// owners, and the schedule of its measurement reviews (step 8).

func init() {
	register(openRoutes, "settings", (*Bot).openSettings)
	register(submitRoutes, CallbackSettings, (*Bot).submitSettings)
}

// settingsFieldBlocks maps plan.Plan field names to their input blocks.
var settingsFieldBlocks = map[string]string{
	"name":         BlockSettingsName,
	"time_zone":    BlockSettingsTZ,
	"language":     BlockSettingsLanguage,
	"reply_target": BlockSettingsReplyTarget,
	"owners":       BlockSettingsOwners,

	"review_frequency": BlockSettingsReviewFrequency,
	"review_weekday":   BlockSettingsReviewWeekday,
	"review_month_day": BlockSettingsReviewMonthDay,
	"review_time":      BlockSettingsReviewTime,
}

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

// openSettings opens the settings of the channel's plan, when the user
// may change them.
func (b *Bot) openSettings(ctx context.Context, src source) {
	u := b.user(ctx, src.UserID)
	p, err := b.ensurePlan(ctx, src, u)
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return
	}
	meta := stepMeta{PlanID: p.ID, ChannelID: p.ChannelID}
	if !b.mayChange(ctx, meta, src.UserID, u.Lang, plan.AreaSettings) {
		return
	}
	sched, _, err := b.Metrics.ReviewSchedule(ctx, p.ID)
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return
	}
	view := settingsModal(u.Lang, p, u.TZ, meta)
	view.Blocks.BlockSet = append(view.Blocks.BlockSet, reviewScheduleBlocks(u.Lang, sched)...)
	b.openView(ctx, src, u.Lang, view)
}

// submitSettings stores the settings form.
func (b *Bot) submitSettings(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	meta, err := parseStepMeta(cb.View.PrivateMetadata)
	if err != nil {
		env.ack(slack.NewErrorsViewSubmissionResponse(map[string]string{BlockSettingsName: u.Lang.T("error.generic")}))
		return
	}
	f := formState{cb.View.State}
	name, tz, language := f.text(BlockSettingsName), f.selected(BlockSettingsTZ), f.selected(BlockSettingsLanguage)
	owners := f.get(BlockSettingsOwners).SelectedUsers
	if owners == nil {
		owners = []string{}
	}
	hours, ok := parseNumber(f.text(BlockSettingsReplyTarget), math.NaN())
	if !ok || !(hours > 0 && hours <= 720) {
		env.ack(slack.NewErrorsViewSubmissionResponse(map[string]string{BlockSettingsReplyTarget: u.Lang.T("settings.reply_target.invalid")}))
		return
	}
	target := max(time.Minute, time.Duration(math.Round(hours*60))*time.Minute)
	sched, reviewSet := readReviewSchedule(f)
	if err := sched.Validate(); err != nil && reviewSet {
		env.ack(slack.NewErrorsViewSubmissionResponse(fieldErrors(u.Lang, err, settingsFieldBlocks, BlockSettingsReviewFrequency)))
		return
	}
	upd := plan.PlanUpdate{Name: &name, TimeZone: &tz, Language: &language, ReplyTarget: &target, Owners: &owners}
	p, err := b.Plans.UpdatePlanSettings(actor(ctx, cb.User.ID), meta.PlanID, upd)
	// The schedule follows the settings it was set with, the zone first.
	if err == nil && reviewSet {
		_, err = b.Metrics.SetReviewSchedule(actor(ctx, cb.User.ID), p.ID, sched)
	}
	if !b.answerSubmit(ctx, env, u.Lang, meta, cb.User.ID, err, settingsFieldBlocks, BlockSettingsName) {
		return
	}
	b.Logger.Info("settings saved", "plan_id", p.ID, "user_id", cb.User.ID, "reviews", string(sched.Frequency))
	lang := planLang(p)
	text, blocks := settingsNote(lang, cb.User.ID, p)
	if reviewSet {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("measure.schedule", scheduleText(lang, sched)))))
	}
	b.postNote(ctx, p.ChannelID, cb.User.ID, lang, text, blocks)
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

// readReviewSchedule reads the review schedule of the settings form; set
// is false when the form has none (an older form).
func readReviewSchedule(f formState) (s plan.ReviewSchedule, set bool) {
	freq := f.selected(BlockSettingsReviewFrequency)
	if freq == "" {
		return s, false
	}
	if freq != "off" {
		s.Frequency = plan.Frequency(freq)
	}
	wd, err := strconv.Atoi(f.selected(BlockSettingsReviewWeekday))
	if err != nil {
		wd = -1
	}
	s.Weekday = time.Weekday(wd)
	if s.MonthDay, err = strconv.Atoi(f.selected(BlockSettingsReviewMonthDay)); err != nil {
		s.MonthDay = 0
	}
	s.Hour, s.Minute = -1, -1
	if t, err := time.Parse("15:04", f.get(BlockSettingsReviewTime).SelectedTime); err == nil {
		s.Hour, s.Minute = t.Hour(), t.Minute()
	}
	return s, true
}

// formatHours shows a duration in hours without useless decimals.
func formatHours(lang Lang, d time.Duration) string {
	return formatNumber(lang, math.Round(d.Hours()*100)/100)
}

// settingsModal is the settings form of a plan; userTZ is the user's
// Slack zone, offered first after the plan's.
func settingsModal(lang Lang, p *plan.Plan, userTZ string, meta stepMeta) slack.ModalViewRequest {
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
