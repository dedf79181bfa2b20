package bot

// calendarStrings are the strings of /plan calendar (issue 17).
var calendarStrings = map[string]message{
	"calendar.head":                  {"Content calendar, %s to %s", "Calendrier éditorial, du %s au %s"},
	"calendar.usage":                 {"Usage: `/plan calendar [week|next week|month|next month|2026-W49|december]`.", "Utilisation\u202f: `/plan calendrier [semaine|semaine prochaine|mois|mois prochain|2026-W49|décembre]`."},
	"calendar.bad_span":              {"I cannot read %s as a week or a month.", "Je ne reconnais ni semaine ni mois dans %s."},
	"calendar.gaps":                  {":warning: *Off cadence*", ":warning: *Hors du rythme prévu*"},
	"calendar.cadence.below":         {"%[2]s, %[3]s: %[1]d posts planned, below its cadence of %[4]s.", "%[2]s, %[3]s\u202f: %[1]d publications prévues, sous le rythme de %[4]s."},
	"calendar.cadence.below.one":     {"%[2]s, %[3]s: %[1]d post planned, below its cadence of %[4]s.", "%[2]s, %[3]s\u202f: %[1]d publication prévue, sous le rythme de %[4]s."},
	"calendar.cadence.above":         {"%[2]s, %[3]s: %[1]d posts planned, above its cadence of %[4]s.", "%[2]s, %[3]s\u202f: %[1]d publications prévues, au-dessus du rythme de %[4]s."},
	"calendar.cadence.above.one":     {"%[2]s, %[3]s: %[1]d post planned, above its cadence of %[4]s.", "%[2]s, %[3]s\u202f: %[1]d publication prévue, au-dessus du rythme de %[4]s."},
	"calendar.cadence.within":        {"%[2]s, %[3]s: %[1]d posts planned, within its cadence of %[4]s.", "%[2]s, %[3]s\u202f: %[1]d publications prévues, dans le rythme de %[4]s."},
	"calendar.cadence.within.one":    {"%[2]s, %[3]s: %[1]d post planned, within its cadence of %[4]s.", "%[2]s, %[3]s\u202f: %[1]d publication prévue, dans le rythme de %[4]s."},
	"calendar.cadence.unchecked":     {"%s: no cadence to check (set posts a week or a month in `/plan channels`).", "%s\u202f: aucun rythme à vérifier (indiquez des publications par semaine ou par mois dans `/plan reseaux`)."},
	"calendar.week":                  {"week %d (%s to %s)", "semaine %d (du %s au %s)"},
	"calendar.flags":                 {":mag: *To look at*", ":mag: *À vérifier*"},
	"calendar.flag":                  {"%s, *%s*: %s", "%s, *%s*\u202f: %s"},
	"calendar.flag.stopped_network":  {"%s is stopped", "%s est arrêté"},
	"calendar.flag.unchosen_network": {"%s was never chosen", "%s n'a jamais été choisi"},
	"calendar.flag.no_pillar":        {"no pillar", "sans pilier"},
	"calendar.flag.no_cta":           {"no call to action", "sans appel à l'action"},
	"calendar.more":                  {"… and %d more.", "… et %d de plus."},
	"home.gaps":                      {":calendar: Below cadence this week: %s", ":calendar: Sous le rythme cette semaine\u202f: %s"},
	"home.gap":                       {"%s %d of %s", "%s %d pour %s"},
	"home.command.calendar":          {"Calendar", "Calendrier"},
}
