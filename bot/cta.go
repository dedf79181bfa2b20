package bot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Step 4: calls to action, each tied to a goal, with a UTM-tagged link, on
// the list kit (see goals.go).

// ctasKit is step 4 on the list kit.
var ctasKit = &listKit[plan.CTA]{
	Noun:       "cta",
	Area:       plan.AreaCTAs,
	Fields:     ctaFieldBlocks,
	FirstBlock: BlockCTAText,
	List: func(b *Bot, ctx context.Context, p *plan.Plan, m viewMeta, lang Lang) (listView, error) {
		ctas, total, page, err := loadPage(ctx, m.Page, listPerPage, func(ctx context.Context, offset, limit int) ([]*plan.CTA, int, error) {
			return b.CTAs.FindCTAs(ctx, plan.CTAFilter{PlanID: &p.ID, Offset: offset, Limit: limit})
		})
		if err != nil {
			return listView{}, err
		}
		goals, _, err := b.Goals.FindGoals(ctx, plan.GoalFilter{PlanID: &p.ID})
		if err != nil {
			return listView{}, err
		}
		all, _, err := b.CTAs.FindCTAs(ctx, plan.CTAFilter{PlanID: &p.ID})
		if err != nil {
			return listView{}, err
		}
		served := map[int64]bool{}
		for _, c := range all {
			served[c.GoalID] = true
		}
		var without []*plan.Goal
		for _, g := range goals {
			if !served[g.ID] {
				without = append(without, g)
			}
		}
		m.Page = page
		view := ctasListModal(lang, ctaList{CTAs: ctas, Total: total, Goals: goals, WithoutCTA: without, Meta: m, Plan: p})
		return listView{View: view, Total: total, NoForm: len(goals) == 0}, nil
	},
	New: func(string) *plan.CTA { return &plan.CTA{} },
	Form: func(b *Bot, ctx context.Context, p *plan.Plan, c *plan.CTA, m viewMeta, lang Lang) (slack.ModalViewRequest, error) {
		goals, _, err := b.Goals.FindGoals(ctx, plan.GoalFilter{PlanID: &p.ID, Limit: ctaGoalsLimit})
		return ctaModal(lang, c, goals, m), err
	},
	Find: func(b *Bot, ctx context.Context, id int64) (*plan.CTA, error) { return b.CTAs.FindCTAByID(ctx, id) },
	Ref:  func(c *plan.CTA) (int64, int64) { return c.PlanID, c.ID },
	Save: func(b *Bot, ctx context.Context, p *plan.Plan, stored *plan.CTA, f formState, userID string) (*plan.CTA, error) {
		kind, text, url := plan.CTAKind(f.selected(BlockCTAKind)), f.text(BlockCTAText), f.text(BlockCTAURL)
		network := plan.Network(f.selected(BlockCTANetwork))
		goalID, _ := parseID(f.selected(BlockCTAGoal)) // a bad value is 0: "choose a goal"
		upd := plan.CTAUpdate{Kind: &kind, Text: &text, URL: &url, GoalID: &goalID, Network: &network}
		if stored != nil {
			return b.CTAs.UpdateCTA(ctx, stored.ID, upd)
		}
		c := &plan.CTA{PlanID: p.ID, CreatedBy: userID}
		upd.Apply(c)
		return c, b.CTAs.CreateCTA(ctx, c)
	},
	Delete: func(b *Bot, ctx context.Context, c *plan.CTA) error { return b.CTAs.DeleteCTA(ctx, c.ID) },
	Note: func(b *Bot, ctx context.Context, lang Lang, key, userID string, c *plan.CTA, p *plan.Plan) (string, []slack.Block) {
		goal := ""
		if key != "note.cta.deleted" {
			if g, err := b.Goals.FindGoalByID(ctx, c.GoalID); err == nil {
				goal = g.Title
			}
		}
		return ctaNote(lang, key, userID, c, goal, p.Name)
	},
}
