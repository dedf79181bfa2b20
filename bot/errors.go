package bot

import (
	"context"
	"errors"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// The one place where errors become what the user reads, like wtf's
// http.Error with its table of codes: an EINVALID error with a field
// becomes a field error in the form; anything else a sentence, in the form
// or in an ephemeral message. An error the user cannot act on is logged
// here, once, where it is answered.

// errorKeys are the catalogue keys of the sentence the user reads for
// each plan.Error code. EINTERNAL, the code of every error without one,
// is not here: it is logged and answered with a generic sentence.
var errorKeys = map[string]string{
	plan.ECONFLICT:  "error.conflict",
	plan.EFORBIDDEN: "error.forbidden",
	plan.EINVALID:   "error.field",
	plan.ENOTFOUND:  "error.not_found",
}

// errorText returns the sentence the user reads about err, in lang.
func (b *Bot) errorText(lang Lang, err error) string {
	if key, ok := errorKeys[plan.ErrorCode(err)]; ok {
		return lang.T(key)
	}
	b.Logger.Error("internal error", "error", err)
	if errors.Is(err, context.DeadlineExceeded) {
		return lang.T("error.not_saved")
	}
	return lang.T("error.generic")
}

// fieldErrors maps the field errors of err to the input blocks of a form,
// in lang: blocks maps field names to blocks, and a field without a block
// goes to fallback. Empty when err carries no field.
func fieldErrors(lang Lang, err error, blocks map[string]string, fallback string) map[string]string {
	out := map[string]string{}
	for _, fe := range plan.ErrorFields(err) {
		block, ok := blocks[fe.Field]
		if !ok {
			block = fallback
		}
		if _, dup := out[block]; !dup {
			out[block] = lang.T(fe.Key, fe.Args...)
		}
	}
	return out
}

// ackErrors acks a form submission with errors by input block: the form
// stays open with what the user typed.
func ackErrors(env *envelope, errs map[string]string) {
	env.ack(slack.NewErrorsViewSubmissionResponse(errs))
}

// ackError acks a form submission that failed with err, keeping the form
// open with what the user typed: field errors show on their blocks (see
// fieldErrors); a refusal shows at fallback and, naming the plan's owners,
// in an ephemeral message in the plan's channel; an internal error says
// the change was not saved; anything else shows its sentence at fallback.
func (b *Bot) ackError(ctx context.Context, env *envelope, lang Lang, m viewMeta, userID string, err error, blocks map[string]string, fallback string) {
	if errs := fieldErrors(lang, err, blocks, fallback); len(errs) > 0 {
		ackErrors(env, errs)
		return
	}
	text := b.errorText(lang, err)
	switch plan.ErrorCode(err) {
	case plan.EFORBIDDEN:
		text = lang.T("forbidden.short")
	case plan.EINTERNAL:
		text = lang.T("error.not_saved")
	}
	ackErrors(env, map[string]string{fallback: text})
	if plan.ErrorCode(err) == plan.EFORBIDDEN {
		b.refuse(ctx, lang, m.PlanID, m.ChannelID, userID, err)
	}
}

// refuse tells userID, in an ephemeral message in channelID, why an action
// on the plan planID failed; a refusal whose key the catalogue has names
// the plan's owners.
func (b *Bot) refuse(ctx context.Context, lang Lang, planID int64, channelID, userID string, err error) {
	var p *plan.Plan
	if plan.ErrorCode(err) == plan.EFORBIDDEN {
		p, _ = b.Plans.FindPlanByID(ctx, planID) // without it, the refusal names no owner
	}
	b.refuseIn(ctx, lang, p, channelID, userID, err)
}

// refuseIn is refuse with the plan read already, or nil when unknown.
func (b *Bot) refuseIn(ctx context.Context, lang Lang, p *plan.Plan, channelID, userID string, err error) {
	text := b.errorText(lang, err)
	var e *plan.Error
	if plan.ErrorCode(err) == plan.EFORBIDDEN && errors.As(err, &e) && Has(e.Key) {
		owners := "—"
		if p != nil && len(p.Owners) > 0 {
			owners = mentions(p.Owners)
		}
		text = lang.T(e.Key, owners)
	}
	b.ephemeral(ctx, channelID, userID, text)
}

// mayChange reports whether userID may change area of the plan of m, and
// tells them why not in an ephemeral message when they may not. The
// services check again when saving; this spares filling a form in vain.
func (b *Bot) mayChange(ctx context.Context, m viewMeta, userID string, lang Lang, area plan.Area) bool {
	p, err := b.Plans.FindPlanByID(ctx, m.PlanID)
	if err == nil {
		err = p.Authorize(userID, area)
	}
	if err != nil {
		b.refuseIn(ctx, lang, p, m.ChannelID, userID, err)
		return false
	}
	return true
}
