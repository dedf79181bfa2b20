package bot

import (
	"testing"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// TestFormFields checks that every block a form's field map names is an
// input block of the form, so a field error never goes to a block Slack
// does not know.
func TestFormFields(t *testing.T) {
	personas := []*plan.Persona{testPersona(1, "Sophie")}
	settings := settingsModal(EN, &plan.Plan{ID: 1, ChannelID: "C1", TimeZone: "UTC", Language: "en"}, "UTC", stepsMeta)
	settings.Blocks.BlockSet = append(settings.Blocks.BlockSet, reviewScheduleBlocks(EN, plan.DefaultReviewSchedule)...)
	for _, tt := range []struct {
		name   string
		form   slack.ModalViewRequest
		fields map[string]string
	}{
		{"Goal", goalModal(EN, testGoal(), stepsMeta), goalFieldBlocks},
		{"Persona", personaModal(EN, testPersona(1, "Sophie"), stepsMeta), personaFieldBlocks},
		{"CTA", ctaModal(EN, testCTA(), testGoals(), stepsMeta), ctaFieldBlocks},
		{"Channel", channelModal(EN, &plan.Channel{}, personas, stepsMeta), channelFieldBlocks},
		{"Strategy", strategyModal(EN, &plan.Strategy{}, stepsMeta), strategyFieldBlocks},
		{"Pillar", pillarModal(EN, &plan.Pillar{}, personas, stepsMeta), pillarFieldBlocks},
		{"Content", contentItemModal(EN, testItem(1), testRefs(), stepsMeta, stepsParis), contentFieldBlocks},
		{"Experiment", experimentModal(EN, fixtureExperiment(), stepsMeta), experimentFieldBlocks},
		{"Engagement", engagementModal(EN, fixtureItem(), nil, stepsMeta), engagementFieldBlocks},
		{"Settings", settings, settingsFieldBlocks},
	} {
		t.Run(tt.name, func(t *testing.T) {
			inputs := map[string]bool{}
			for _, b := range tt.form.Blocks.BlockSet {
				if in, ok := b.(*slack.InputBlock); ok {
					inputs[in.BlockID] = true
				}
			}
			if len(tt.fields) == 0 {
				t.Fatal("no fields")
			}
			for field, block := range tt.fields {
				if !inputs[block] {
					t.Errorf("field %s: the form has no input block %s", field, block)
				}
			}
		})
	}
}
