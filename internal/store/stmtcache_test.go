package store

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

func (c *stmtCache) size() (prepared, pending int) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m), len(c.pending)
}

func TestStmtCachePreparesReadsAndWritesOnSQLite(t *testing.T) {
	db := mustOpen(t, DialectSQLite)
	f := mustFixture(t, db)
	for range 2 {
		if _, err := db.GetPeriod(ctx, f.org.ID, f.period.ID); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := db.rStmts.size(); n == 0 {
		t.Error("reads prepared no statement")
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		n, pending := db.wStmts.size()
		if n > 0 && pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("writer statements: %d prepared, %d pending after 5 s; want the queued ones prepared", n, pending)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Concurrent transactions that each use statements the cache has not
	// prepared yet must neither deadlock on the single writer connection nor
	// fail.
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := db.CreateObjective(ctx, f.sys, okr.Objective{PeriodID: f.period.ID, Title: fmt.Sprintf("Mål %d", i), Owner: okr.Owner{UnitID: &f.team.ID}})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent CreateObjective: %v", err)
		}
	}
	objs, _, err := db.ListObjectives(ctx, f.org.ID, ObjectiveFilter{})
	if err != nil || len(objs) != 16 {
		t.Errorf("ListObjectives: %d objectives, %v; want 16", len(objs), err)
	}
}

func TestNoStmtCacheOnPostgres(t *testing.T) {
	if pg := mustOpen(t, DialectPostgres); pg.rStmts != nil || pg.wStmts != nil {
		t.Error("PostgreSQL has statement caches; pgx caches prepared statements itself")
	}
}
