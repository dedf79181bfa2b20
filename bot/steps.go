package bot

import "strings"

// step is a /plan subcommand: one of the nine steps of the method, or a
// utility command. A step with no open route is not offered yet;
// the help says so instead of failing.
type step struct {
	Command string   // English name, also the value of ActionOpenStep
	Aliases []string // French and other names, accent-free lowercase
	Method  bool     // one of the nine steps, listed in the help
}

// steps lists the subcommands in the order of the method.
var steps = []step{
	{Command: "goals", Aliases: []string{"goal", "objectifs", "objectif"}, Method: true},
	{Command: "audience", Aliases: []string{"public", "personas"}, Method: true},
	{Command: "content", Aliases: []string{"contenu"}, Method: true},
	{Command: "cta", Aliases: []string{"appel", "appels"}, Method: true},
	{Command: "channels", Aliases: []string{"networks", "outils", "reseaux"}, Method: true},
	{Command: "experiment", Aliases: []string{"experiments", "experience", "experiences"}, Method: true},
	{Command: "engage", Aliases: []string{"engager"}, Method: true},
	{Command: "measure", Aliases: []string{"mesurer"}, Method: true},
	{Command: "review", Aliases: []string{"adapter", "adapt"}, Method: true},
	{Command: "status", Aliases: []string{"statut", "etat"}},
	{Command: "export", Aliases: []string{"exporter"}},
	{Command: "settings", Aliases: []string{"reglages", "parametres"}},
	{Command: "help", Aliases: []string{"aide", "?"}},
}

var accentFolder = strings.NewReplacer("é", "e", "è", "e", "ê", "e", "É", "e", "à", "a", "â", "a", "ç", "c", "î", "i", "ô", "o", "û", "u", "ù", "u")

// lookupStep finds the step a user typed, in English or French, with or
// without accents and in any case.
func lookupStep(word string) (step, bool) {
	w := strings.ToLower(accentFolder.Replace(strings.TrimSpace(word)))
	for _, s := range steps {
		if w == s.Command {
			return s, true
		}
		for _, a := range s.Aliases {
			if w == a {
				return s, true
			}
		}
	}
	return step{}, false
}
