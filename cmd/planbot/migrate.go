package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/planbot/planbot/storage"
)

const migrateUsage = `Usage: planbot migrate --from planbot.db --to postgres://...

Copies a SQLite plan database into an empty PostgreSQL database, in one
transaction, keeping every ID, so that several planbot processes can share
it (see "When one machine is not enough" in the README). Stop planbot
first: what it writes during the copy is not copied.

The SQLite file gets the migrations of this planbot first, as planbot run
would apply them; the PostgreSQL database gets its tables. The copy is
refused if any of its tables has a row. Every table is counted on both
sides before the copy commits: on any difference nothing is committed and
the command exits with status 1.

Flags:
`

// runMigrate is the migrate command. It returns the exit status: 0 when
// the copy committed with equal counts, 1 when it failed, 2 for bad flags.
func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, migrateUsage)
		fs.PrintDefaults()
	}
	from := fs.String("from", "", "the SQLite plan database to copy: a file path or sqlite://path")
	to := fs.String("to", "", "the empty PostgreSQL database to copy into: a postgres:// URL")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	var problems []string
	switch {
	case fs.NArg() > 0:
		problems = append(problems, fmt.Sprintf("unexpected arguments %q", fs.Args()))
	case *from == "":
		problems = append(problems, "--from is missing: the SQLite file to copy")
	case storage.IsPostgres(*from):
		problems = append(problems, "--from must be a SQLite file; to copy between PostgreSQL databases use pg_dump")
	}
	if path := strings.TrimPrefix(*from, "sqlite://"); *from != "" && !storage.IsPostgres(*from) {
		// Opening a missing file would create an empty database.
		if _, err := os.Stat(path); err != nil {
			problems = append(problems, fmt.Sprintf("--from %s: %v", path, err))
		}
	}
	if !storage.IsPostgres(*to) {
		problems = append(problems, "--to must be a postgres:// URL")
	}
	if len(problems) > 0 {
		fmt.Fprintf(stderr, "planbot migrate: %s\n\n", strings.Join(problems, "; "))
		fs.Usage()
		return 2
	}

	counts, err := migrate(ctx, *from, *to)
	if len(counts) > 0 {
		printCounts(stdout, counts)
	}
	if err != nil {
		fmt.Fprintf(stderr, "planbot migrate: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "copied %s to %s\n", *from, storage.Redact(*to))
	return 0
}

// migrate opens both databases, which applies their migrations, and
// copies from into to.
func migrate(ctx context.Context, from, to string) ([]storage.TableCount, error) {
	src := storage.NewDB(from)
	if err := src.Open(); err != nil {
		return nil, fmt.Errorf("open %s: %w", from, err)
	}
	defer src.Close()
	dst := storage.NewDB(to)
	if err := dst.Open(); err != nil {
		return nil, fmt.Errorf("open %s: %w", storage.Redact(to), err)
	}
	defer dst.Close()
	return storage.Copy(ctx, src, dst)
}

// printCounts writes the rows of each table in the source and the target.
func printCounts(w io.Writer, counts []storage.TableCount) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "table\tsource\ttarget")
	var src, dst int64
	for _, c := range counts {
		fmt.Fprintf(tw, "%s\t%d\t%d\n", c.Table, c.Source, c.Target)
		src, dst = src+c.Source, dst+c.Target
	}
	fmt.Fprintf(tw, "total\t%d\t%d\n", src, dst)
	tw.Flush()
}
