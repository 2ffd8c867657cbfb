package store

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/okr-dev/okr/internal/okr"
)

// clock is a settable clock for a test's database.
type clock struct{ us atomic.Int64 }

func (c *clock) now() time.Time          { return time.UnixMicro(c.us.Load()) }
func (c *clock) set(t time.Time)         { c.us.Store(t.UnixMicro()) }
func (c *clock) advance(d time.Duration) { c.us.Add(d.Microseconds()) }
func useClock(db *DB, start time.Time) *clock {
	c := &clock{}
	c.set(start)
	db.now = c.now
	return c
}

func TestTokens(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		clk := useClock(db, time.Now())
		plain, tk := must2(db.CreateToken(ctx, as(f.member), f.member.ID, "CI script"))(t)
		if !strings.HasPrefix(plain, "okr_") || len(plain) != 4+43 || tk.ID == 0 || tk.Name != "CI script" {
			t.Fatalf("CreateToken = %q, %+v, want okr_ and 43 base64url characters", plain, tk)
		}
		var stored string
		if err := db.r.QueryRow(db.rebind(`SELECT hash FROM tokens WHERE id = ?`), tk.ID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored == plain || strings.Contains(stored, plain[4:]) || stored != hashSecret(plain) {
			t.Fatalf("stored token = %q, want only the SHA-256 of the plaintext", stored)
		}
		_, _, err := db.CreateToken(ctx, as(f.member), f.other.ID, "not mine")
		wantCode(t, err, okr.EFORBIDDEN)
		must2(db.CreateToken(ctx, as(f.admin), f.other.ID, "for other"))(t)

		p, got := must2(db.Authenticate(ctx, plain))(t)
		if p.ID != f.member.ID || p.OrgID != f.org.ID || got.ID != tk.ID || got.LastUsed == nil {
			t.Fatalf("Authenticate = %+v, %+v, want the member and the token with LastUsed", p, got)
		}
		first := *got.LastUsed
		clk.advance(30 * time.Second)
		must2(db.Authenticate(ctx, plain))(t)
		list := must(db.ListTokens(ctx, f.org.ID, f.member.ID))(t)
		if len(list) != 1 || !list[0].LastUsed.Equal(first) {
			t.Fatalf("LastUsed after a use 30 s later = %v, want unchanged %v", list[0].LastUsed, first)
		}
		clk.advance(31 * time.Second)
		must2(db.Authenticate(ctx, plain))(t)
		list = must(db.ListTokens(ctx, f.org.ID, f.member.ID))(t)
		if !list[0].LastUsed.After(first) {
			t.Fatalf("LastUsed after a use 61 s later = %v, want later than %v", list[0].LastUsed, first)
		}

		for _, bad := range []string{"", "okr_nope", plain + "x", "Bearer " + plain} {
			_, _, err := db.Authenticate(ctx, bad)
			wantCode(t, err, okr.EUNAUTHORIZED)
		}
		_, err = db.RevokeToken(ctx, as(f.other), tk.ID)
		wantCode(t, err, okr.EFORBIDDEN)
		rev := must(db.RevokeToken(ctx, as(f.member), tk.ID))(t)
		if rev.RevokedAt == nil {
			t.Fatal("RevokeToken: RevokedAt = nil")
		}
		_, _, err = db.Authenticate(ctx, plain)
		wantCode(t, err, okr.EUNAUTHORIZED)
		if list := must(db.ListTokens(ctx, f.org.ID, f.member.ID))(t); len(list) != 1 || list[0].RevokedAt == nil {
			t.Fatalf("ListTokens after revoke = %+v, want the revoked token still listed", list)
		}

		// Operators revoke by id alone.
		plain3, tk3 := must2(db.CreateToken(ctx, as(f.admin), f.admin.ID, "ops"))(t)
		if err := db.RevokeTokenByID(ctx, tk3.ID); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.Authenticate(ctx, plain3)
		wantCode(t, err, okr.EUNAUTHORIZED)
		wantCode(t, db.RevokeTokenByID(ctx, 999999), okr.ENOTFOUND)

		// Tokens of archived people stop working.
		plain2, _ := must2(db.CreateToken(ctx, f.sys, f.lead.ID, "lead's"))(t)
		must2(db.Authenticate(ctx, plain2))(t)
		must(db.ArchivePerson(ctx, f.sys, f.lead.ID, f.lead.Version))(t)
		_, _, err = db.Authenticate(ctx, plain2)
		wantCode(t, err, okr.EUNAUTHORIZED)
	})
}

