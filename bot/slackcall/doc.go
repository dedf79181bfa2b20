// Package slackcall is planbot's one policy for Slack's Web API: every call
// the bot makes goes through a Client, which decides, method by method,
// what to do when Slack rate-limits, fails or does not answer.
//
//   - HTTP 429: nothing happened. The call waits Retry-After and tries
//     again, as long as its deadline allows (a modal: the trigger's 3 s; a
//     note, an update, a Home publish, an upload: minutes, set by the
//     caller's context). A post's Retry-After holds its channel for every
//     process (see Pace). Waiting costs no attempt.
//   - HTTP 5xx, a timeout, a dropped connection: the call may have taken
//     effect. It is retried with backoff only when it is idempotent
//     (views.update, views.publish, chat.update, chat.delete,
//     chat.getPermalink, users.info, conversations.*, users.conversations,
//     reactions.add, files.info, files.getUploadURLExternal, the upload
//     itself, auth.test) or made idempotent: a chat.postMessage with a
//     delivery key carries it in its message metadata, and the Client looks
//     for the key in the channel's recent history before posting again; a
//     files.completeUploadExternal is checked with files.info. views.open,
//     views.push and chat.postEphemeral are never retried after a 5xx: the
//     trigger is single use, and a second ephemeral message is noise.
//   - a connection refused before the request left: nothing happened;
//     every call is retried with backoff.
//   - {"ok":false,"error":...}: nothing happened. Not retried, except
//     "ratelimited" (a 429 by another name) and Slack's own transient codes
//     (internal_error, fatal_error, service_unavailable, request_timeout),
//     which are treated as a 5xx.
//
// A call that gives up returns an *Error that says why in terms the bot can
// tell a user: rate limited, the channel unreachable, Slack down, refused,
// and whether the call may still have taken effect.
//
// chat.postMessage is also paced per channel, about one message a second
// as Slack allows, through a Pace shared by every process that posts as the
// bot (storage keeps it for replicas on one database); a channel's
// Retry-After is recorded there too.
//
// The package imports slack-go and the standard library only.
package slackcall
