package bot

import (
	"context"
	"strings"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Step 4: calls to action, each tied to a goal, with a UTM-tagged link, on
// the list kit (see goals.go). A link's UTM values are frozen the first
// time it is shown (the list, the form, the content plan, a review
// request): renaming the plan or the goal never changes a link already
// published. The form of a call to action shows them, to change on
// purpose.

// ctasKit is step 4 on the list kit.
var ctasKit = &listKit[plan.CTA]{
	Noun:       "cta",
	Area:       plan.AreaCTAs,
	Fields:     ctaFieldBlocks,
	FirstBlock: BlockCTAText,
	List: func(b *Bot, ctx context.Context, p *plan.Plan, m viewMeta, lang Lang) (listView, error) {
		b.freezeLinks(ctx, p.ID)
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
		if c.ID != 0 && !c.UTM.Frozen() {
			// Shown in the form, the link is frozen as it reads now.
			b.freezeLinks(ctx, p.ID)
			if frozen, err := b.CTAs.FindCTAByID(ctx, c.ID); err == nil {
				c = frozen
			}
		}
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
			upd.UTM = readUTM(f, stored.UTM)
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

// readUTM reads the UTM values of the form, trimmed, and returns them when
// they differ from stored: a change made on purpose. Nil when the form has
// none or they are unchanged.
func readUTM(f formState, stored plan.UTM) *plan.UTM {
	if f.s == nil {
		return nil
	}
	if _, ok := f.s.Values[BlockCTAUTMSource]; !ok {
		return nil
	}
	u := plan.UTM{
		Source: strings.TrimSpace(f.text(BlockCTAUTMSource)), Medium: strings.TrimSpace(f.text(BlockCTAUTMMedium)),
		Campaign: strings.TrimSpace(f.text(BlockCTAUTMCampaign)), Content: strings.TrimSpace(f.text(BlockCTAUTMContent)),
	}
	if u.Source == stored.Source && u.Medium == stored.Medium && u.Campaign == stored.Campaign && u.Content == stored.Content {
		return nil
	}
	return &u
}

// freezeLinks freezes the UTM values of the plan's calls to action whose
// link is about to be shown for the first time. A failure is logged: the
// link is then shown with the values it would be frozen with.
func (b *Bot) freezeLinks(ctx context.Context, planID int64) {
	if n, err := b.CTAs.FreezeLinks(ctx, planID); err != nil {
		b.Logger.Warn("freeze cta links", "plan_id", planID, "error", err)
	} else if n > 0 {
		b.Logger.Info("cta links frozen", "plan_id", planID, "count", n)
	}
}
