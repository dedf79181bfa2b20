package bot

import (
	"context"
	"errors"
	"maps"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// /plan settings: the plan's name, time zone, language, reply target,
// owners, working hours (step 7), and the schedule of its measurement
// reviews (step 8).

// openSettings opens the settings of the channel's plan, when the user
// may change them.
func (b *Bot) openSettings(ctx context.Context, src source) {
	u, p, ok := b.openPlan(ctx, src)
	if !ok {
		return
	}
	meta := viewMeta{PlanID: p.ID, ChannelID: p.ChannelID}
	if err := p.Authorize(src.UserID, plan.AreaSettings); err != nil {
		b.refuseIn(ctx, u.Lang, p, src.ChannelID, src.UserID, err)
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

// submitSettings stores the settings form, all of it in one write
// (plan.PlanService.UpdatePlanSettings): the owners, the working hours and
// the review schedule are saved together or not at all. Every wrong field
// shows at once, with what was typed kept.
func (b *Bot) submitSettings(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u, meta, f, ok := b.submission(ctx, env, cb, BlockSettingsName)
	if !ok {
		return
	}
	upd, errs := readSettingsForm(f, u.Lang)
	p, err := b.Plans.FindPlanByID(ctx, meta.PlanID)
	if err == nil {
		err = p.Authorize(cb.User.ID, plan.AreaSettings)
	}
	if err != nil {
		b.ackError(ctx, env, u.Lang, meta, cb.User.ID, err, settingsFieldBlocks, BlockSettingsName)
		return
	}
	// The checks of the service, here too, so that they show with the
	// fields that could not be read.
	check := *p
	upd.Apply(&check)
	invalid := plan.FieldErrors(append(plan.ErrorFields(check.Validate()), plan.ErrorFields(upd.Validate())...))
	for block, msg := range fieldErrors(u.Lang, invalid, settingsFieldBlocks, BlockSettingsName) {
		if _, read := errs[block]; !read {
			errs[block] = msg
		}
	}
	if len(errs) > 0 {
		ackErrors(env, errs)
		return
	}
	p, err = b.Plans.UpdatePlanSettings(actor(ctx, cb.User.ID), meta.PlanID, upd)
	if err != nil {
		b.ackError(ctx, env, u.Lang, meta, cb.User.ID, err, settingsFieldBlocks, BlockSettingsName)
		return
	}
	env.ack(nil)
	lang := planLang(p)
	text, blocks := settingsNote(lang, cb.User.ID, p)
	reviews := "unchanged"
	if s := upd.ReviewSchedule; s != nil {
		reviews = string(s.Frequency)
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("measure.schedule", scheduleText(lang, *s)))))
	}
	b.Logger.Info("settings saved", "plan_id", p.ID, "user_id", cb.User.ID, "working_hours", p.WorkingHours.String(), "reviews", reviews)
	b.postNote(ctx, p.ChannelID, cb.User.ID, lang, text, blocks)
}

// readSettingsForm reads the settings form into an update of every field
// it has, and the errors of the fields that could not be read, by block.
// A form without the review schedule (opened before it was offered)
// leaves the schedule alone.
func readSettingsForm(f formState, lang Lang) (plan.PlanUpdate, map[string]string) {
	errs := map[string]string{}
	name, tz, language := f.text(BlockSettingsName), f.selected(BlockSettingsTZ), f.selected(BlockSettingsLanguage)
	owners := f.get(BlockSettingsOwners).SelectedUsers
	if owners == nil {
		owners = []string{}
	}
	upd := plan.PlanUpdate{Name: &name, TimeZone: &tz, Language: &language, Owners: &owners}

	// Slack's number input sends digits with a point; read in the user's
	// convention all the same, which reads those alike.
	hours, err := plan.ParseNumberLocale(f.text(BlockSettingsReplyTarget), plan.NumberLocaleOf(string(lang)))
	var amb *plan.AmbiguousNumberError
	switch {
	case errors.As(err, &amb):
		errs[BlockSettingsReplyTarget] = lang.T("settings.reply_target.ambiguous", formatNumber(lang, amb.Grouped), formatNumber(lang, amb.Decimal))
	case err != nil || hours.Percent || hours.Currency != "" || !(hours.Value > 0 && hours.Value <= 720):
		errs[BlockSettingsReplyTarget] = lang.T("settings.reply_target.invalid")
	default:
		target := max(time.Minute, time.Duration(math.Round(hours.Value*60))*time.Minute)
		upd.ReplyTarget = &target
	}

	if f.get(BlockSettingsWorkStart).SelectedTime != "" { // a form opened before working hours were offered has none
		w, werrs := readWorkingHours(f, lang)
		upd.WorkingHours = &w
		maps.Copy(errs, werrs)
	}
	if sched, set := readReviewSchedule(f); set {
		upd.ReviewSchedule = &sched
	}
	if on, shown := readMonthlyReport(f); shown {
		upd.MonthlyReport = &on
	}
	return upd, errs
}

// readWorkingHours reads the working hours of the settings form: no day
// checked and no holiday is every hour of every day.
func readWorkingHours(f formState, lang Lang) (plan.WorkingHours, map[string]string) {
	errs := map[string]string{}
	var w plan.WorkingHours
	for _, v := range f.selectedValues(BlockSettingsWorkingDays) {
		d, err := strconv.Atoi(v)
		if err != nil || d < 0 || d > 6 {
			errs[BlockSettingsWorkingDays] = lang.T("hours.days.invalid")
			continue
		}
		w.Days = append(w.Days, time.Weekday(d))
	}
	start, okStart := clockMinutes(f.get(BlockSettingsWorkStart).SelectedTime)
	end, okEnd := clockMinutes(f.get(BlockSettingsWorkEnd).SelectedTime)
	if end == 0 {
		end = 24 * 60 // 00:00 ends the day at midnight
	}
	if !okStart || !okEnd {
		errs[BlockSettingsWorkStart] = lang.T("reminder.hour.invalid")
	}
	w.Start, w.End = start, end
	holidays, bad := parseHolidays(f.text(BlockSettingsHolidays))
	if bad != "" {
		errs[BlockSettingsHolidays] = lang.T("settings.holidays.invalid", clip(bad, 40))
	}
	w.Holidays = holidays
	if len(w.Days) == 0 && len(w.Holidays) == 0 {
		return plan.WorkingHours{}, errs // every hour counts
	}
	return w, errs
}

// clockMinutes reads a time picker's "09:30" as minutes after midnight.
func clockMinutes(s string) (int, bool) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

// parseHolidays reads dates written as 2026-12-25, separated by new
// lines, commas, semicolons or spaces. bad is the first word that is not
// such a date, "" when all are.
func parseHolidays(s string) (dates []time.Time, bad string) {
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
	for _, w := range words {
		d, err := time.Parse(time.DateOnly, w)
		if err != nil {
			if bad == "" {
				bad = w
			}
			continue
		}
		dates = append(dates, d)
	}
	return dates, bad
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
