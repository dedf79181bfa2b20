package storage_test

import (
	"context"
	"flag"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/fixture"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
)

// fixtureScale is the scale of the fixture the Fixture benchmarks read:
// 1 is issue 14's big one (about half a minute to build; set
// PLANBOT_FIXTURE_DB to a database seeded by planbench -fixture big to
// build it once for many runs).
var fixtureScale = flag.Float64("fixture.scale", 1, "scale of the fixture of the BenchmarkFixture benchmarks (1: the big one)")

// BenchmarkFixtureReads measures the reads the screens do on the big
// plan of the scale fixture (internal/fixture): the plan's snapshot
// (/plan status, review, export), the Home of a user in every plan of the
// workspace, and results by metric and window (the measure screens).
// The fixture is built once, then each read is a sub-benchmark.
func BenchmarkFixtureReads(b *testing.B) {
	ctx := context.Background()
	db, fx := fixture.Open(b, fixture.Big.Scale(*fixtureScale))
	snaps := storage.NewSnapshotService(db)
	metrics := storage.NewMetricService(db)

	b.Run("PlanSnapshot", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := snaps.PlanSnapshot(ctx, fx.PlanID); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The Home of the user who owns every plan, with the bot's limits
	// (bot/home.go): ten plans read in full, the big one among them.
	b.Run("HomeSnapshot", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			h, err := snaps.HomeSnapshot(ctx, plan.HomeFilter{TeamID: fixture.TeamID, UserID: fixture.HomeUser,
				MaxPlans: 10, MaxItems: 10, MaxReplies: 50})
			if err != nil {
				b.Fatal(err)
			}
			if len(h.Mine) != len(fx.Plans) {
				b.Fatalf("Home sees %d plans of the user, want %d", len(h.Mine), len(fx.Plans))
			}
		}
	})
	// A user who takes part in no plan: the same team, none of it "mine".
	b.Run("HomeSnapshotNewUser", func(b *testing.B) {
		for b.Loop() {
			if _, err := snaps.HomeSnapshot(ctx, plan.HomeFilter{TeamID: fixture.TeamID, UserID: "UNOBODY01",
				MaxPlans: 10, MaxItems: 10, MaxReplies: 50}); err != nil {
				b.Fatal(err)
			}
		}
	})
	network := fx.Networks[0]
	for _, w := range []struct {
		name string
		days int
		net  *plan.Network
	}{
		{"Metric30d", 30, nil},
		{"Metric365d", 365, nil},
		{"MetricNetwork90d", 90, &network},
		{"MetricAll", 0, nil},
	} {
		b.Run("FindObservations/"+w.name, func(b *testing.B) {
			f := plan.ObservationFilter{PlanID: &fx.PlanID, Metric: fx.Metrics[len(fx.Metrics)/2], Network: w.net, Limit: 1000}
			if w.days > 0 {
				f.From, f.To = fx.Now.AddDate(0, 0, -w.days), fx.Now
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := metrics.FindObservations(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// Every result of the plan in the review's window, as a screen that
	// needs the latest results (not the snapshot's oldest) would read them.
	b.Run("FindObservations/Plan30d", func(b *testing.B) {
		f := plan.ObservationFilter{PlanID: &fx.PlanID, From: fx.Now.Add(-30 * 24 * time.Hour), To: fx.Now, Limit: 20000}
		for b.Loop() {
			if _, _, err := metrics.FindObservations(ctx, f); err != nil {
				b.Fatal(err)
			}
		}
	})
}
