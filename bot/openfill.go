package bot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/bot/slackcall"
	"github.com/planbot/planbot/plan"
)

// Open first, fill after. A trigger id lets the bot open a modal for 3 s
// after the click; on a big plan a screen's reads and figures can take
// longer than that (step 9's review, step 8's KPIs). Such a screen opens
// at once a light modal, its title and one line saying it is being read,
// with the trigger, then computes its content and redraws the modal with
// views.update, over the hash of the light modal: a redraw that came in
// between is never overwritten. The content is computed in the handler,
// after the ack, within HandlerTimeout, so a click that follows the fill
// is drawn after it.
//
// When the fill fails, the modal shows why (never a modal left loading).
// When Slack does not open the light modal in time, the screen is computed
// all the same and offered behind a button that opens it with a fresh
// trigger (see modalFailed).

// CallbackLoading is the callback ID of the light modal a slow screen
// opens before its content is ready, and of the modal that says why the
// content could not be shown.
const CallbackLoading = "loading_modal"

// fillFunc computes the modal a screen shows.
type fillFunc func(ctx context.Context) (slack.ModalViewRequest, error)

// openThenFill opens the light modal titled title with src's trigger,
// then fills it with what fill computes.
func (b *Bot) openThenFill(ctx context.Context, src source, lang Lang, title string, fill fillFunc) {
	b.openFirst(ctx, src.ChannelID, src.UserID, lang, title, func(ctx context.Context, v slack.ModalViewRequest) (*slack.ViewResponse, error) {
		return b.Calls.OpenView(ctx, src.TriggerID, v)
	}, fill)
}

// showThenFill is openThenFill for a click: the light modal is pushed over
// the modal clicked in, or opened when the click came from a message.
func (b *Bot) showThenFill(ctx context.Context, cb *slack.InteractionCallback, lang Lang, title string, fill fillFunc) {
	open := func(ctx context.Context, v slack.ModalViewRequest) (*slack.ViewResponse, error) {
		if cb.View.ID != "" {
			return b.Calls.PushView(ctx, cb.TriggerID, v)
		}
		return b.Calls.OpenView(ctx, cb.TriggerID, v)
	}
	b.openFirst(ctx, cb.Channel.ID, cb.User.ID, lang, title, open, fill)
}

// openFirst opens the light modal with open, within the trigger's life,
// then fills it.
func (b *Bot) openFirst(ctx context.Context, channelID, userID string, lang Lang, title string,
	open func(context.Context, slack.ModalViewRequest) (*slack.ViewResponse, error), fill fillFunc) {
	tctx, cancel := context.WithTimeout(ctx, b.TriggerLife)
	resp, err := open(tctx, loadingModal(lang, title))
	cancel()
	if err != nil {
		b.Logger.Warn("open the loading modal", "title", title, "user_id", userID, "error", err)
		view, ferr := fill(ctx)
		if ferr != nil {
			b.ephemeral(ctx, channelID, userID, b.errorText(lang, ferr))
			return
		}
		b.modalFailed(ctx, channelID, userID, lang, view, err)
		return
	}
	view, err := fill(ctx)
	if err != nil {
		view = fillFailedModal(lang, title, b.errorText(lang, err))
	}
	if _, err := b.Calls.UpdateViewOver(ctx, resp.ID, resp.Hash, view); err != nil {
		if slackcall.CodeOf(err) == "hash_conflict" {
			b.Logger.Info("loading modal changed before its fill; left as it is", "view_id", resp.ID, "callback_id", view.CallbackID)
			return
		}
		b.Logger.Warn("views.update of a loading modal", "view_id", resp.ID, "callback_id", view.CallbackID, "error", err)
	}
}

// loadingModal is the light modal a slow screen opens at once: its title
// and one line saying it is being read.
func loadingModal(lang Lang, title string) slack.ModalViewRequest {
	return modal(lang, CallbackLoading, title, false, viewMeta{}, []slack.Block{
		slack.NewContextBlock("loading", mrkdwn(lang.T("loading.reading"))),
	})
}

// fillFailedModal is the modal that replaces the light one when its
// content could not be computed: why, in the user's language.
func fillFailedModal(lang Lang, title, why string) slack.ModalViewRequest {
	return modal(lang, CallbackLoading, title, false, viewMeta{}, []slack.Block{
		slack.NewSectionBlock(mrkdwn(why), nil, nil, slack.SectionBlockOptionBlockID("loading_failed")),
		slack.NewContextBlock("loading_hint", mrkdwn(lang.T("loading.failed_hint"))),
	})
}

// channelSnapshot is openSnapshot for a screen that opened first: the
// plan of src's channel (created by its first command), recorded as the
// user's last visited, and its snapshot. Errors are returned, for the
// modal to show.
func (b *Bot) channelSnapshot(ctx context.Context, src source, u userInfo) (*plan.PlanSnapshot, error) {
	p, err := b.ensurePlan(ctx, src, u)
	if err != nil {
		return nil, err
	}
	b.visited(ctx, p, src.UserID)
	return b.Snapshots.PlanSnapshot(ctx, p.ID)
}
