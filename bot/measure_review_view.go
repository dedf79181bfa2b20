package bot

import (
	"strings"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Views of the measurement review of step 8, posted on the plan's
// schedule. Pure functions of their data.

// reviewKPIsShown bounds the KPIs of one review message, within Slack's 50
// blocks a message.
const reviewKPIsShown = 20

// reviewMessage is the measurement review posted in the plan's channel.
func reviewMessage(lang Lang, rev reviewData) (string, []slack.Block) {
	p := rev.Plan
	name := p.Name
	if name == "" {
		name = p.ChannelID
	}
	head := lang.T("review.head", clip(name, 100))
	period := lang.T("review.period", formatDate(lang, rev.PeriodStart), scheduleText(lang, rev.Schedule))
	ctxElems := append([]slack.MixedElement{mrkdwn(period)}, deliveryNotes(lang, rev.Delivery, p.Location())...)
	blocks := []slack.Block{
		slack.NewHeaderBlock(plainText(clip(head, 150))),
		slack.NewContextBlock("review_period", ctxElems...),
		slack.NewDividerBlock(),
	}
	if len(rev.KPIs) == 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(lang.T("review.no_goals")), nil, nil))
	}
	var stale []string
	withData := 0
	for i, k := range rev.KPIs {
		if k.Stale(rev.PeriodStart) {
			stale = append(stale, k.Goal.Metric)
		}
		if k.HasData {
			withData++
		}
		if i == reviewKPIsShown {
			blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("names.more", len(rev.KPIs)-reviewKPIsShown))))
			continue
		}
		if i < reviewKPIsShown {
			blocks = append(blocks, slack.NewSectionBlock(mrkdwn(kpiText(lang, k)), nil, nil,
				slack.SectionBlockOptionBlockID("review_kpi_"+idString(k.Goal.ID))))
		}
	}
	if len(stale) > 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(lang.T("review.stale", nameList(lang, stale, len(stale)), formatDate(lang, rev.PeriodStart))),
			nil, nil, slack.SectionBlockOptionBlockID("review_stale")))
	}
	if text := saidAtRiskText(lang, rev.AtRisk); text != "" {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID("review_at_risk")))
	}
	blocks = append(blocks, reviewPostsBlocks(lang, rev.Posts)...)
	blocks = append(blocks, slack.NewDividerBlock(),
		slack.NewSectionBlock(mrkdwn(reviewExperimentsText(lang, rev.Experiments)), nil, nil, slack.SectionBlockOptionBlockID("review_experiments")),
		slack.NewSectionBlock(mrkdwn(replyTimeText(lang, rev.Replies)), nil, nil, slack.SectionBlockOptionBlockID("review_replies")),
	)
	id := idString(p.ID)
	start := slack.NewButtonBlockElement(ActionAdaptStart, id, plainText(lang.T("review.start")))
	start.Style = slack.StylePrimary
	blocks = append(blocks, slack.NewActionBlock("review_actions",
		slack.NewButtonBlockElement(ActionMeasureLog, id, plainText(lang.T("measure.log"))), start))
	if withData > 0 && !rev.NoCharts {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("review.charts"))))
	}
	return Escape(head) + " · " + period, blocks
}

// reviewExperimentsText lists the experiments concluded in the period
// with their verdicts.
func reviewExperimentsText(lang Lang, exps []*plan.Experiment) string {
	if len(exps) == 0 {
		return lang.T("review.experiments.none")
	}
	lines := []string{lang.N("review.experiments", len(exps))}
	for i, e := range exps {
		if i == 10 {
			lines = append(lines, lang.T("names.more", len(exps)-10))
			break
		}
		verdict := verdictShort(lang, e)
		lines = append(lines, lang.T("review.experiments.line", Escape(clip(e.Name, 100)), lang.T("network."+string(e.Network)), verdict))
	}
	return strings.Join(lines, "\n")
}

// replyTimeText sums up the reply times of the period, per network.
func replyTimeText(lang Lang, stats []plan.NetworkReplyStats) string {
	total := 0
	var parts []string
	for _, s := range stats {
		total += s.Count
		parts = append(parts, lang.T("review.replies.network", lang.T("network."+string(s.Network)),
			formatSpan(lang, s.Median), formatSpan(lang, s.P90), s.Count))
	}
	if total == 0 {
		return lang.T("review.replies.none")
	}
	return lang.N("review.replies", total) + "\n" + strings.Join(parts, "\n")
}