func TestTickets(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		clk := useClock(db, time.Now())
		plain := must(db.CreateTicket(ctx, TicketReset, f.member.ID, time.Hour))(t)
		// The wrong kind does not redeem it.
		_, err := db.UseTicket(ctx, TicketInvite, plain)
		wantCode(t, err, okr.EUNAUTHORIZED)
		p := must(db.UseTicket(ctx, TicketReset, plain))(t)
		if p.ID != f.member.ID || p.OrgID != f.org.ID {
			t.Fatalf("UseTicket = %+v, want the member", p)
		}
		_, err = db.UseTicket(ctx, TicketReset, plain)
		wantCode(t, err, okr.EUNAUTHORIZED) // works once

		late := must(db.CreateTicket(ctx, TicketInvite, f.other.ID, time.Hour))(t)
		clk.advance(time.Hour + time.Second)
		_, err = db.UseTicket(ctx, TicketInvite, late)
		wantCode(t, err, okr.EUNAUTHORIZED) // expired

		_, err = db.CreateTicket(ctx, "login", f.member.ID, time.Hour)
		wantField(t, err, "kind")
		_, err = db.CreateTicket(ctx, TicketReset, 999999, time.Hour)
		wantCode(t, err, okr.ENOTFOUND)
		_, err = db.UseTicket(ctx, TicketReset, "okt_unknown")
		wantCode(t, err, okr.EUNAUTHORIZED)
	})
}

func TestSessionStore(t *testing.T) {
	var (
		_ scs.Store            = (*SessionStore)(nil)
		_ scs.CtxStore         = (*SessionStore)(nil)
		_ scs.IterableStore    = (*SessionStore)(nil)
		_ scs.IterableCtxStore = (*SessionStore)(nil)
	)
	eachDB(t, func(t *testing.T, db *DB) {
		clk := useClock(db, time.Now())
		s := db.Sessions()
		if err := s.Commit("tok1", []byte("data1"), clk.now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.CommitCtx(ctx, "tok2", []byte{0, 1, 2, 255}, clk.now().Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		b, found, err := s.Find("tok1")
		if err != nil || !found || string(b) != "data1" {
			t.Fatalf("Find(tok1) = %q, %v, %v, want data1", b, found, err)
		}
		if err := s.Commit("tok1", []byte("data1b"), clk.now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if b, _, _ := s.FindCtx(ctx, "tok1"); string(b) != "data1b" {
			t.Fatalf("Find after re-commit = %q, want data1b", b)
		}
		if b, found, _ := s.Find("tok2"); !found || string(b) != "\x00\x01\x02\xff" {
			t.Fatalf("Find(tok2) = %q, %v, want the binary data", b, found)
		}
		if _, found, err := s.Find("nope"); found || err != nil {
			t.Fatalf("Find(unknown) = %v, %v, want not found and no error", found, err)
		}
		all, err := s.All()
		if err != nil || len(all) != 2 {
			t.Fatalf("All = %v, %v, want two sessions", all, err)
		}

		clk.advance(2 * time.Minute)
		if _, found, _ := s.Find("tok2"); found {
			t.Fatal("Find(expired) = found, want not found")
		}
		if all, _ := s.AllCtx(ctx); len(all) != 1 {
			t.Fatalf("All after expiry = %d sessions, want 1", len(all))
		}
		if n, err := s.DeleteExpired(ctx); err != nil || n != 1 {
			t.Fatalf("DeleteExpired = %d, %v, want 1", n, err)
		}
		if err := s.Delete("tok1"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteCtx(ctx, "tok1"); err != nil {
			t.Fatalf("Delete(unknown) = %v, want nil", err)
		}
		if _, found, _ := s.Find("tok1"); found {
			t.Fatal("Find after Delete = found")
		}

		// RunCleanup removes expired sessions in the background.
		if err := s.Commit("tok3", []byte("x"), clk.now().Add(-time.Second)); err != nil {
			t.Fatal(err)
		}
		cctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { s.RunCleanup(cctx, 5*time.Millisecond, func(err error) { t.Error(err) }); close(done) }()
		deadline := time.Now().Add(5 * time.Second)
		for {
			var n int
			if err := db.r.QueryRow(db.rebind(`SELECT COUNT(*) FROM sessions WHERE token = ?`), "tok3").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("RunCleanup did not remove the expired session")
			}
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
		<-done
	})
}

func TestSignInFailures(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		clk := useClock(db, time.Now())
		for range 3 {
			must(db.BeginAttempt(ctx, []string{"Ada@Example.com", "ip:10.0.0.1"}, time.Hour))(t)
			clk.advance(time.Minute)
		}
		if n := must(db.RecentSignInFailures(ctx, "ada@example.com ", 10*time.Minute))(t); n != 3 {
			t.Fatalf("RecentSignInFailures(10 min) = %d, want 3", n)
		}
		if n := must(db.RecentSignInFailures(ctx, "ada@example.com", 90*time.Second))(t); n != 1 {
			t.Fatalf("RecentSignInFailures(90 s) = %d, want 1", n)
		}
		if n := must(db.RecentSignInFailures(ctx, "bob@example.com", time.Hour))(t); n != 0 {
			t.Fatalf("RecentSignInFailures(bob) = %d, want 0", n)
		}
		// The count includes the attempt itself; forgetting a successful
		// one leaves only the failures.
		a := must(db.BeginAttempt(ctx, []string{"ada@example.com", "ip:10.0.0.2"}, time.Hour))(t)
		if a.Counts[0] != 4 || a.Counts[1] != 1 {
			t.Fatalf("counts = %v, want [4 1]", a.Counts)
		}
		if err := db.Forget(ctx, a); err != nil {
			t.Fatal(err)
		}
		if n := must(db.RecentSignInFailures(ctx, "ada@example.com", time.Hour))(t); n != 3 {
			t.Fatalf("after Forget: %d, want 3", n)
		}
		clk.advance(25 * time.Hour)
		must(db.Sessions().DeleteExpired(ctx))(t)
		clk.set(clk.now().Add(-25 * time.Hour))
		if n := must(db.RecentSignInFailures(ctx, "ada@example.com", time.Hour))(t); n != 0 {
			t.Fatalf("failures after cleanup = %d, want 0 (removed after a day)", n)
		}
	})
}

// Parallel attempts cannot all pass a limit: each sees the attempts before
// it, so n parallel attempts see 1..n (the race that let 39 parallel
// guesses through a lockout of 10).
func TestSignInAttemptsAreCountedAtomically(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		const n = 30
		seen := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				a, err := db.BeginAttempt(ctx, []string{"victim@example.com", "ip:10.9.9.9"}, time.Hour)
				if err != nil {
					t.Error(err)
					return
				}
				seen[i] = a.Counts[0]
			})
		}
		wg.Wait()
		slices.Sort(seen)
		for i, c := range seen {
			if c != i+1 {
				t.Fatalf("parallel attempts saw counts %v, want 1..%d each once", seen, n)
			}
		}
	})
}

