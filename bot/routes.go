package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"
)

// Handlers register themselves here, in the init function of their file,
// so each step of the method lives in its own files.
type (
	openFunc     func(b *Bot, ctx context.Context, src source)
	actionFunc   func(b *Bot, ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction)
	submitFunc   func(b *Bot, ctx context.Context, env *envelope, cb *slack.InteractionCallback)
	shortcutFunc func(b *Bot, ctx context.Context, cb *slack.InteractionCallback)
)

var (
	openRoutes     = map[string]openFunc{}     // by step command ("goals")
	actionRoutes   = map[string]actionFunc{}   // by action ID
	submitRoutes   = map[string]submitFunc{}   // by view callback ID
	shortcutRoutes = map[string]shortcutFunc{} // by shortcut callback ID
)

func register[F any](routes map[string]F, id string, fn F) {
	if _, dup := routes[id]; dup {
		panic(fmt.Sprintf("bot: route %q registered twice", id))
	}
	routes[id] = fn
}

// addMessages adds entries to the catalogue. Each step keeps its strings
// in its own file.
func addMessages(m map[string]message) {
	for k, v := range m {
		if _, dup := catalogue[k]; dup {
			panic(fmt.Sprintf("bot: catalogue key %q defined twice", k))
		}
		catalogue[k] = v
	}
}

// available reports whether a step can be opened in this version.
func (s step) available() bool {
	if s.Command == "help" {
		return true
	}
	_, ok := openRoutes[s.Command]
	return ok
}
