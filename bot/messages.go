package bot

import (
	"context"
	"errors"
	"time"

	"github.com/slack-go/slack"
)

// How handlers post and change their own messages, react to someone
// else's, link to one, and ask Slack which channels a user is in. Like the
// helpers of replies.go, these are the only places that make these calls,
// so that one call policy can wrap them.

// postMessage posts text and blocks in channel, in the thread threadTS
// when it is set, and returns the new message's ts.
func (b *Bot) postMessage(ctx context.Context, channel, threadTS, text string, blocks []slack.Block) (string, error) {
	opts := []slack.MsgOption{slack.MsgOptionText(text, false)}
	if len(blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(blocks...))
	}
	if threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(threadTS))
	}
	_, ts, err := b.API.PostMessageContext(ctx, channel, opts...)
	return ts, err
}

// updateMessage replaces the text and blocks of the bot's message ts in
// channel.
func (b *Bot) updateMessage(ctx context.Context, channel, ts, text string, blocks []slack.Block) error {
	_, _, _, err := b.API.UpdateMessageContext(ctx, channel, ts, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
	return err
}

// react adds the bot's reaction name (an emoji name without colons) to the
// message ts of channel. A reaction the bot added already is no error.
func (b *Bot) react(ctx context.Context, channel, ts, name string) error {
	err := b.API.AddReactionContext(ctx, name, slack.NewRefToMessage(channel, ts))
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && se.Err == "already_reacted" {
		return nil
	}
	return err
}

// permalink returns the web address of the message ts of channel, or ""
// when Slack does not answer within wait: a form opened with a trigger
// cannot wait longer.
func (b *Bot) permalink(ctx context.Context, channel, ts string, wait time.Duration) string {
	if channel == "" || ts == "" {
		return ""
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	link, err := b.API.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: channel, Ts: ts})
	if err != nil {
		b.Logger.Warn("chat.getPermalink", "channel_id", channel, "error", err)
		return ""
	}
	return link
}

// maxChannelPages bounds the pages of users.conversations read for one
// user: 5,000 channels.
const maxChannelPages = 5

// userChannels returns the public and private channels userID is in that
// the bot can see, by ID, with their names. It gives up after wait: a form
// opened with a trigger has 3 s in all.
func (b *Bot) userChannels(ctx context.Context, userID string, wait time.Duration) (map[string]string, error) {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	out := map[string]string{}
	params := &slack.GetConversationsForUserParameters{
		UserID: userID, Types: []string{"public_channel", "private_channel"}, ExcludeArchived: true, Limit: 1000,
	}
	for range maxChannelPages {
		chans, next, err := b.API.GetConversationsForUserContext(ctx, params)
		if err != nil {
			return nil, err
		}
		for _, c := range chans {
			out[c.ID] = c.Name
		}
		if next == "" {
			break
		}
		params.Cursor = next
	}
	return out, nil
}
