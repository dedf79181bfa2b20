package bot

// fitStrings are the lines of the fit matrix of step 5 (personas ×
// chosen networks) in words, beside the strings of channels_text.go.
var fitStrings = map[string]message{
	"fit.row.reached": {":white_check_mark: *%s*: %s", ":white_check_mark: *%s*\u202f: %s"},
	"fit.row.none":    {":warning: *%s*: no chosen network reaches them", ":warning: *%s*\u202f: aucun réseau choisi ne le touche"},
	"fit.row.stopped": {"chosen, but stopped: %s", "choisi mais à l'arrêt\u202f: %s"},
	"fit.row.online":  {"also online on %s, where nothing is planned for them", "présent aussi sur %s, où rien n'est prévu pour lui"},
}
