package view

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// fillRandom sets every field reachable from v (a pointer) to a random
// value: pointers are set or left nil, slices get zero to three elements.
// Times are whole microseconds in UTC, as the store reads them.
func fillRandom(r *rand.Rand, v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if r.IntN(3) == 0 {
			v.SetZero()
			return
		}
		p := reflect.New(v.Type().Elem())
		fillRandom(r, p.Elem())
		v.Set(p)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.UnixMicro(r.Int64N(4e15) - 1e15).UTC()))
			return
		}
		for i := range v.NumField() {
			fillRandom(r, v.Field(i))
		}
	case reflect.Slice:
		n := r.IntN(4)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			fillRandom(r, s.Index(i))
		}
		v.Set(s)
	case reflect.String:
		var b strings.Builder
		runes := []rune("aåøæ€ b1%\x00")
		for range r.IntN(40) {
			b.WriteRune(runes[r.IntN(len(runes))])
		}
		v.SetString(b.String())
	case reflect.Int, reflect.Int64:
		switch r.IntN(3) {
		case 0:
			v.SetInt(r.Int64N(1000))
		case 1:
			v.SetInt(-r.Int64())
		default:
			v.SetInt(r.Int64())
		}
	case reflect.Float64:
		floats := []float64{0, 1, -3, 0.5, -1e300, math.Inf(1), math.Inf(-1), 1 << 53, 1<<53 + 2, 123456.789, math.Copysign(0, -1)}
		if r.IntN(2) == 0 {
			v.SetFloat(floats[r.IntN(len(floats))])
		} else {
			v.SetFloat(r.NormFloat64() * 1e6)
		}
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	default:
		panic("fillRandom: no case for " + v.Kind().String() + " in " + v.Type().String())
	}
}

// TestKeyResultCodecKeepsEveryField round-trips key results whose every
// field, at any depth, holds a random value: a field added to
// okr.KeyResult that the encoding leaves out fails it.
func TestKeyResultCodecKeepsEveryField(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 2000 {
		krs := make([]okr.KeyResult, r.IntN(6))
		for i := range krs {
			fillRandom(r, reflect.ValueOf(&krs[i]).Elem())
			if krs[i].Milestones == nil {
				krs[i].Milestones = []okr.Milestone{} // the store's key results always have a slice
			}
			if i > 0 && round%2 == 0 { // as in the cache: one objective's
				krs[i].OrgID, krs[i].ObjectiveID = krs[0].OrgID, krs[0].ObjectiveID
			}
		}
		got, err := decodeKeyResults(encodeKeyResults(krs))
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if !reflect.DeepEqual(got, krs) {
			t.Fatalf("round %d: decoded\n%+v\nwant\n%+v", round, got, krs)
		}
		for i := range got { // -0 and +0 are DeepEqual; the sign is kept all the same
			if math.Signbit(got[i].Weight) != math.Signbit(krs[i].Weight) {
				t.Fatalf("round %d: weight %v decoded as %v", round, krs[i].Weight, got[i].Weight)
			}
		}
	}
	// NaN is not DeepEqual to itself: check it apart.
	got, err := decodeKeyResults(encodeKeyResults([]okr.KeyResult{{Weight: math.NaN(), Milestones: []okr.Milestone{}}}))
	if err != nil || !math.IsNaN(got[0].Weight) {
		t.Fatalf("NaN weight: %v, %v", got, err)
	}
}

// TestKeyResultCodecRejectsDamage checks that a cut or lengthened entry is
// an error, not key results made up from what is left.
func TestKeyResultCodecRejectsDamage(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	krs := make([]okr.KeyResult, 3)
	for i := range krs {
		fillRandom(r, reflect.ValueOf(&krs[i]).Elem())
	}
	code := encodeKeyResults(krs)
	for n := range len(code) {
		if _, err := decodeKeyResults(code[:n]); err == nil {
			t.Fatalf("entry cut to %d of %d bytes decoded", n, len(code))
		}
	}
	if _, err := decodeKeyResults(code + "\x00"); err == nil {
		t.Fatal("entry with a byte more decoded")
	}
}

// BenchmarkKeyResultCodec measures decoding an objective's four key
// results from the cache and what they take there.
func BenchmarkKeyResultCodec(b *testing.B) {
	krs := make([]okr.KeyResult, 4)
	one, unit, at := 42.5, int64(1234), time.UnixMicro(1_780_000_000_000_000).UTC()
	for i := range krs {
		krs[i] = okr.KeyResult{ID: 100000 + int64(i), OrgID: 1, ObjectiveID: 33000, Title: "Raise the share of repeat customers to a new level",
			Owner: okr.Owner{UnitID: &unit}, Weight: 1, Metric: okr.Metric{Kind: okr.MetricIncrease, Start: 10, Target: 40, Unit: okr.Measure{Kind: okr.MeasurePercent}},
			Milestones: []okr.Milestone{}, Position: i + 1, Current: &one, Confidence: okr.OnTrack, LastCheckInAt: &at, Version: 7, CreatedAt: at}
	}
	code := encodeKeyResults(krs)
	b.ReportMetric(float64(len(code)), "bytes/entry")
	for b.Loop() {
		if _, err := decodeKeyResults(code); err != nil {
			b.Fatal(err)
		}
	}
}
