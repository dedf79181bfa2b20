package bot

// shortcutsStrings are the strings the two message shortcuts share: the
// choice of a plan, and the mark a logged mention leaves on its message.
var shortcutsStrings = map[string]message{
	"shortcut.field.plan":      {"Plan", "Plan"},
	"shortcut.field.plan.hint": {"The plans of the channels you are in. planbot posts what it records in the plan's channel.", "Les plans des canaux dont vous êtes membre. planbot publie ce qu'il enregistre dans le canal du plan."},
	"shortcut.plan.invalid":    {"Choose one of the plans of your channels.", "Choisissez l'un des plans de vos canaux."},
	"shortcut.no_plan": {
		"None of the channels you are in has a plan yet, so this message has nowhere to go. Type `/plan` in your team's channel first: a shortcut never creates a plan.",
		"Aucun des canaux dont vous êtes membre n'a encore de plan\u202f: ce message n'a nulle part où aller. Tapez d'abord `/plan` dans le canal de votre équipe\u202f; un raccourci ne crée jamais de plan.",
	},
	"mention.logged_note": {":mega: Logged as a mention in <#%s> by %s.", ":mega: Comptée comme mention dans <#%s> par %s."},
}
