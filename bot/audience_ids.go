package bot

// IDs of step 2. Block IDs of input blocks are exported for the
// end-to-end tests that fill the forms.

// Callback IDs of the views of step 2.
const (
	CallbackPersona      = "persona_modal"
	CallbackPersonasList = "personas_list"
)

// Action IDs of the personas list.
const (
	ActionPersonaAdd    = "persona_add"    // value: plan ID
	ActionPersonaEdit   = "persona_edit"   // value: persona ID
	ActionPersonaDelete = "persona_delete" // value: persona ID
)

// Block IDs of the persona form; each input's element has the action ID
// ActionInput.
const (
	BlockPersonaName      = "persona_name"
	BlockPersonaWho       = "persona_who"
	BlockPersonaInterests = "persona_interests"
	BlockPersonaExcites   = "persona_excites"
	BlockPersonaNetworks  = "persona_networks"
	BlockPersonaNotes     = "persona_notes"
)

// personaFieldBlocks maps plan.Persona field names to their input blocks.
var personaFieldBlocks = map[string]string{
	"name":      BlockPersonaName,
	"who":       BlockPersonaWho,
	"interests": BlockPersonaInterests,
	"excites":   BlockPersonaExcites,
	"networks":  BlockPersonaNetworks,
	"notes":     BlockPersonaNotes,
}