func TestFollows(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		f := mustFixture(t, db)
		o := f.mustObjective(t, "O", unitOwner(f.dept.ID))
		for _, fl := range []struct {
			kind string
			id   int64
		}{{FollowObjective, o.ID}, {FollowUnit, f.dept.ID}, {FollowPerson, f.lead.ID}, {FollowObjective, o.ID}} {
			if err := db.Follow(ctx, as(f.member), fl.kind, fl.id); err != nil {
				t.Fatalf("Follow(%s %d) = %v", fl.kind, fl.id, err)
			}
		}
		if list := must(db.ListFollows(ctx, f.org.ID, f.member.ID))(t); len(list) != 3 {
			t.Fatalf("ListFollows = %+v, want 3 (following twice counts once)", list)
		}
		wantCode(t, db.Follow(ctx, as(f.member), "planet", 1), okr.EINVALID)
		wantCode(t, db.Follow(ctx, as(f.member), FollowUnit, 999999), okr.ENOTFOUND)
		wantCode(t, db.Follow(ctx, f.sys, FollowUnit, f.dept.ID), okr.EINVALID)
		if err := db.Unfollow(ctx, as(f.member), FollowUnit, f.dept.ID); err != nil {
			t.Fatal(err)
		}
		list := must(db.ListFollows(ctx, f.org.ID, f.member.ID))(t)
		if len(list) != 2 {
			t.Fatalf("ListFollows after unfollow = %+v, want 2", list)
		}
		for _, fl := range list {
			if fl.Kind == FollowUnit {
				t.Fatalf("still following the unit: %+v", list)
			}
		}
		if err := db.Follow(ctx, as(f.member), FollowUnit, f.dept.ID); err != nil {
			t.Fatal(err)
		}
		if list := must(db.ListFollows(ctx, f.org.ID, f.member.ID))(t); len(list) != 3 {
			t.Fatalf("ListFollows after following again = %d, want 3", len(list))
		}
		if list := must(db.ListFollows(ctx, f.org.ID, f.other.ID))(t); len(list) != 0 {
			t.Fatalf("ListFollows(other) = %d, want 0", len(list))
		}
	})
}
