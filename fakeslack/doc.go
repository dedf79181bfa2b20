// Package fakeslack is a local fake of Slack for end-to-end tests: a subset of the Web
// API over HTTP and Socket Mode over WebSocket, on 127.0.0.1, good enough for a real,
// unmodified slack-go client configured with slack.OptionAPIURL(server.APIURL()) and a
// socketmode.Client.
//
// # What is faked
//
// Web API: auth.test, apps.connections.open (app-level "xapp-" token), chat.postMessage,
// chat.postEphemeral, chat.update, chat.delete, chat.getPermalink, users.info,
// conversations.info, views.open, views.push, views.update, views.publish,
// files.getUploadURLExternal, files.completeUploadExternal, plus the upload_url
// (recorded as method "upload") and the response_url of payloads (method "response_url").
// Other methods answer {"ok":false,"error":"unknown_method"}. Every method but
// apps.connections.open needs a "xoxb-" token. Every call, failed or not, is recorded
// (Calls, WaitCall, Subscribe) and can be made to fail or lag (InjectFault).
//
// Socket Mode: a hello on connect, a WebSocket PING every Options.PingInterval, several
// connections served round robin, disconnect/refresh (RequestRefresh) and abrupt drops
// (DropSockets). The test plays the user: SlashCommand, ClickButton, SubmitView,
// CloseView, MessageShortcut and SendEvent build payloads shaped like Slack's and wait
// for the bot's ack, which counts on whichever connection it arrives.
//
// Slack contracts kept: trigger ids are single use and expire after 3 s
// (Options.TriggerTTL); a modal stack holds at most 3 views; views.update honours hash;
// message ts are unique and increasing; view submissions acked empty close the view, and
// response_action update/push/clear/errors act on the stack as in Slack; an events_api
// envelope not acked within Options.AckTimeout is redelivered with a new envelope id and
// retry_attempt+1 (reason "timeout"), at most 3 times, and events sent while no socket is
// connected arrive as retries.
//
// # Limits
//
// Only one workspace (TeamID) and one bot (BotUserID). No rate limiting unless injected
// (InjectFault), or turned on for chat.postMessage per channel with Options.PostRateLimit
// (stricter than Slack, which allows short bursts).
// Block Kit is not validated beyond a few limits (50 blocks per message, 100 per view,
// 24-character modal title, 3000-character private_metadata, unique block_ids). Posting
// to a user id posts to a DM channel "D" + the id without its first letter. Interactive
// payloads are never redelivered, as in Slack, and an ack arriving after Send gave up is
// only logged. The state of a view is rebuilt on each SubmitView from the given values;
// block_actions payloads carry an empty state.
package fakeslack
