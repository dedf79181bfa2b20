// Package templates holds example social media plans that a team starts
// from instead of an empty plan (issue 15, "the first hour"): steps 1 to 5
// of the method filled in for a kind of business, in every language the
// bot speaks. List offers them; Load turns one into plan entities, with its
// deadlines set from the day it is applied; Apply stores them through the
// plan services. The package imports plan and the standard library only.
//
// # Adding a template
//
// A template is two JSON files in data/, one per language, named
// <id>.<lang>.json (bakery.en.json, bakery.fr.json). One file per language
// lets a translator or a marketer read and write a whole plan in their own
// language, as they would a message file; what the two files must share
// (kinds, numbers, offsets, networks, references) is checked by the
// package's tests, so they cannot drift apart. Copy an existing pair,
// change it, and run go test ./templates: the tests check that both
// languages exist with the same structure, that every entity passes its
// Validate, that references resolve, and the French typography (a narrow
// no-break space, U+202F, before : ; ! ? and inside « », and between
// thousands).
//
// # File format
//
// Unknown keys are refused, so a misspelt key is an error, not a silent
// default. Vocabularies are those of package plan.
//
//	{
//	  "order": 1,                       // position in List, the same in every language
//	  "name": "Neighbourhood bakery",   // shown in the template picker
//	  "description": "One sentence on who it suits.",
//	  "goals": [{                        // step 1, 2 to 4 goals
//	    "ref": "preorders",             // language-neutral name other entries refer to
//	    "kind": "sales",                // plan.GoalKind
//	    "statement": "…",               // plan.Goal.Title
//	    "kpi": {
//	      "metric": "weekend pre-orders",
//	      "baseline": 15, "target": 40, "unit": "orders a week",
//	      "deadline": "+3 months",      // from the day the template is applied
//	      "direction": "increase",      // optional, see below
//	      "aggregation": "flow",        // optional, see below
//	      "period": "week"              // optional, with "flow" only
//	    },
//	    "learn": "…"                    // what the team wants to learn
//	  }],
//	  "personas": [{                     // step 2
//	    "ref": "parent", "name": "…", "who": "…", "interests": "…",
//	    "excites": "…", "networks": ["facebook", "instagram"], "notes": "…"
//	  }],
//	  "strategy": {"voice": "…", "tone": "…"},            // step 3
//	  "pillars": [{"name": "…", "description": "…",       // step 3
//	               "personas": ["parent"]}],               // persona refs
//	  "ctas": [{"kind": "online_sale", "text": "…",        // step 4, plan.CTAKind
//	            "url": "https://example.com/…",            // a placeholder the team edits
//	            "goal": "preorders", "network": "instagram"}],
//	  "channels": [{"network": "instagram", "role": "awareness", // step 5
//	                "why": "…", "personas": ["parent"],
//	                "cadence": "1 post a day", "constraints": "…"}]
//	}
//
// A deadline is "+N days", "+N weeks", "+N months" or "+N years"
// (singular too), with N from 1 to 120. Months and years that end past the
// last day of a month stop on that last day: "+6 months" from 31 August is
// the last day of February.
//
// URLs are placeholders on example.com (RFC 2606) and telephone numbers
// are from ranges reserved for fiction, so nothing a template suggests
// reaches a real business before the team edits it.
//
// # KPI type (optional)
//
// Issue 11 gives each KPI a direction and a way its values combine:
//
//   - direction: "increase", "decrease", "stay_above" or "stay_below"
//     (a range, "within", needs two bounds and is not offered yet);
//   - aggregation: "level" (the value on a day, such as followers),
//     "rate" (a rate or an average, never summed: engagement rate, reply
//     time), "cost" (cost per lead, never summed) or "flow" (counted per
//     period, such as leads a month);
//   - period: "week" or "month", required with "flow" and refused
//     otherwise;
//   - count: true for a level whose networks add up (followers,
//     subscribers), with "level" only.
//
// Load maps them to plan.KPIType (Goal.Goal.KPI, see KPIType.Plan), which
// storage keeps with the goal: a missing direction follows baseline and
// target, a missing aggregation is a level. A goal without any of them
// reads as plan.DefaultKPIType says.
package templates
