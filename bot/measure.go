package bot

import (
	"context"
	"errors"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Step 8: /plan measure, the results form, the CSV paste, metrics, and the
// "Log as mention" message shortcut.

// obsFieldBlocks maps the batch-wide fields of an observation to the
// results form's blocks; row fields go to the row's blocks.
var obsFieldBlocks = map[string]string{
	"date": BlockObsDate, "end": BlockObsEnd, "source": BlockObsSource, "link": BlockObsLink,
}

// mentionFieldBlocks maps observation fields to the mention form's blocks.
var mentionFieldBlocks = map[string]string{
	"date": BlockMentionDate, "end": BlockMentionDate, "source": BlockMentionNote, "link": BlockMentionLink,
	"outlet": BlockMentionOutlet, "mention": BlockMentionKind, "network": BlockMentionNetwork,
}

// openMeasure opens step 8 for the source channel, read in one snapshot.
// It opens first and is filled after (openfill.go): on a big plan every
// KPI's figures take longer than the trigger lives.
func (b *Bot) openMeasure(ctx context.Context, src source) {
	u := b.user(ctx, src.UserID)
	b.openThenFill(ctx, src, u.Lang, u.Lang.T("measure.modal.title"), func(ctx context.Context) (slack.ModalViewRequest, error) {
		s, err := b.channelSnapshot(ctx, src, u)
		if err != nil {
			return slack.ModalViewRequest{}, err
		}
		return measureModal(u.Lang, measureDataOf(s, b.Now()), viewMeta{PlanID: s.Plan.ID, ChannelID: s.Plan.ChannelID}), nil
	})
}

// planMetrics returns the goals and metrics of a plan (see PlanMetrics).
func (b *Bot) planMetrics(ctx context.Context, planID int64) ([]*plan.Goal, []*plan.Metric, error) {
	goals, _, err := b.Goals.FindGoals(ctx, plan.GoalFilter{PlanID: &planID})
	if err != nil {
		return nil, nil, err
	}
	stored, err := b.Metrics.FindMetrics(ctx, planID)
	if err != nil {
		return nil, nil, err
	}
	return goals, plan.PlanMetrics(goals, stored), nil
}

// measureDataOf is what the measure modal shows of the snapshot s at now:
// every KPI judged at today by its type, from all the plan's results.
func measureDataOf(s *plan.PlanSnapshot, now time.Time) measureData {
	p, loc := s.Plan, s.Plan.Location()
	d := measureData{
		Plan: p, Today: plan.Today(now, loc), Counts: map[string]int{}, Metrics: s.AllMetrics(),
		Total: s.ObservationsTotal, Schedule: s.Schedule, KPIs: s.KPIs(now),
		PeriodStart: plan.Today(s.Schedule.PeriodStart(now, loc), loc),
	}
	for _, o := range s.Observations {
		d.Counts[plan.MetricKey(o.Metric)]++
	}
	if r := s.Review; r != nil && r.State == plan.ReminderActive {
		d.ReviewsSetUp, d.NextReview = true, r.NextAt
	}
	for i := len(s.Observations) - 1; i >= 0 && len(d.Latest) < observationsShown; i-- {
		d.Latest = append(d.Latest, s.Observations[i])
	}
	return d
}

// refreshMeasure redraws the measure modal viewID.
func (b *Bot) refreshMeasure(ctx context.Context, viewID string, meta viewMeta, lang Lang) {
	if viewID == "" {
		return
	}
	s, err := b.Snapshots.PlanSnapshot(ctx, meta.PlanID)
	if err != nil {
		b.Logger.Warn("refresh measure", "plan_id", meta.PlanID, "error", err)
		return
	}
	b.updateView(ctx, viewID, measureModal(lang, measureDataOf(s, b.Now()), viewMeta{PlanID: s.Plan.ID, ChannelID: s.Plan.ChannelID}))
}

// actionPlan returns the plan of a click: the one in the modal's metadata,
// or the one of the clicked message's channel, which must be the plan the
// button names.
func (b *Bot) actionPlan(ctx context.Context, cb *slack.InteractionCallback, value string) (*plan.Plan, viewMeta, error) {
	p, meta, err := b.clickPlan(ctx, cb)
	if err != nil || cb.View.ID != "" {
		return p, meta, err
	}
	if value != idString(p.ID) {
		return nil, viewMeta{}, plan.Errorf(plan.ENOTFOUND, "button of plan %s clicked in %s", value, cb.Channel.ID)
	}
	return p, viewMeta{PlanID: p.ID, ChannelID: p.ChannelID}, nil
}

// measureAction handles the buttons of the measure modal, and Log results
// on a measurement review.
func (b *Bot) measureAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	p, meta, err := b.actionPlan(ctx, cb, a.Value)
	if err != nil {
		b.ephemeral(ctx, cb.Channel.ID, cb.User.ID, b.errorText(u.Lang, err))
		return
	}
	child := meta.child(cb.View.ID, 0)
	switch a.ActionID {
	case ActionMeasureLog, ActionMeasurePaste:
		_, metrics, err := b.planMetrics(ctx, p.ID)
		if err != nil {
			b.ephemeral(ctx, p.ChannelID, cb.User.ID, b.errorText(u.Lang, err))
			return
		}
		switch {
		case len(metrics) == 0:
			b.showView(ctx, cb, u.Lang, metricModal(u.Lang, child))
		case a.ActionID == ActionMeasurePaste:
			b.showView(ctx, cb, u.Lang, csvModal(u.Lang, metrics, child))
		default:
			b.showView(ctx, cb, u.Lang, observationsModal(u.Lang, metrics, plan.Today(b.Now(), p.Location()), child))
		}
	case ActionMetricAdd:
		b.showView(ctx, cb, u.Lang, metricModal(u.Lang, child))
	case ActionObservationsAll:
		l, err := b.observationsList(ctx, p, child, u.Lang)
		if err != nil {
			b.ephemeral(ctx, p.ChannelID, cb.User.ID, b.errorText(u.Lang, err))
			return
		}
		b.showView(ctx, cb, u.Lang, l)
	case ActionMetricDelete:
		id, _ := parseID(a.Value)
		stored, err := b.Metrics.FindMetrics(ctx, p.ID)
		if err == nil {
			err = plan.Errorf(plan.ENOTFOUND, "metric %d not in plan %d", id, p.ID)
			for _, m := range stored {
				if m.ID == id {
					err = b.Metrics.DeleteMetric(ctx, id)
				}
			}
		}
		b.afterDelete(ctx, cb, meta, u.Lang, err)
	case ActionObservationDelete:
		id, _ := parseID(a.Value)
		obs, _, err := b.Metrics.FindObservations(ctx, plan.ObservationFilter{ID: &id, PlanID: &p.ID})
		if err == nil && len(obs) == 0 {
			err = plan.Errorf(plan.ENOTFOUND, "observation %d not in plan %d", id, p.ID)
		}
		if err == nil {
			err = b.Metrics.DeleteObservation(ctx, id)
		}
		b.afterDelete(ctx, cb, meta, u.Lang, err)
	}
}

