package bot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Every result of step 8, a page at a time, newest first, on the shared
// shapes of lists (loadPage, listNav, the paged route): the measure modal
// shows the latest only.

// observationsList loads page m.Page of the plan's results, newest first,
// and renders the list.
func (b *Bot) observationsList(ctx context.Context, p *plan.Plan, m viewMeta, lang Lang) (slack.ModalViewRequest, error) {
	obs, total, page, err := loadPage(ctx, m.Page, listPerPage, func(ctx context.Context, offset, limit int) ([]*plan.Observation, int, error) {
		return b.Metrics.FindObservations(ctx, plan.ObservationFilter{PlanID: &p.ID, Newest: true, Offset: offset, Limit: limit})
	})
	m.Page = page
	return observationsListModal(lang, obs, total, m), err
}

// refreshObservations redraws the list of results viewID at m.Page.
func (b *Bot) refreshObservations(ctx context.Context, viewID string, m viewMeta, lang Lang) {
	if viewID == "" {
		return
	}
	p, err := b.Plans.FindPlanByID(ctx, m.PlanID)
	if err != nil {
		b.Logger.Warn("refresh results: find plan", "plan_id", m.PlanID, "error", err)
		return
	}
	v, err := b.observationsList(ctx, p, m, lang)
	if err != nil {
		b.Logger.Warn("refresh results", "plan_id", p.ID, "error", err)
		return
	}
	b.updateView(ctx, viewID, v)
}

// observationsListModal lists one page of a plan's results, each with its
// Delete button, of total in all.
func observationsListModal(lang Lang, obs []*plan.Observation, total int, meta viewMeta) slack.ModalViewRequest {
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(lang.N("measure.total", total, formatCount(lang, int64(total)))), nil, nil), slack.NewDividerBlock()}
	if len(obs) == 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("measure.latest.none"))))
	}
	for _, o := range obs {
		del := confirmedDelete(lang, ActionObservationDelete, o.ID, o.Metric, "observation.delete.confirm")
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(observationText(lang, o)), nil, slack.NewAccessory(del),
			slack.SectionBlockOptionBlockID("observation_"+idString(o.ID))))
	}
	blocks = append(blocks, listNav(lang, "observations_nav", meta.Page, total)...)
	return modal(lang, CallbackObservationsList, lang.T("observations.list.title"), false, meta, blocks)
}
