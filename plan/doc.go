// Package plan is planbot's domain: the nine steps of the social media
// method, their validation, scheduling rules and statistics. It imports only
// the standard library: no Slack, no SQL, no goroutine, and it never reads
// the clock; rules take now as an argument. The runtime and the formats
// around it live in packages of their own: remind runs the reminders,
// markdown and csv write exports (ExportDoc is their data), chart draws
// KPI charts.
//
// Glossary:
//   - Plan: the plan of one Slack channel, with its time zone, language,
//     reply target and Owners. When a plan has owners, only they change the
//     owner-only Areas (goals, audience, strategy, CTAs, networks, settings);
//     services read the acting user from the context (NewContextWithUser).
//   - Goal (step 1): a measurable outcome; SMART when it has a metric, a
//     target different from its baseline, and a deadline.
//   - Persona (step 2): who the plan speaks to, and the Networks where they are.
//   - Strategy, Pillar (step 3): voice and tone, and the themes content is
//     about; ContentItem: one post in the content plan, with its Review.
//   - CTA (step 4): what a reader should do, tied to a goal, with a UTM link.
//   - Channel (step 5): a Network chosen for the plan, its role, cadence
//     and ChannelStatus (active, reduced or stopped); FitMatrix crosses
//     personas with chosen networks, a stopped one reaching no one.
//   - Experiment (step 6): one variable, variants, a metric; its verdict is
//     a two-proportion z-test (TwoProportionZTest, Judge).
//   - EngagementItem (step 7): a follower waiting for a reply, with an owner
//     and a due time; reply times give the median and 90th percentile.
//   - Metric, Observation (step 8): what is counted (a goal's KPI, or
//     mentions, clicks...) and a value of it at a date, from a form, a CSV
//     paste or a logged mention; Pace compares the latest value with the
//     straight line from baseline to target by the deadline.
//   - Decision (step 9): do more, keep, do less, stop or try, about a
//     network, pillar or CTA, with a rationale and evidence; the holistic
//     matrix crosses networks with goal kinds to find unexpected strengths.
//   - Rule: when a reminder fires, in a plan's IANA zone, DST included.
//     Reminder: a Rule about a subject; Delivery: one occurrence of it,
//     claimed before it is sent so it is posted once; Notice, Receipt and
//     DeliveryError: what the scheduler (remind.Scheduler, outside plan)
//     hands to the bot for one delivery and what it hears back.
//   - Error: the one error type, with codes EINVALID, ENOTFOUND, EFORBIDDEN,
//     ECONFLICT and EINTERNAL; FieldErrors carries every invalid form field.
package plan
