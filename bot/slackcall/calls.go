package slackcall

import (
	"context"
	"errors"
	"io"

	"github.com/slack-go/slack"
)

// The Web API methods planbot calls, each under the policy of its Method.

// OpenView opens a modal with a trigger id. The trigger lives 3 s and is
// single use: a 429 is retried within ctx's deadline (the caller gives it
// the trigger's life), a 5xx or a timeout is not.
func (c *Client) OpenView(ctx context.Context, triggerID string, view slack.ModalViewRequest) (*slack.ViewResponse, error) {
	var out *slack.ViewResponse
	err := c.call(ctx, "views.open", func(ctx context.Context) (err error) {
		out, err = c.API.OpenViewContext(ctx, triggerID, view)
		return err
	})
	return out, err
}

// PushView pushes a modal over the one a click came from, like OpenView.
func (c *Client) PushView(ctx context.Context, triggerID string, view slack.ModalViewRequest) (*slack.ViewResponse, error) {
	var out *slack.ViewResponse
	err := c.call(ctx, "views.push", func(ctx context.Context) (err error) {
		out, err = c.API.PushViewContext(ctx, triggerID, view)
		return err
	})
	return out, err
}

// UpdateView redraws the modal viewID. Idempotent: retried after a 429, a
// 5xx or a timeout.
func (c *Client) UpdateView(ctx context.Context, viewID string, view slack.ModalViewRequest) (*slack.ViewResponse, error) {
	var out *slack.ViewResponse
	err := c.call(ctx, "views.update", func(ctx context.Context) (err error) {
		out, err = c.API.UpdateViewContext(ctx, view, "", "", viewID)
		return err
	})
	return out, err
}

// UpdateViewOver redraws the modal viewID only if it is still the
// version whose hash is over: Slack answers hash_conflict, not retried,
// when the modal changed since (a user's click was drawn in between).
// Idempotent otherwise, like UpdateView.
func (c *Client) UpdateViewOver(ctx context.Context, viewID, over string, view slack.ModalViewRequest) (*slack.ViewResponse, error) {
	var out *slack.ViewResponse
	err := c.call(ctx, "views.update", func(ctx context.Context) (err error) {
		out, err = c.API.UpdateViewContext(ctx, view, "", over, viewID)
		return err
	})
	return out, err
}

// PublishView publishes the App Home of userID. Idempotent.
func (c *Client) PublishView(ctx context.Context, userID string, view slack.HomeTabViewRequest) error {
	_, err := c.PublishHome(ctx, userID, view, "")
	return err
}

// PublishHome publishes the App Home of userID over the one whose hash
// is over ("": over any), and returns the hash of the new one. Slack
// answers hash_conflict, not retried, when another publish came since
// over. Idempotent.
func (c *Client) PublishHome(ctx context.Context, userID string, view slack.HomeTabViewRequest, over string) (string, error) {
	var hash string
	err := c.call(ctx, "views.publish", func(ctx context.Context) error {
		req := slack.PublishViewContextRequest{UserID: userID, View: view}
		if over != "" {
			req.Hash = &over
		}
		resp, err := c.API.PublishViewContext(ctx, req)
		if err == nil && resp != nil {
			hash = resp.View.Hash
		}
		return err
	})
	return hash, err
}

// PostEphemeral shows a message to one user in a channel. Retried only
// after a 429: a second copy after a 5xx would show twice.
func (c *Client) PostEphemeral(ctx context.Context, channelID, userID string, opts ...slack.MsgOption) error {
	return c.call(ctx, "chat.postEphemeral", func(ctx context.Context) error {
		_, err := c.API.PostEphemeralContext(ctx, channelID, userID, opts...)
		return err
	})
}

// UpdateMessage rewrites the message ts of channel. Idempotent.
func (c *Client) UpdateMessage(ctx context.Context, channelID, ts string, opts ...slack.MsgOption) error {
	return c.call(ctx, "chat.update", func(ctx context.Context) error {
		_, _, _, err := c.API.UpdateMessageContext(ctx, channelID, ts, opts...)
		return err
	})
}

// DeleteMessage deletes the message ts of channel. Idempotent: a retry
// that finds it gone (message_not_found) after an unanswered try is done.
func (c *Client) DeleteMessage(ctx context.Context, channelID, ts string) error {
	tried := false
	return c.call(ctx, "chat.delete", func(ctx context.Context) error {
		_, _, err := c.API.DeleteMessageContext(ctx, channelID, ts)
		if tried && CodeOf(err) == "message_not_found" {
			return nil
		}
		tried = true
		return err
	})
}

// Permalink returns the link to the message ts of channel. Idempotent.
func (c *Client) Permalink(ctx context.Context, channelID, ts string) (string, error) {
	var link string
	err := c.call(ctx, "chat.getPermalink", func(ctx context.Context) (err error) {
		link, err = c.API.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: channelID, Ts: ts})
		return err
	})
	return link, err
}

// UserInfo returns a user's profile, locale included. Idempotent.
func (c *Client) UserInfo(ctx context.Context, userID string) (*slack.User, error) {
	var u *slack.User
	err := c.call(ctx, "users.info", func(ctx context.Context) (err error) {
		u, err = c.API.GetUserInfoContext(ctx, userID, slack.GetUserInfoOptionIncludeLocale(true))
		return err
	})
	return u, err
}

