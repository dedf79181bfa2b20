package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/planbot/planbot/internal/fixture"
	"github.com/planbot/planbot/storage"
)

// fixtureFlag asks planbench to seed a database with the scale fixture
// (internal/fixture) instead of measuring.
var fixtureFlag = flag.String("fixture", "", "seed a database with issue 14's scale fixture instead of measuring: "+
	"big (the full one), small (1/50 of it) or a scale factor such as 0.1; "+
	"the database is PLANBOT_DB (a SQLite path or a postgres:// URL), or a new file in a temporary directory")

// fixtureSize reads the -fixture flag.
func fixtureSize(name string) (fixture.Size, error) {
	switch name {
	case "big":
		return fixture.Big, nil
	case "small":
		return fixture.Big.Scale(1.0 / 50), nil
	}
	f, err := strconv.ParseFloat(name, 64)
	if err != nil || f <= 0 || f > 1 {
		return fixture.Size{}, fmt.Errorf("bad -fixture %q: big, small or a scale factor in (0, 1]", name)
	}
	return fixture.Big.Scale(f), nil
}

// runFixture seeds the database of PLANBOT_DB, or a new SQLite file, with
// the fixture named by the -fixture flag, and says how to serve it.
//
// A SQLite file is written with synchronous=OFF: the fixture is rebuilt,
// not recovered, if the machine fails during the build, and a durable
// commit per row would spend most of the build in fsync. It is then
// checkpointed and closed, and opens as any database would.
func runFixture(ctx context.Context, name string) error {
	size, err := fixtureSize(name)
	if err != nil {
		return err
	}
	dsn := os.Getenv("PLANBOT_DB")
	if dsn == "" {
		dir, err := os.MkdirTemp("", "planbot-fixture-")
		if err != nil {
			return err
		}
		dsn = filepath.Join(dir, "planbot.db")
	}
	db := storage.NewDB(dsn)
	if db.Backend() == storage.SQLite {
		db.DSN = strings.Replace(db.DSN, "_synchronous=FULL", "_synchronous=OFF", 1)
	}
	if err := db.Open(); err != nil {
		return err
	}
	defer db.Close()
	if plans, err := storage.NewPlanService(db).ListPlans(ctx, fixture.TeamID); err != nil {
		return err
	} else if len(plans) > 0 {
		return fmt.Errorf("%s already holds %d plans of the fixture's team %s: seed a new database", storage.Redact(dsn), len(plans), fixture.TeamID)
	}
	log.Printf("seeding %s with the %s fixture: %+v", storage.Redact(dsn), name, size)
	fx, err := fixture.Build(ctx, db, fixture.Options{Size: size})
	if err != nil {
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	fmt.Printf("seeded %s in %s: the big plan is plan %d (channel %s of team %s, %d plans in all, owned by %s); its present is %s\n",
		storage.Redact(dsn), fx.Took.Round(time.Millisecond), fx.PlanID, fixture.ChannelID, fixture.TeamID, len(fx.Plans),
		fixture.HomeUser, fx.Now.Format(time.RFC3339))
	for _, s := range fx.Steps {
		fmt.Printf("  %-16s %s\n", s.What, s.Took.Round(time.Millisecond))
	}
	if db.Backend() == storage.SQLite {
		fmt.Printf("serve it with: PLANBOT_DB=%q go run ./cmd/planbot run\n", dsn)
	}
	return nil
}
