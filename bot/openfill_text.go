package bot

// loadingStrings are the strings of the light modal a slow screen opens
// first (openfill.go).
var loadingStrings = map[string]message{
	"loading.reading":     {"Reading the plan… this takes a few seconds on a big plan.", "Lecture du plan… quelques secondes si le plan est volumineux."},
	"loading.failed_hint": {"Close this window and run the command again; nothing was changed.", "Fermez cette fenêtre et relancez la commande\u202f; rien n'a été modifié."},
}
