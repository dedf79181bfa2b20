package slackcall

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/slack-go/slack"
)

// Upload is a file to share in a channel with files upload v2.
type Upload struct {
	Channel        string
	ThreadTS       string // shared as a reply in this thread
	Filename       string
	Title          string
	AltText        string
	InitialComment string
	Data           []byte
	// MaxWait bounds the wait for the channel's pace, as Post.MaxWait.
	MaxWait time.Duration
}

// UploadFile shares u once, in three steps as Slack's files upload v2
// asks: files.getUploadURLExternal and the upload to its URL are
// idempotent and retried as such; files.completeUploadExternal posts the
// file in the channel, so it is paced like a post, and after a 5xx or a
// timeout the Client asks files.info whether the file was shared before
// completing it again. It returns the file's ID.
func (c *Client) UploadFile(ctx context.Context, u Upload) (string, error) {
	c.init()
	if u.Filename == "" || len(u.Data) == 0 {
		return "", fmt.Errorf("upload %q: a file name and content are required", u.Filename)
	}
	var ext *slack.GetUploadURLExternalResponse
	err := c.call(ctx, "files.getUploadURLExternal", func(ctx context.Context) (err error) {
		ext, err = c.API.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{
			FileName: u.Filename, FileSize: len(u.Data), AltTxt: u.AltText,
		})
		return err
	})
	if err != nil {
		return "", err
	}
	err = c.call(ctx, "upload", func(ctx context.Context) error {
		return c.API.UploadToURL(ctx, slack.UploadToURLParameters{
			UploadURL: ext.UploadURL, Reader: bytes.NewReader(u.Data), Filename: u.Filename,
		})
	})
	if err != nil {
		return "", err
	}

	m := method("files.completeUploadExternal")
	check := false
	for try := 0; ; try++ {
		if check {
			shared, err := c.fileShared(ctx, ext.FileID, u.Channel)
			if err != nil {
				return "", &Error{Method: m.Name, Reason: ReasonOf(err), Code: CodeOf(err), MayHaveTakenEffect: true, Err: err}
			}
			if shared {
				c.Logger.Info("file found shared; not completed again", "channel_id", u.Channel, "file_id", ext.FileID)
				return ext.FileID, nil
			}
			check = false
		}
		if err := c.pace(ctx, u.Channel, u.MaxWait); err != nil {
			return "", err
		}
		actx, cancel := context.WithTimeout(ctx, c.AttemptTimeout)
		_, err := c.API.CompleteUploadExternalContext(actx, slack.CompleteUploadExternalParameters{
			Files:   []slack.FileSummary{{ID: ext.FileID, Title: u.Title}},
			Channel: u.Channel, InitialComment: u.InitialComment, ThreadTimestamp: u.ThreadTS,
		})
		cancel()
		c.answer(u.Channel)
		o, wait, code := classify(m, err)
		switch o {
		case ok:
			return ext.FileID, nil
		case limited:
			c.holdChannel(ctx, u.Channel, wait)
		case notSent:
			if err := c.backoffOrGiveUp(ctx, m, try, code, err, false); err != nil {
				return "", err
			}
		case unanswered, canceled:
			if o == canceled || ctx.Err() != nil {
				return "", &Error{Method: m.Name, Reason: endReason(ctx), Code: code, MayHaveTakenEffect: true, Err: err}
			}
			if err := c.backoffOrGiveUp(ctx, m, try, code, err, true); err != nil {
				return "", err
			}
			check = true
		default:
			reason := Refused
			if slices.Contains(UnreachableCodes, code) {
				reason = Unreachable
			}
			return "", &Error{Method: m.Name, Reason: reason, Code: code, Err: err}
		}
	}
}

// fileShared reports whether files.info shows the file shared in channel.
// A file never completed is file_not_found to the bot.
func (c *Client) fileShared(ctx context.Context, fileID, channel string) (bool, error) {
	var f *slack.File
	err := c.call(ctx, "files.info", func(ctx context.Context) (err error) {
		f, _, _, err = c.API.GetFileInfoContext(ctx, fileID, 0, 0)
		if CodeOf(err) == "file_not_found" {
			f, err = nil, nil
		}
		return err
	})
	if err != nil || f == nil {
		return false, err
	}
	return slices.Contains(f.Channels, channel) || slices.Contains(f.Groups, channel) || slices.Contains(f.IMs, channel), nil
}
