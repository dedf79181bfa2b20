package bot

import (
	"context"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Step 3, the tactical half: the content plan's items, on the list kit
// (see goals.go), filtered by status and week. The list shows the
// strategy above the items (content_strategy.go), and each item that
// carries a call to action shows the link to put in its post, tagged for
// that post (plan.CTA.PostLink).

// contentKit is the content plan of step 3 on the list kit.
var contentKit = &listKit[plan.ContentItem]{
	Noun:       "content",
	Area:       plan.AreaContent,
	Fields:     contentFieldBlocks,
	FirstBlock: BlockContentTitle,
	List: func(b *Bot, ctx context.Context, p *plan.Plan, m viewMeta, lang Lang) (listView, error) {
		l, err := b.contentList(ctx, p, m)
		return listView{View: contentListModal(lang, l), Total: l.Total}, err
	},
	New: func(userID string) *plan.ContentItem {
		return &plan.ContentItem{OwnerID: userID, Status: plan.ContentIdea}
	},
	Form: func(b *Bot, ctx context.Context, p *plan.Plan, c *plan.ContentItem, m viewMeta, lang Lang) (slack.ModalViewRequest, error) {
		refs, err := b.contentRefs(ctx, p.ID)
		return contentItemModal(lang, c, refs, m, p.Location()), err
	},
	Find: func(b *Bot, ctx context.Context, id int64) (*plan.ContentItem, error) {
		return b.Content.FindContentItemByID(ctx, id)
	},
	Ref:  func(c *plan.ContentItem) (int64, int64) { return c.PlanID, c.ID },
	Save: saveContentItem,
	Delete: func(b *Bot, ctx context.Context, c *plan.ContentItem) error {
		return b.Content.DeleteContentItem(ctx, c.ID)
	},
	Note: func(_ *Bot, _ context.Context, lang Lang, key, userID string, c *plan.ContentItem, p *plan.Plan) (string, []slack.Block) {
		return contentNote(lang, key, userID, c, p.Location())
	},
	Filtered: true,
	Saved: func(b *Bot, ctx context.Context, p *plan.Plan, stored, saved *plan.ContentItem) {
		b.reviewSaved(ctx, p, stored, saved)
	},
}

// openContent opens step 3: the strategy and the content plan, as a list
// even when it is empty, since it shows the strategy too.
func (b *Bot) openContent(ctx context.Context, src source) {
	u, p, ok := b.openPlan(ctx, src)
	if !ok {
		return
	}
	l, err := contentKit.List(b, ctx, p, viewMeta{PlanID: p.ID, ChannelID: p.ChannelID}, u.Lang)
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return
	}
	b.openView(ctx, src, u.Lang, l.View)
}

// contentRefs loads what a plan's items may point to: at most 100 of each,
// Slack's limit of options in a select. The links of its calls to action
// are frozen first: the content plan shows them.
func (b *Bot) contentRefs(ctx context.Context, planID int64) (contentRefs, error) {
	var refs contentRefs
	var err error
	if refs.Personas, _, err = b.Personas.FindPersonas(ctx, plan.PersonaFilter{PlanID: &planID, Limit: 100}); err != nil {
		return refs, err
	}
	if refs.Pillars, _, err = b.Strategy.FindPillars(ctx, plan.PillarFilter{PlanID: &planID, Limit: 100}); err != nil {
		return refs, err
	}
	b.freezeLinks(ctx, planID)
	refs.CTAs, _, err = b.CTAs.FindCTAs(ctx, plan.CTAFilter{PlanID: &planID, Limit: 100})
	return refs, err
}

// contentFilter turns the list's metadata into a filter in the plan's zone,
// without paging.
func contentFilter(p *plan.Plan, meta viewMeta) plan.ContentFilter {
	f := plan.ContentFilter{PlanID: &p.ID}
	if s := plan.ContentStatus(meta.Status); s.Valid() {
		f.Statuses = []plan.ContentStatus{s}
	}
	if from, to, ok := weekRange(meta.Week, p.Location()); ok {
		f.From, f.To = from, to
	}
	return f
}

// contentList loads what the content list of p shows at m's page and
// filters.
func (b *Bot) contentList(ctx context.Context, p *plan.Plan, m viewMeta) (contentList, error) {
	filter := contentFilter(p, m)
	items, total, page, err := loadPage(ctx, m.Page, listPerPage, func(ctx context.Context, offset, limit int) ([]*plan.ContentItem, int, error) {
		f := filter
		f.Offset, f.Limit = offset, limit
		return b.Content.FindContentItems(ctx, f)
	})
	if err != nil {
		return contentList{}, err
	}
	m.Page = page
	st, err := b.Strategy.FindStrategy(ctx, p.ID)
	if err != nil {
		return contentList{}, err
	}
	refs, err := b.contentRefs(ctx, p.ID)
	if err != nil {
		return contentList{}, err
	}
	return contentList{
		Items: items, Total: total, Meta: m, Strategy: st, Refs: refs, PlanName: p.Name,
		Owners: p.Owners, Now: b.Now(), Loc: p.Location(),
	}, nil
}

