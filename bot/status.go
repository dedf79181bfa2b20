package bot

import (
	"context"
)

// /plan status: the nine steps with what is done and what is missing, read
// from one snapshot of the plan.

// openStatus posts the status of the channel's plan, only to the user, in
// the plan's language.
func (b *Bot) openStatus(ctx context.Context, src source) {
	_, s, ok := b.openSnapshot(ctx, src)
	if !ok {
		return
	}
	text, blocks := statusMessage(planLang(s.Plan), b.routes.commands, s.Plan, s.Progress(b.Now()))
	b.ephemeralBlocks(ctx, src.ChannelID, src.UserID, text, blocks)
}
