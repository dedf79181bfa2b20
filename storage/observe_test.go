package storage_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// TestDB_Observe checks the transaction hook that metrics use: each
// transaction is reported once, as a read or a write, with how it ended.
func TestDB_Observe(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		type seen struct {
			readOnly bool
			outcome  string
		}
		var (
			mu   sync.Mutex
			got  []seen
			took []time.Duration
		)
		db := storage.NewDB(backend.DSN(t))
		db.Now = func() time.Time { return fixedNow }
		db.Observe = func(readOnly bool, outcome string, d time.Duration) {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, seen{readOnly, outcome})
			took = append(took, d)
		}
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
		defer MustClose(t, db)
		mu.Lock()
		got, took = nil, nil // the migrations' transactions are not of interest
		mu.Unlock()

		s := storage.NewHomeService(db)
		if err := s.RecordHome(ctx, "U1", "h", "sha"); err != nil { // a write that commits
			t.Fatal(err)
		}
		if _, _, err := s.LastHome(ctx, "U1"); err != nil { // a read, rolled back
			t.Fatal(err)
		}
		tx, err := db.BeginTx(ctx, nil) // a write abandoned
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if err := tx.Rollback(); err == nil { // a second rollback fails, and is not reported again
			t.Fatal("second rollback succeeded")
		}

		want := []seen{{false, "commit"}, {true, "rollback"}, {false, "rollback"}}
		mu.Lock()
		defer mu.Unlock()
		if len(got) != len(want) {
			t.Fatalf("observed %v, want %v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("transaction %d: observed %v, want %v", i, got[i], want[i])
			}
			if took[i] <= 0 {
				t.Errorf("transaction %d took %v", i, took[i])
			}
		}
		if err := db.Ping(ctx); err != nil {
			t.Errorf("Ping: %v", err)
		}
	})
}