// afterDelete tells the user what went wrong, if anything, and redraws
// the measure modal.
func (b *Bot) afterDelete(ctx context.Context, cb *slack.InteractionCallback, meta viewMeta, lang Lang, err error) {
	if err != nil && plan.ErrorCode(err) != plan.ENOTFOUND {
		b.ephemeral(ctx, meta.ChannelID, cb.User.ID, b.errorText(lang, err))
		return
	}
	if cb.View.CallbackID == CallbackObservationsList {
		// The list, at its page, and the measure modal under it.
		b.refreshObservations(ctx, cb.View.ID, meta, lang)
		b.refreshMeasure(ctx, meta.ParentID, meta, lang)
		return
	}
	b.refreshMeasure(ctx, cb.View.ID, meta, lang)
}

// submitMetric stores a new metric.
func (b *Bot) submitMetric(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u, meta, f, ok := b.submission(ctx, env, cb, BlockMetricName)
	if !ok {
		return
	}
	m := &plan.Metric{
		PlanID: meta.PlanID, Name: f.text(BlockMetricName), Unit: f.text(BlockMetricUnit),
		Kind: plan.MetricKind(f.selected(BlockMetricKind)), GoalKind: plan.GoalKind(f.selected(BlockMetricGoalKind)),
		CreatedBy: cb.User.ID,
	}
	err := b.Metrics.CreateMetric(actor(ctx, cb.User.ID), m)
	blocks := map[string]string{"name": BlockMetricName, "unit": BlockMetricUnit, "kind": BlockMetricKind, "goal_kind": BlockMetricGoalKind}
	if err != nil {
		b.ackError(ctx, env, u.Lang, meta, cb.User.ID, err, blocks, BlockMetricName)
		return
	}
	env.ack(nil)
	b.Logger.Info("metric added", "plan_id", meta.PlanID, "metric_id", m.ID, "user_id", cb.User.ID)
	b.refreshMeasure(ctx, meta.ParentID, meta, u.Lang)
}

// urlInText finds the first web address of a Slack message's text, where
// links read <https://...|label> or <https://...>.
var urlInText = regexp.MustCompile(`https?://[^\s<>|]+`)

// hostNetworks guess a mention's network from its link's host.
var hostNetworks = map[string]plan.Network{
	"instagram.com": plan.NetworkInstagram, "facebook.com": plan.NetworkFacebook, "fb.com": plan.NetworkFacebook,
	"linkedin.com": plan.NetworkLinkedIn, "x.com": plan.NetworkX, "twitter.com": plan.NetworkX,
	"tiktok.com": plan.NetworkTikTok, "youtube.com": plan.NetworkYouTube, "youtu.be": plan.NetworkYouTube,
	"pinterest.com": plan.NetworkPinterest, "threads.net": plan.NetworkThreads, "bsky.app": plan.NetworkBluesky,
}

