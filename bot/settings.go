package bot

import (
	"context"
	"math"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// /plan settings: the plan's name, time zone, language, reply target,
// owners, and the schedule of its measurement reviews (step 8).

// openSettings opens the settings of the channel's plan, when the user
// may change them.
func (b *Bot) openSettings(ctx context.Context, src source) {
	u, p, ok := b.openPlan(ctx, src)
	if !ok {
		return
	}
	meta := viewMeta{PlanID: p.ID, ChannelID: p.ChannelID}
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
	u, meta, f, ok := b.submission(ctx, env, cb, BlockSettingsName)
	if !ok {
		return
	}
	name, tz, language := f.text(BlockSettingsName), f.selected(BlockSettingsTZ), f.selected(BlockSettingsLanguage)
	owners := f.get(BlockSettingsOwners).SelectedUsers
	if owners == nil {
		owners = []string{}
	}
	hours, ok := readNumber(f.text(BlockSettingsReplyTarget), math.NaN())
	if !ok || !(hours > 0 && hours <= 720) {
		ackErrors(env, map[string]string{BlockSettingsReplyTarget: u.Lang.T("settings.reply_target.invalid")})
		return
	}
	target := max(time.Minute, time.Duration(math.Round(hours*60))*time.Minute)
	sched, reviewSet := readReviewSchedule(f)
	if err := sched.Validate(); err != nil && reviewSet {
		ackErrors(env, fieldErrors(u.Lang, err, settingsFieldBlocks, BlockSettingsReviewFrequency))
		return
	}
	upd := plan.PlanUpdate{Name: &name, TimeZone: &tz, Language: &language, ReplyTarget: &target, Owners: &owners}
	p, err := b.Plans.UpdatePlanSettings(actor(ctx, cb.User.ID), meta.PlanID, upd)
	// The schedule follows the settings it was set with, the zone first.
	if err == nil && reviewSet {
		_, err = b.Metrics.SetReviewSchedule(actor(ctx, cb.User.ID), p.ID, sched)
	}
	if err != nil {
		b.ackError(ctx, env, u.Lang, meta, cb.User.ID, err, settingsFieldBlocks, BlockSettingsName)
		return
	}
	env.ack(nil)
	b.Logger.Info("settings saved", "plan_id", p.ID, "user_id", cb.User.ID, "reviews", string(sched.Frequency))
	lang := planLang(p)
	text, blocks := settingsNote(lang, cb.User.ID, p)
	if reviewSet {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("measure.schedule", scheduleText(lang, sched)))))
	}
	b.postNote(ctx, p.ChannelID, cb.User.ID, lang, text, blocks)
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
