// Package plan is planbot's domain: the nine steps of the social media
// method, their validation, scheduling rules and statistics. It imports only
// the standard library: no Slack, no SQL, and it never reads the clock; rules
// take now as an argument.
//
// Glossary:
//   - Plan: the plan of one Slack channel, with its time zone and language.
//   - Goal (step 1): a measurable outcome; SMART when it has a metric, a
//     target different from its baseline, and a deadline.
//   - Error: the one error type, with codes EINVALID, ENOTFOUND, EFORBIDDEN,
//     ECONFLICT and EINTERNAL; FieldErrors carries every invalid form field.
package plan
