package bot

import (
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

func TestSettingsModal(t *testing.T) {
	p := &plan.Plan{ID: 1, ChannelID: "C1", Name: "Acme", TimeZone: "Europe/Paris", Language: "fr", ReplyTarget: 90 * time.Minute, Owners: []string{"U0OWNER"},
		WorkingHours: plan.WorkingHours{Days: plan.DefaultWorkingHours.Days, Start: 8*60 + 30, End: 17*60 + 30,
			Holidays: []time.Time{time.Date(2026, 12, 25, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}}}
	for _, lang := range []Lang{EN, FR} {
		t.Run(string(lang), func(t *testing.T) {
			v := settingsModal(lang, p, "America/Guayaquil", stepsMeta)
			raw := golden(t, "settings_modal_"+string(lang), v)
			checkModalLimits(t, v)
			checkStepLimits(t, v, 100)
			mustHave(t, string(raw), `"initial_value": "1.5"`, `"initial_users": [`, "America/Guayaquil", `"value": "Europe/Paris"`,
				`"initial_time": "08:30"`, `"initial_time": "17:30"`, `"initial_value": "2026-12-25\n2027-01-01"`)
		})
	}
	if z := zoneOptions("Europe/Paris", "Europe/Paris"); len(z) > 100 || z[0] != "Europe/Paris" || z[1] == "Europe/Paris" {
		t.Errorf("zone options start %v, %d in all", z[:2], len(z))
	}
	for _, z := range commonZones {
		if _, err := time.LoadLocation(z); err != nil {
			t.Errorf("zone %q: %v", z, err)
		}
	}
}
