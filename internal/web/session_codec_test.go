package web

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

// TestSessionCodecRoundTrips checks that sessions of the kinds of value
// the pages store come back equal, encode to the same bytes whatever the
// map's order, and that a session with another kind of value, or one
// stored as gob before, still reads.
func TestSessionCodecRoundTrips(t *testing.T) {
	c := sessionCodec{}
	deadline := time.Date(2026, 12, 31, 23, 59, 58, 123456789, time.UTC)
	for _, values := range []map[string]any{
		{},
		{sessPerson: int64(42), sessOrg: int64(7), sessEpoch: int64(-3), sessLang: "nb"},
		{"notice": "saved ✓ \x00 æøå", sessCheckInSaved: 5, sessCheckInSkipped: 0, "flag": true, "off": false, "": ""},
	} {
		b, err := c.Encode(deadline, values)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte(sessionMagic)) {
			t.Errorf("%v: encoded as gob", values)
		}
		for range 10 { // maps iterate in a new order each time
			again, _ := c.Encode(deadline, values)
			if !bytes.Equal(again, b) {
				t.Fatalf("%v: two encodings differ", values)
			}
		}
		got, gotValues, err := c.Decode(b)
		if err != nil || !got.Equal(deadline) || !reflect.DeepEqual(gotValues, values) {
			t.Errorf("%v: decoded %v %v (%v)", values, got, gotValues, err)
		}
	}

	other := map[string]any{"share": 0.75, "n": int64(1)}
	b, err := c.Encode(deadline, other)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(b, []byte(sessionMagic)) {
		t.Error("a session with a float in it was not written as gob")
	}
	if _, got, err := c.Decode(b); err != nil || !reflect.DeepEqual(got, other) {
		t.Errorf("gob fallback: decoded %v (%v), want %v", got, err, other)
	}
	old, err := scs.GobCodec{}.Encode(deadline, map[string]any{sessPerson: int64(9), sessLang: "sv"})
	if err != nil {
		t.Fatal(err)
	}
	if d, got, err := c.Decode(old); err != nil || !d.Equal(deadline) || got[sessPerson] != int64(9) || got[sessLang] != "sv" {
		t.Errorf("a session stored as gob: decoded %v %v (%v)", d, got, err)
	}
}

// TestSessionCodecRejectsDamage checks that every cut of an encoded
// session, and one with a byte more, is an error rather than a session.
func TestSessionCodecRejectsDamage(t *testing.T) {
	b, err := sessionCodec{}.Encode(time.Now(), map[string]any{sessPerson: int64(42), sessLang: "en", "flag": true, "n": 3})
	if err != nil {
		t.Fatal(err)
	}
	for n := len(sessionMagic); n < len(b); n++ {
		if _, _, err := (sessionCodec{}).Decode(b[:n]); err == nil {
			t.Fatalf("a session cut to %d of %d bytes decoded", n, len(b))
		}
	}
	if _, _, err := (sessionCodec{}).Decode(append(b, 0)); err == nil {
		t.Fatal("a session with a byte more decoded")
	}
}

// BenchmarkSessionCodec is a page request's work on its session: decode
// it when the request starts, encode it when it ends, and decode that in
// touchStore; scs's gob against sessionCodec.
func BenchmarkSessionCodec(b *testing.B) {
	values := map[string]any{sessPerson: int64(12345), sessOrg: int64(1), sessEpoch: int64(0), sessLang: "nb"}
	deadline := time.Now().Add(30 * 24 * time.Hour)
	for _, bc := range []struct {
		name  string
		codec scs.Codec
	}{{"gob", scs.GobCodec{}}, {"okr", sessionCodec{}}} {
		b.Run(bc.name, func(b *testing.B) {
			stored, err := bc.codec.Encode(deadline, values)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				_, v, err := bc.codec.Decode(stored)
				if err != nil {
					b.Fatal(err)
				}
				out, err := bc.codec.Encode(deadline, v)
				if err != nil {
					b.Fatal(err)
				}
				if _, _, err := bc.codec.Decode(out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
