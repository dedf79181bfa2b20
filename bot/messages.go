package bot

import (
	"context"
	"time"
)

// maxChannelPages bounds the pages of users.conversations read for one
// user: 5,000 channels.
const maxChannelPages = 5

// userChannels returns the public and private channels userID is in that
// the bot can see, by ID, with their names. It gives up after wait: a form
// opened with a trigger has 3 s in all.
func (b *Bot) userChannels(ctx context.Context, userID string, wait time.Duration) (map[string]string, error) {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	return b.Calls.UserChannelNames(ctx, userID, maxChannelPages)
}

// permalinkOrEmpty is permalink for a form that shows the link if Slack
// gives it in time: "" (and a log line) when it does not.
func (b *Bot) permalinkOrEmpty(ctx context.Context, channelID, ts string, within time.Duration) string {
	if channelID == "" || ts == "" {
		return ""
	}
	link, err := b.permalink(ctx, channelID, ts, within)
	if err != nil {
		b.Logger.Warn("chat.getPermalink", "channel_id", channelID, "error", err)
		return ""
	}
	return link
}