// contentAction handles the filters of the content list and the Request
// review button of its items.
func (b *Bot) contentAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	c, ok := contentKit.click(b, ctx, cb, a)
	if !ok {
		return
	}
	switch a.ActionID {
	case ActionContentStatus, ActionContentWeek:
		v := a.SelectedOption.Value
		if v == "all" {
			v = ""
		}
		if a.ActionID == ActionContentStatus {
			c.Meta.Status = v
		} else {
			c.Meta.Week = v
		}
		c.Meta.Page = 0
	case ActionContentReview:
		item, err := contentKit.inPlan(b, ctx, c.Plan, c.ID)
		if err != nil {
			b.refuseIn(ctx, c.User.Lang, c.Plan, c.Meta.ChannelID, cb.User.ID, err)
		} else {
			b.requestReview(ctx, cb.User.ID, c.User.Lang, c.Plan, c.Meta, item)
		}
	}
	contentKit.redraw(b, ctx, cb.View.ID, c.Plan, c.Meta, c.User.Lang)
}

// saveContentItem validates the item form over stored (nil for a new
// item) and stores it. The fields that could not be read and those that
// are not valid show at once.
func saveContentItem(b *Bot, ctx context.Context, p *plan.Plan, stored *plan.ContentItem, f formState, userID string) (*plan.ContentItem, error) {
	upd, errs := readContentForm(f, p.Location())
	c := &plan.ContentItem{PlanID: p.ID, CreatedBy: userID}
	var was plan.ContentStatus
	if stored != nil {
		edited := *stored
		c, was = &edited, stored.Status
	}
	upd.Apply(c)
	c.Normalize()
	errs = append(errs, plan.ErrorFields(c.Validate())...)
	errs = append(errs, plan.ErrorFields(c.ValidateStatusChange(was))...)
	if len(errs) > 0 {
		return nil, errs
	}
	if stored == nil {
		return c, b.Content.CreateContentItem(ctx, c)
	}
	return b.Content.UpdateContentItem(ctx, stored.ID, upd)
}

// readContentForm reads the item form into an update with every field
// set, and the errors of the fields that could not be read.
func readContentForm(f formState, loc *time.Location) (plan.ContentItemUpdate, plan.FieldErrors) {
	var errs plan.FieldErrors
	ref := func(block, field string) int64 {
		v := f.selected(block)
		if v == "" || v == "0" {
			return 0
		}
		id, ok := parseID(v)
		if !ok {
			key := "content." + field + ".invalid"
			errs = append(errs, plan.Invalid(field, key, field+" is not an ID"))
		}
		return id
	}
	title, copyText, link := f.text(BlockContentTitle), f.text(BlockContentCopy), f.text(BlockContentLink)
	postLink := f.text(BlockContentPostLink)
	network, format := plan.Network(f.selected(BlockContentNetwork)), plan.ContentFormat(f.selected(BlockContentFormat))
	persona, pillar, cta := ref(BlockContentPersona, "persona"), ref(BlockContentPillar, "pillar"), ref(BlockContentCTA, "cta")
	owner, reviewer := f.get(BlockContentOwner).SelectedUser, f.get(BlockContentReviewer).SelectedUser
	status := plan.ContentStatus(f.selected(BlockContentStatus))

	var at time.Time
	day, clock := f.get(BlockContentDate).SelectedDate, f.get(BlockContentTime).SelectedTime
	switch {
	case day == "" && clock != "":
		errs = append(errs, plan.Invalid("publish_date", "content.date.required", "a time without a date"))
	case day != "":
		if clock == "" {
			clock = "09:00"
		}
		d, err := time.Parse(time.DateOnly, day)
		h, m, ok := parseClock(clock)
		switch {
		case err != nil:
			errs = append(errs, plan.Invalid("publish_date", "content.date.invalid", "not a date"))
		case !ok:
			errs = append(errs, plan.Invalid("publish_time", "content.time.invalid", "not a time"))
		default:
			at = time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, loc)
		}
	}
	return plan.ContentItemUpdate{
		Title: &title, Network: &network, Format: &format, Copy: &copyText, Link: &link,
		PersonaID: &persona, PillarID: &pillar, CTAID: &cta, PublishAt: &at,
		OwnerID: &owner, ReviewerID: &reviewer, Status: &status, PostLink: &postLink,
	}, errs
}
