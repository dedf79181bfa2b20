package bot

import (
	"context"
	"strconv"

	"github.com/slack-go/slack"
)

// listPerPage is the page size of the list modals: three blocks an entry
// plus a dozen around them stays under Slack's 100 blocks a view.
const listPerPage = 20

// pageCount returns how many pages of perPage entries hold total entries.
func pageCount(total, perPage int) int {
	return (total + perPage - 1) / perPage
}

// lastPage returns page, or the last page of total entries when page is
// past it (entries were deleted under the user's eyes).
func lastPage(page, total, perPage int) int {
	if total == 0 {
		return 0
	}
	return min(page, (total-1)/perPage)
}

// findPage is a service's Find method cut to one page: the entries from
// offset, at most limit of them, and the count of all.
type findPage[T any] func(ctx context.Context, offset, limit int) ([]T, int, error)

// loadPage returns page page of the entries find returns, perPage a page,
// with their total. When entries were deleted under the user's eyes and
// the page is now empty, it returns the last page instead, and its number.
func loadPage[T any](ctx context.Context, page, perPage int, find findPage[T]) ([]T, int, int, error) {
	page = max(page, 0)
	items, total, err := find(ctx, page*perPage, perPage)
	if err == nil && len(items) == 0 && page > 0 && total > 0 {
		page = lastPage(page, total, perPage)
		items, total, err = find(ctx, page*perPage, perPage)
	}
	return items, total, page, err
}

// pageNav returns the blocks that page through a list of total entries,
// perPage a page: "Page 2 of 3" and the Previous and Next buttons, whose
// clicks the list's paged route redraws. Nil when the list fits one page.
func pageNav(lang Lang, blockID string, page, total, perPage int) []slack.Block {
	pages := pageCount(total, perPage)
	if pages <= 1 {
		return nil
	}
	var nav []slack.BlockElement
	if page > 0 {
		nav = append(nav, slack.NewButtonBlockElement(ActionListPrev, strconv.Itoa(page-1), plainText(lang.T("page.prev"))))
	}
	if page < pages-1 {
		nav = append(nav, slack.NewButtonBlockElement(ActionListNext, strconv.Itoa(page+1), plainText(lang.T("page.next"))))
	}
	blocks := []slack.Block{slack.NewContextBlock("", mrkdwn(lang.T("page.of", page+1, pages)))}
	if len(nav) > 0 {
		blocks = append(blocks, slack.NewActionBlock(blockID, nav...))
	}
	return blocks
}

// listNav is pageNav under a list of listPerPage entries a page, after a
// divider.
func listNav(lang Lang, blockID string, page, total int) []slack.Block {
	nav := pageNav(lang, blockID, page, total, listPerPage)
	if nav == nil {
		return nil
	}
	return append([]slack.Block{slack.NewDividerBlock()}, nav...)
}

// turnPage handles the Previous and Next buttons of every list modal: the
// list's paged route redraws it at the page the button carries.
func (b *Bot) turnPage(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	redraw, ok := b.routes.pages[cb.View.CallbackID]
	page, err := strconv.Atoi(a.Value)
	m, merr := parsePlanMeta(cb.View.PrivateMetadata)
	if !ok || err != nil || page < 0 || merr != nil {
		b.Logger.Warn("bad page action", "callback_id", cb.View.CallbackID, "value", a.Value)
		return
	}
	m.Page = page
	redraw(b, ctx, cb, m, b.user(ctx, cb.User.ID).Lang)
}

// Action IDs of the Previous and Next buttons of every list; the list is
// the view's callback ID, whose paged route redraws it.
const (
	ActionListPrev = "list_prev" // value: page number, from 0
	ActionListNext = "list_next" // value: page number, from 0
)
