package slackcall

import (
	"context"
	"slices"
	"time"

	"github.com/slack-go/slack"
)

// Log is told around each request of a post that may post, so that a
// process that dies mid-way leaves a record of whether the message may be
// in Slack. plan.AttemptLog implements it.
type Log interface {
	// Posting is called right before a request that may post. When it
	// returns an error the request is not sent and PostMessage returns it.
	Posting(ctx context.Context) error
	// NotPosted is called when the last request certainly posted nothing.
	NotPosted(ctx context.Context) error
}

// Post is one message to post with chat.postMessage.
type Post struct {
	Channel  string // a channel ID; a user ID posts in the bot's DM with them
	ThreadTS string // a reply in this thread
	// Key makes the post exactly once: it goes in the message metadata
	// (event_type EventType, event_payload {"key": Key}), and after a 5xx or
	// a timeout the Client looks for it in the channel's recent history (or
	// the thread's) before posting again. Without a key, a post that got no
	// answer is not retried. Keys are for channels, not user IDs.
	Key     string
	Options []slack.MsgOption // text, blocks; not the thread or metadata
	// MaxWait is the longest the post waits in place for its channel (its
	// pace, a Retry-After); beyond it PostMessage posts nothing and returns
	// a RateLimited *Error whose RetryAfter says when the channel is free.
	// 0: as long as ctx's deadline allows.
	MaxWait time.Duration
	// MayHavePosted says an earlier try, of this process or of one that
	// died, may have posted it: the Client looks for Key before posting.
	MayHavePosted bool
	Log           Log // optional
}

// PostMessage posts p once: paced per channel, a 429 waited out (it posted
// nothing), and with a Key a 5xx or a timeout checked against the
// channel's history before trying again. It returns the channel and ts of
// the message, found or posted.
func (c *Client) PostMessage(ctx context.Context, p Post) (string, string, error) {
	c.init()
	m := method("chat.postMessage")
	opts := slices.Clone(p.Options)
	if p.ThreadTS != "" {
		opts = append(opts, slack.MsgOptionTS(p.ThreadTS))
	}
	if p.Key != "" {
		opts = append(opts, slack.MsgOptionMetadata(slack.SlackMetadata{
			EventType: EventType, EventPayload: map[string]any{"key": p.Key},
		}))
	}
	check := p.MayHavePosted && p.Key != ""
	for try := 0; ; try++ {
		if check {
			ts, found, err := c.findPost(ctx, p)
			if err != nil {
				return "", "", &Error{Method: m.Name, Reason: ReasonOf(err), Code: CodeOf(err), MayHaveTakenEffect: true, Err: err}
			}
			if found {
				c.Logger.Info("post found in history; not posted again", "channel_id", p.Channel, "key", p.Key, "ts", ts)
				c.answer(p.Channel)
				return p.Channel, ts, nil
			}
			if err := notPosted(ctx, p.Log); err != nil {
				return "", "", err
			}
			check = false
		}
		if err := c.pace(ctx, p.Channel, p.MaxWait); err != nil {
			return "", "", err
		}
		if p.Log != nil {
			if err := p.Log.Posting(ctx); err != nil {
				return "", "", err
			}
		}
		actx, cancel := context.WithTimeout(ctx, c.AttemptTimeout)
		channel, ts, err := c.API.PostMessageContext(actx, p.Channel, opts...)
		cancel()
		c.answer(p.Channel)
		o, wait, code := classify(m, err)
		switch o {
		case ok:
			return channel, ts, nil
		case limited:
			if err := notPosted(ctx, p.Log); err != nil {
				return "", "", err
			}
			c.holdChannel(ctx, p.Channel, wait)
			c.Logger.Info("slack rate limited the channel", "channel_id", p.Channel, "retry_after", wait.String())
			// The next pace waits for the hold, or returns when too long.
		case notSent:
			if err := notPosted(ctx, p.Log); err != nil {
				return "", "", err
			}
			if err := c.backoffOrGiveUp(ctx, m, try, code, err, false); err != nil {
				return "", "", err
			}
		case unanswered, canceled:
			if p.Key == "" || o == canceled || ctx.Err() != nil {
				reason := SlackDown
				if o == canceled || ctx.Err() != nil {
					reason = endReason(ctx)
				}
				return "", "", &Error{Method: m.Name, Reason: reason, Code: code, MayHaveTakenEffect: true, Err: err}
			}
			// Let Slack settle, then look for the key before posting again.
			if err := c.backoffOrGiveUp(ctx, m, try, code, err, true); err != nil {
				return "", "", err
			}
			check = true
		default: // refused
			if err := notPosted(ctx, p.Log); err != nil {
				return "", "", err
			}
			reason := Refused
			if slices.Contains(UnreachableCodes, code) {
				reason = Unreachable
			}
			return "", "", &Error{Method: m.Name, Reason: reason, Code: code, Err: err}
		}
	}
}

// backoffOrGiveUp waits the backoff of try, or returns a SlackDown error
// when the deadline comes first.
func (c *Client) backoffOrGiveUp(ctx context.Context, m Method, try int, code string, err error, mayHave bool) error {
	wait := c.backoff(try)
	if !fits(ctx, wait) {
		return &Error{Method: m.Name, Reason: SlackDown, Code: code, MayHaveTakenEffect: mayHave, Err: err}
	}
	c.Logger.Info("slack failed; trying again", "method", m.Name, "code", code, "backoff", wait.String())
	if serr := c.Sleep(ctx, wait); serr != nil {
		return &Error{Method: m.Name, Reason: endReason(ctx), Code: code, MayHaveTakenEffect: mayHave, Err: err}
	}
	return nil
}

func notPosted(ctx context.Context, log Log) error {
	if log == nil {
		return nil
	}
	return log.NotPosted(ctx)
}

// FindPost looks for the post with key in the recent history of channel,
// or of the thread threadTS, and returns its ts.
func (c *Client) FindPost(ctx context.Context, channel, threadTS, key string) (string, bool, error) {
	c.init()
	return c.findPost(ctx, Post{Channel: channel, ThreadTS: threadTS, Key: key})
}

// findPost reads up to HistoryPages pages of the channel's history (of the
// thread, for a reply), newest first, with their metadata, for p's key.
func (c *Client) findPost(ctx context.Context, p Post) (string, bool, error) {
	cursor := ""
	for range c.HistoryPages {
		var msgs []slack.Message
		var next string
		var err error
		if p.ThreadTS != "" {
			err = c.call(ctx, "conversations.replies", func(ctx context.Context) (err error) {
				msgs, _, next, err = c.API.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
					ChannelID: p.Channel, Timestamp: p.ThreadTS, Cursor: cursor, Limit: 200, IncludeAllMetadata: true,
				})
				return err
			})
		} else {
			err = c.call(ctx, "conversations.history", func(ctx context.Context) error {
				h, err := c.API.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
					ChannelID: p.Channel, Cursor: cursor, Limit: 100, IncludeAllMetadata: true,
				})
				if err != nil {
					return err
				}
				msgs, next = h.Messages, h.ResponseMetaData.NextCursor
				if !h.HasMore {
					next = ""
				}
				return nil
			})
		}
		if err != nil {
			return "", false, err
		}
		for _, m := range msgs {
			if m.Metadata.EventType == EventType && m.Metadata.EventPayload["key"] == p.Key {
				return m.Timestamp, true, nil
			}
		}
		if next == "" {
			return "", false, nil
		}
		cursor = next
	}
	return "", false, nil
}
