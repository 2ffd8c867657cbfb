package web

import (
	"context"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/storetest"
)

func TestTouchStoreWritesOnlyChanges(t *testing.T) {
	db := storetest.Open(t, store.DialectSQLite)
	codec := scs.GobCodec{}
	ts := newTouchStore(db.Sessions(), codec)
	deadline := time.Now().Add(30 * 24 * time.Hour).UTC()
	enc := func(values map[string]any) []byte {
		t.Helper()
		b, err := codec.Encode(deadline, values)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	writes := func(values map[string]any, expiry time.Time) int64 {
		t.Helper()
		ctx, n := store.WithQueryCounter(context.Background())
		if err := ts.CommitCtx(ctx, "tok", enc(values), expiry); err != nil {
			t.Fatal(err)
		}
		return n.Count()
	}
	v := map[string]any{"person_id": int64(7), "org_id": int64(1), "lang": "nb"}
	now := time.Now().UTC()
	if n := writes(v, now.Add(14*24*time.Hour)); n == 0 {
		t.Fatal("the first commit of a session wrote nothing")
	}
	if n := writes(map[string]any{"lang": "nb", "org_id": int64(1), "person_id": int64(7)}, now.Add(14*24*time.Hour+time.Minute)); n != 0 {
		t.Errorf("a commit that only moves the expiry by a minute ran %d statements, want 0", n)
	}
	if n := writes(map[string]any{"person_id": int64(7), "org_id": int64(1), "lang": "sv"}, now.Add(14*24*time.Hour+2*time.Minute)); n == 0 {
		t.Error("a commit with changed data wrote nothing")
	}
	if n := writes(map[string]any{"person_id": int64(7), "org_id": int64(1), "lang": "sv"}, now.Add(14*24*time.Hour+2*touchEvery)); n == 0 {
		t.Errorf("a commit that moves the expiry by %v wrote nothing", 2*touchEvery)
	}
	b, found, err := ts.FindCtx(context.Background(), "tok")
	if err != nil || !found {
		t.Fatalf("FindCtx: found %v, %v", found, err)
	}
	if _, got, _ := codec.Decode(b); got["lang"] != "sv" {
		t.Errorf("stored lang = %v, want sv", got["lang"])
	}
	if err := ts.DeleteCtx(context.Background(), "tok"); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := ts.FindCtx(context.Background(), "tok"); found {
		t.Error("the session is still there after DeleteCtx")
	}
	if n := writes(map[string]any{"person_id": int64(7), "org_id": int64(1), "lang": "sv"}, now.Add(14*24*time.Hour+2*touchEvery)); n == 0 {
		t.Error("a commit after delete wrote nothing: the deleted session would be lost")
	}
}