// guessMention fills a mention's network, outlet and kind from its link.
func guessMention(o *plan.Observation) {
	o.Network, o.Mention = plan.NetworkOther, plan.MentionPost
	u, err := url.Parse(o.Link)
	if err != nil || u.Hostname() == "" {
		return
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	for h, n := range hostNetworks {
		if host == h || strings.HasSuffix(host, "."+h) {
			o.Network = n
			return
		}
	}
	if strings.Contains(host, "mastodon") {
		o.Network = plan.NetworkMastodon
		return
	}
	if !strings.HasSuffix(host, ".slack.com") {
		o.Outlet, o.Mention, o.Network = host, plan.MentionPress, plan.NetworkBlog
	}
}

// shortcutMentionLog opens the mention form on the message the shortcut
// ran on: its first link (or a link to the message), a network and outlet
// guessed from it, its text as the note, and the plans of the user's
// channels to choose from (see shortcuts.go).
func (b *Bot) shortcutMentionLog(ctx context.Context, cb *slack.InteractionCallback) {
	u, msg, choices, ok := b.startShortcut(ctx, cb, "mention.modal.title")
	if !ok {
		return
	}
	loc := time.UTC
	if p := choices.find(choices.Default); p != nil {
		loc = p.Location()
	} else if l, err := time.LoadLocation(u.TZ); err == nil && u.TZ != "" {
		loc = l
	}
	o := &plan.Observation{Source: msg.Text, Date: plan.Today(b.Now(), loc)}
	// Links in a message's markup carry Slack's escapes too ("&amp;").
	if link := urlInText.FindString(cb.Message.Text); link != "" {
		o.Link = Unescape(link)
	} else {
		o.Link = b.permalinkOrEmpty(ctx, msg.ChannelID, msg.TS, b.permalinkWait())
	}
	guessMention(o)
	src := source{TeamID: cb.Team.ID, ChannelID: cb.Channel.ID, UserID: cb.User.ID, TriggerID: cb.TriggerID}
	b.openView(ctx, src, u.Lang, mentionModal(u.Lang, o, choices, viewMeta{ChannelID: msg.ChannelID, SourceTS: msg.TS}))
}

// loggedEmoji is the reaction that marks a message logged as a mention.
const loggedEmoji = "mega"

// submitMention stores a mention in the plan the user chose and posts a
// note there, then marks the original message.
func (b *Bot) submitMention(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	f := formState{cb.View.State}
	p, err := b.chosenPlan(ctx, cb.Team.ID, cb.User.ID, f.selected(BlockMentionChannel))
	if plan.ErrorCode(err) == plan.EINVALID {
		ackErrors(env, map[string]string{BlockMentionChannel: u.Lang.T(errNotYourPlan.Key)})
		return
	} else if err != nil {
		ackErrors(env, map[string]string{BlockMentionChannel: b.errorText(u.Lang, err)})
		return
	}
	o := &plan.Observation{
		PlanID: p.ID, Metric: plan.MetricMentions, Value: 1, Network: plan.Network(f.selected(BlockMentionNetwork)),
		Link: f.text(BlockMentionLink), Outlet: f.text(BlockMentionOutlet), Source: f.text(BlockMentionNote),
		Mention: plan.MentionKind(f.selected(BlockMentionKind)), CreatedBy: cb.User.ID,
	}
	o.Date, _ = time.Parse(time.DateOnly, f.get(BlockMentionDate).SelectedDate)
	err = b.Metrics.CreateObservations(actor(ctx, cb.User.ID), []*plan.Observation{o})
	if re, ok := asRowErrors(err); ok {
		errs := map[string]string{}
		for _, e := range re {
			block, ok := mentionFieldBlocks[e.Field]
			if !ok {
				block = BlockMentionNote
			}
			errs[block] = rowErrorMessage(u.Lang, e)
		}
		ackErrors(env, errs)
		return
	}
	meta := viewMeta{PlanID: p.ID, ChannelID: p.ChannelID}
	if err != nil {
		b.ackError(ctx, env, u.Lang, meta, cb.User.ID, err, mentionFieldBlocks, BlockMentionNote)
		return
	}
	env.ack(nil)
	b.Logger.Info("mention logged", "plan_id", p.ID, "observation_id", o.ID, "user_id", cb.User.ID)
	b.visited(ctx, p, cb.User.ID)
	b.note(ctx, p, cb.User.ID, func(lang Lang) (string, []slack.Block) {
		return mentionNote(lang, cb.User.ID, o)
	})
	if m, err := parseViewMeta(cb.View.PrivateMetadata); err == nil {
		msg := shortcutMessage{ChannelID: m.ChannelID, TS: m.SourceTS}
		b.markOriginal(ctx, msg, loggedEmoji, planLang(p).T("mention.logged_note", p.ChannelID, userMention(cb.User.ID)))
	}
}

// asRowErrors returns err as the row errors of a batch, if it is one.
func asRowErrors(err error) (plan.RowErrors, bool) {
	var re plan.RowErrors
	ok := errors.As(err, &re)
	return re, ok
}
