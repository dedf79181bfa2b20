package bot

// IDs of step 2. Block IDs of input blocks are exported for the
// end-to-end tests that fill the forms.

// Callback IDs of the form and the list of step 2, and action IDs of the
// list's buttons, whose value is the persona's ID (the plan's for Add).
const (
	CallbackPersona      = "persona_modal"
	CallbackPersonasList = "personas_list"
	ActionPersonaAdd     = "persona_add"
	ActionPersonaEdit    = "persona_edit"
	ActionPersonaDelete  = "persona_delete"
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

// personaFieldBlocks maps plan.Persona field names to the input blocks of its form.
var personaFieldBlocks = formFields("persona_", "name", "who", "interests", "excites", "networks", "notes")
