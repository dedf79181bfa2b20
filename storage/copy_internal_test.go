package storage

import (
	"io/fs"
	"regexp"
	"slices"
	"testing"
)

// TestCopyTables checks that Copy knows every table the migrations of
// either backend create, in the order they create them, which is an order
// their foreign keys allow inserting in.
func TestCopyTables(t *testing.T) {
	create := regexp.MustCompile(`(?m)^CREATE TABLE (\w+)`)
	for _, backend := range []string{SQLite, Postgres} {
		names, err := migrationNames(backend)
		if err != nil {
			t.Fatal(err)
		}
		var tables []string
		for _, name := range names {
			buf, err := fs.ReadFile(Migrations(backend), name)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range create.FindAllStringSubmatch(string(buf), -1) {
				tables = append(tables, m[1])
			}
		}
		if !slices.Equal(tables, copyTables) {
			t.Errorf("%s migrations create %v, Copy copies %v", backend, tables, copyTables)
		}
	}
}
