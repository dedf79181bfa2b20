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
//     Its WorkingHours (days, hours, holidays) are when reply targets and
//     digests count time.
//   - Number: a number as a person types it, read by ParseNumberLocale in
//     their NumberLocale (20,000 in English, 20 000 in French); what the
//     convention leaves ambiguous is refused with both readings. A CSV
//     column is read as a whole (DetectNumberColumn).
//   - Goal (step 1): a measurable outcome; SMART when it has a metric, a
//     target different from its baseline, and a deadline. Its KPIType
//     says which way the KPI should go (Direction) and how its values
//     combine (Aggregation: level, rate, cost, flow per period,
//     cumulative); EvaluateKPI judges it at today.
//   - Persona (step 2): who the plan speaks to, and the Networks where they are.
//   - Strategy, Pillar (step 3): voice and tone, and the themes content is
//     about; ContentItem: one post in the content plan, with its Review.
//   - CTA (step 4): what a reader should do, tied to a goal, with a UTM
//     link whose values are frozen when first shown (UTM, FreezeUTM).
//   - Channel (step 5): a Network chosen for the plan, its role, cadence
//     and ChannelStatus (active, reduced or stopped); FitMatrix crosses
//     personas with chosen networks, a stopped one reaching no one.
//   - Experiment (step 6): one variable, variants, a metric; its design is
//     locked once it starts (Restart keeps the ExperimentRun before);
//     results are recorded once and corrected by new ResultRecords; Judge
//     gives the verdict at the end date (Welch's t-test on posts, Fisher's
//     exact test, or the two-proportion z-test).
//   - EngagementItem (step 7): a follower waiting for a reply, with an owner
//     and a due time counted from the follower's message (ReceivedAt) in
//     working time; reply times give the median and 90th percentile.
//   - Metric, Observation (step 8): what is counted (a goal's KPI, or
//     mentions, clicks...) and a value of it at a date, from a form, a CSV
//     paste or a logged mention; Pace compares the KPI's value with the
//     straight line from baseline to target by the deadline, at today.
//     Evidence (step 9) signs each network's, pillar's and CTA's figures
//     by the KPI's direction and divides them by the posts published.
//   - Decision (step 9): do more, keep, do less, stop or try, about a
//     network, pillar or CTA, with a rationale and evidence; the holistic
//     matrix crosses networks with goal kinds to find unexpected strengths.
//   - Rule: when a reminder fires, in a plan's IANA zone, DST included.
//     Reminder: a Rule about a subject; Delivery: one occurrence of it,
//     claimed before it is sent so it is posted once; Notice, Receipt and
//     DeliveryError: what the scheduler (remind.Scheduler, outside plan)
//     hands to the bot for one delivery and what it hears back.
//   - PendingEvent: a Slack event one process claimed and did not finish
//     handling, which another takes over (the bot's event inbox).
//   - Error: the one error type, with codes EINVALID, ENOTFOUND, EFORBIDDEN,
//     ECONFLICT and EINTERNAL; FieldErrors carries every invalid form field.
package plan
