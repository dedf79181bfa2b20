package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log"
	"net/url"
	"time"

	"github.com/planbot/planbot/storage"
)

// openStore opens db, a SQLite path (read-only) or a PostgreSQL URL, for
// the harness's own queries. Queries must bind no parameter: the two
// drivers write placeholders differently.
func openStore(db string) (*sql.DB, error) {
	if storage.IsPostgres(db) {
		return sql.Open("pgx", db)
	}
	return sql.Open("sqlite3", "file:"+db+"?mode=ro&_busy_timeout=5000")
}

// createDatabase creates an empty database on the PostgreSQL server of
// serverURL and returns its URL and a function that drops it.
func createDatabase(ctx context.Context, serverURL string) (string, func(), error) {
	admin, err := sql.Open("pgx", serverURL)
	if err != nil {
		return "", nil, err
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "planbench_" + hex.EncodeToString(b)
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(cctx, `CREATE DATABASE `+name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create database on %s: %w", storage.Redact(serverURL), err)
	}
	u, err := url.Parse(serverURL)
	if err != nil {
		admin.Close()
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		defer admin.Close()
		dctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(dctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			log.Printf("drop database %s: %v", name, err)
		}
	}
	return u.String(), drop, nil
}
