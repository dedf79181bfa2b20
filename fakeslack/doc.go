// Package fakeslack is a local fake of Slack for end-to-end tests: a subset of the Web
// API over HTTP and Socket Mode over WebSocket, on 127.0.0.1, good enough for a real,
// unmodified slack-go client configured with slack.OptionAPIURL(server.APIURL()) and a
// socketmode.Client.
//
// # What is faked
//
// Web API: auth.test, apps.connections.open (app-level "xapp-" token), chat.postMessage,
// chat.postEphemeral, chat.update, chat.delete, chat.getPermalink, conversations.info,
// conversations.members, conversations.history, conversations.replies,
// users.conversations, users.info, reactions.add, views.open, views.push, views.update,
// views.publish, files.getUploadURLExternal, files.completeUploadExternal, files.info,
// plus the upload_url (recorded as method "upload"), the response_url of payloads
// (method "response_url") and the files' url_private and url_private_download (method
// "download"). Other methods answer {"ok":false,"error":"unknown_method"}. Every method
// but apps.connections.open needs a "xoxb-" token; RejectToken makes one answer
// invalid_auth (or token_revoked) everywhere, auth.test included. Every call, failed or
// not, is recorded (Calls, WaitCall, Subscribe).
//
// Messages: chat.postMessage and chat.update keep message metadata ({event_type,
// event_payload}); conversations.history answers newest first, with limit, oldest,
// latest, inclusive and a cursor, and shows metadata only with include_all_metadata, as
// Slack does. Replies (thread_ts) join their parent's thread, show in
// conversations.replies and, with reply_broadcast, in the channel; parents carry
// reply_count. reactions.add records the bot's reaction. Ephemeral messages are never in
// history. The bot may not edit or delete a member's message.
//
// Channels and members: AddChannel (with Members and IsPrivate), AddMembers,
// RemoveMembers, DMChannel; conversations.members and users.conversations page their
// answers; a private channel without the bot is channel_not_found to it, as in Slack.
// The test plays members: PostAsUser posts a member's message (typed text escaped as
// Slack does), UploadFile shares a member's file (a file_share message with the file
// attached, as history, message events and shortcut payloads show it).
//
// Files: the bot's uploads (files upload v2) and the members' are listed by Files,
// described by files.info, and served at url_private_download only to a request with a
// valid bot token that may read the file (Authorization: Bearer xoxb-...); any other
// request is redirected to an HTML sign-in page answered 200, as files.slack.com does.
//
// Socket Mode: a hello on connect, a WebSocket PING every Options.PingInterval, several
// connections served round robin, disconnect/refresh (RequestRefresh) and abrupt drops
// (DropSockets, DropSocket). Connections are numbered from 1 in the order they connect;
// Deliveries tells which connection got which envelope, Ack.ConnID which one acked. A
// socket asked to disconnect gets no more envelopes (Slack stops routing to it, and
// slack-go closes it at once). The test plays the user: SlashCommand, ClickButton,
// SubmitView, CloseView, MessageShortcut, SendEvent and SendMessageEvent build payloads
// shaped like Slack's and wait for the bot's ack, whichever connection it arrives on.
//
// Slack contracts kept: trigger ids are single use and expire after 3 s
// (Options.TriggerTTL); a modal stack holds at most 3 views; views.update honours hash;
// message ts are unique and increasing; view submissions acked empty close the view, and
// response_action update/push/clear/errors act on the stack as in Slack; an events_api
// envelope not acked within Options.AckTimeout is redelivered with a new envelope id and
// retry_attempt+1 (reason "timeout"), at most 3 times, and events sent while no socket is
// connected arrive as retries.
//
// # Limits Slack enforces, enforced here
//
// Every view (views.open/push/update/publish and the view of a view_submission ack) and
// every message (chat.postMessage, chat.update, chat.postEphemeral,
// files.completeUploadExternal, response_url, and the message of a slash command ack) is
// checked against Block Kit's limits: 50 blocks per message, 100 per modal or Home;
// modal title, submit and close 24 characters (a modal with inputs needs submit);
// private_metadata 3,000; section text 3,000, 10 fields of 2,000; header 150; 10 context
// elements; 25 elements per actions block; button text 75, value 2,000, url 3,000;
// confirmation dialog title 100, text 300, confirm and deny 30; option text 75, value
// 150, description 75; 100 options or option groups per select, 5 per overflow, 10 per
// checkboxes or radio buttons; input label and hint 2,000, placeholder 150; image alt
// text present and at most 2,000; block_id unique within the message or view, action_id
// unique within its block, both at most 255; no empty text. Characters, not bytes, are
// counted. Errors of a view_submission ack must name input blocks of the view.
//
// A breach is answered as Slack answers it ({"ok":false,"error":"invalid_blocks",...}
// for messages, invalid_arguments with response_metadata for views, HTTP 400 for a
// response_url; an ack is not applied), recorded (Breaches) and passed to
// Options.OnBreach, which a test harness sets to t.Errorf so that a breach fails the
// test even when the bot only logs the error. CheckBlocks and CheckView run the same
// checks without a server.
//
// # Faults and time
//
// InjectFault makes the next calls to a method fail before they take effect (HTTP 5xx,
// 429 with Retry-After, a Slack error, a delay), or, with Fault.AfterEffect, take effect
// and then answer 5xx, a Slack error or late: the case a client that retries after a 5xx
// or a timeout must not double. Fault.Hang holds the answer until the client gives up
// (a timeout), before or after the effect; the call is recorded when it starts to hang.
// StartStorm answers 429 with Retry-After to every call to a method (and channel) for a
// span of the server's clock. Options.PostRateLimit limits chat.postMessage per channel
// (stricter than Slack, which allows short bursts).
//
// Options.Now is the server's clock (message ts, trigger expiry, rate limits, storms,
// Call.At): tests inject theirs and never sleep. Socket Mode pings and Options.AckTimeout
// run on real time.
//
// # Not faked
//
// Only one workspace (TeamID) and one bot (BotUserID). No rate limiting unless injected
// or turned on. Posting to a user id posts to the DM channel "D" + the id without its
// first letter. Interactive payloads are never redelivered, as in Slack, and an ack
// arriving after Send gave up is only logged. The state of a view is rebuilt on each
// SubmitView from the given values; block_actions payloads carry an empty state. Slack's
// reaction, member-joined and file events are not sent by themselves: SendEvent sends
// any event the test builds. Scopes are not checked.
package fakeslack