// UserChannels returns the IDs of the conversations userID is a member of,
// among those the bot can see: public and private channels, group and
// direct messages. It reads every page (users.conversations).
func (c *Client) UserChannels(ctx context.Context, userID string) ([]string, error) {
	var out []string
	cursor := ""
	for {
		var page []slack.Channel
		err := c.call(ctx, "users.conversations", func(ctx context.Context) (err error) {
			page, cursor, err = c.API.GetConversationsForUserContext(ctx, &slack.GetConversationsForUserParameters{
				UserID: userID, Cursor: cursor, Limit: 1000,
				Types: []string{"public_channel", "private_channel", "mpim", "im"},
			})
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, ch := range page {
			out = append(out, ch.ID)
		}
		if cursor == "" {
			return out, nil
		}
	}
}

// UserChannelNames returns the public and private channels userID is in
// that the bot can see, by ID, with their names, reading at most maxPages
// pages of 1,000 (users.conversations): the plans a shortcut offers.
func (c *Client) UserChannelNames(ctx context.Context, userID string, maxPages int) (map[string]string, error) {
	out := map[string]string{}
	cursor := ""
	for range maxPages {
		var page []slack.Channel
		err := c.call(ctx, "users.conversations", func(ctx context.Context) (err error) {
			page, cursor, err = c.API.GetConversationsForUserContext(ctx, &slack.GetConversationsForUserParameters{
				UserID: userID, Cursor: cursor, Limit: 1000, ExcludeArchived: true,
				Types: []string{"public_channel", "private_channel"},
			})
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, ch := range page {
			out[ch.ID] = ch.Name
		}
		if cursor == "" {
			break
		}
	}
	return out, nil
}

// ChannelMembers returns the members of a channel, every page
// (conversations.members).
func (c *Client) ChannelMembers(ctx context.Context, channelID string) ([]string, error) {
	var out []string
	cursor := ""
	for {
		var page []string
		err := c.call(ctx, "conversations.members", func(ctx context.Context) (err error) {
			page, cursor, err = c.API.GetUsersInConversationContext(ctx, &slack.GetUsersInConversationParameters{
				ChannelID: channelID, Cursor: cursor, Limit: 1000,
			})
			return err
		})
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if cursor == "" {
			return out, nil
		}
	}
}

// AddReaction adds the bot's reaction name to the message ts of channel.
// Idempotent: already_reacted is success.
func (c *Client) AddReaction(ctx context.Context, name, channelID, ts string) error {
	return c.call(ctx, "reactions.add", func(ctx context.Context) error {
		err := c.API.AddReactionContext(ctx, name, slack.NewRefToMessage(channelID, ts))
		if CodeOf(err) == "already_reacted" {
			return nil
		}
		return err
	})
}

// AuthTest checks the bot token. Retried after a 429, a 5xx or a timeout;
// a refused token (invalid_auth, token_revoked, ...) is an *Error with
// Reason Refused and the code.
func (c *Client) AuthTest(ctx context.Context) (*slack.AuthTestResponse, error) {
	var out *slack.AuthTestResponse
	err := c.call(ctx, "auth.test", func(ctx context.Context) (err error) {
		out, err = c.API.AuthTestContext(ctx)
		return err
	})
	return out, err
}

// TokenRefused reports whether err says Slack refused the token itself:
// it will not work until someone installs the app again or fixes the
// configuration.
func TokenRefused(err error) bool {
	switch CodeOf(err) {
	case "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive", "no_permission", "missing_scope", "not_allowed_token_type":
		return true
	}
	var e *Error
	return errors.As(err, &e) && e.Code == "http_401"
}

// UpdateViewByExternalID redraws the modal whose external_id is
// externalID: a view put up by a submission's ack, whose ID the bot does
// not learn. Idempotent, like UpdateView.
func (c *Client) UpdateViewByExternalID(ctx context.Context, externalID string, view slack.ModalViewRequest) (*slack.ViewResponse, error) {
	var out *slack.ViewResponse
	err := c.call(ctx, "views.update", func(ctx context.Context) (err error) {
		out, err = c.API.UpdateViewContext(ctx, view, externalID, "", "")
		return err
	})
	return out, err
}

// FileInfo describes a file shared in Slack (files.info): its name, type,
// size and url_private_download. Idempotent.
func (c *Client) FileInfo(ctx context.Context, fileID string) (*slack.File, error) {
	var out *slack.File
	err := c.call(ctx, "files.info", func(ctx context.Context) (err error) {
		out, _, _, err = c.API.GetFileInfoContext(ctx, fileID, 0, 0)
		return err
	})
	return out, err
}

// DownloadFile writes the file at a url_private_download address to w,
// with the bot token. Retried only after a 429, which writes nothing to w.
func (c *Client) DownloadFile(ctx context.Context, url string, w io.Writer) error {
	return c.call(ctx, "files.download", func(ctx context.Context) error {
		return c.API.GetFileContext(ctx, url, w)
	})
}
