package view

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// randomDetails returns details of n key results of organisation org
// whose every field, at any depth, holds a random value, as the store
// would give them: each value carries its key result and organisation,
// and empty lists are left out.
func randomDetails(r *rand.Rand, org int64, n int) ([]int64, *Details) {
	ids := make([]int64, n)
	det := newDetails(n)
	for i := range ids {
		id := r.Int64N(1e12) - 1e6
		ids[i] = id
		var pts []Point
		var cis []okr.CheckIn
		var tcs []okr.TargetChange
		var ins []okr.Initiative
		for _, v := range []any{&pts, &cis, &tcs, &ins} {
			fillRandom(r, reflect.ValueOf(v).Elem())
		}
		for j := range pts {
			pts[j].At = pts[j].At.Truncate(time.Second) // points keep the second
		}
		for j := range cis {
			cis[j].OrgID, cis[j].KeyResultID = org, id
			if len(cis[j].MilestonesDone) == 0 {
				cis[j].MilestonesDone = nil // no milestones done reads back as none
			}
		}
		for j := range tcs {
			tcs[j].KeyResultID = id
		}
		for j := range ins {
			ins[j].OrgID, ins[j].KeyResultID = org, id
		}
		if len(pts) > 0 {
			det.Points[id] = pts
		}
		if len(cis) > 0 {
			det.CheckIns[id] = cis
		}
		if len(tcs) > 0 {
			det.Changes[id] = tcs
		}
		if len(ins) > 0 {
			det.Initiatives[id] = ins
		}
	}
	return ids, det
}

// TestDetailsCodecKeepsEveryField round-trips details whose every field
// holds a random value: a field added to okr.CheckIn, okr.TargetChange or
// okr.Initiative that the encoding leaves out fails it.
func TestDetailsCodecKeepsEveryField(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for round := range 2000 {
		org := r.Int64N(1e9)
		ids, det := randomDetails(r, org, r.IntN(6))
		got, err := decodeDetails(org, encodeDetails(ids, det))
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if !reflect.DeepEqual(got, det) {
			t.Fatalf("round %d: decoded\n%+v\nwant\n%+v", round, got, det)
		}
	}
}

// TestDecimalsReadBackTheSame checks that every value appendDecimal
// writes reads back as the same float64, whether it wrote it as a
// decimal or as its bits.
func TestDecimalsReadBackTheSame(t *testing.T) {
	values := []float64{0, 1, -1, 37.4, 0.1, 0.3, 1.0 / 3, 2.675, 1e-6, 1.5e-7, -123456.789, 1e15 + 0.5, 1 << 53, 1<<53 + 2, 1e300,
		math.Inf(1), math.Inf(-1), math.Copysign(0, -1), math.SmallestNonzeroFloat64, math.MaxFloat64}
	r := rand.New(rand.NewPCG(9, 10))
	for range 10000 {
		values = append(values, math.Round(r.NormFloat64()*1e6)/math.Pow10(r.IntN(9)))
	}
	for _, v := range values {
		code := string(appendDecimal(nil, v))
		rd := &krReader{s: code}
		got := rd.decimal()
		if rd.err != nil || rd.i != len(code) || math.Float64bits(got) != math.Float64bits(v) {
			t.Fatalf("%v (%d bytes) read back as %v, %v", v, len(code), got, rd.err)
		}
	}
	if n := len(appendDecimal(nil, 37.4)); n != 3 {
		t.Errorf("37.4 took %d bytes, want 3", n)
	}
	rd := &krReader{s: string(appendDecimal(nil, math.NaN()))}
	if got := rd.decimal(); !math.IsNaN(got) {
		t.Errorf("NaN read back as %v", got)
	}
}

// TestDetailsCodecRejectsDamage checks that a cut or lengthened entry is
// an error, not details made up from what is left.
func TestDetailsCodecRejectsDamage(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	ids, det := randomDetails(r, 1, 3)
	code := encodeDetails(ids, det)
	for n := range len(code) {
		if _, err := decodeDetails(1, code[:n]); err == nil {
			t.Fatalf("entry cut to %d of %d bytes decoded", n, len(code))
		}
	}
	if _, err := decodeDetails(1, code+"\x00"); err == nil {
		t.Fatal("entry with a byte more decoded")
	}
}

// BenchmarkDetailsCodec measures decoding the details of an objective as
// the large generated organisation has them (four key results with twelve
// weekly check-ins each, the latest three in full, an initiative each)
// and what they take in the cache.
func BenchmarkDetailsCodec(b *testing.B) {
	det := newDetails(4)
	ids := make([]int64, 4)
	start := time.Date(2026, 9, 4, 9, 12, 33, 123456000, time.UTC)
	owner := int64(4711)
	for i := range ids {
		id := int64(100000 + i)
		ids[i] = id
		var cis []okr.CheckIn
		for w := range 12 {
			at := start.AddDate(0, 0, 7*w).Add(time.Duration(w*w) * time.Minute)
			v := float64(10 + 3*w)
			det.Points[id] = append(det.Points[id], Point{At: at, Value: v})
			cis = append(cis, okr.CheckIn{ID: 1_200_000 + int64(40*i+w), OrgID: 1, KeyResultID: id, Value: v, Confidence: okr.OnTrack,
				Comment: "Two more customers signed this week", AuthorID: owner, At: at})
		}
		det.CheckIns[id] = cis[len(cis)-LatestCheckIns:]
		det.Initiatives[id] = []okr.Initiative{{ID: 40_000 + int64(i), OrgID: 1, KeyResultID: id, Title: "Call every customer who left in the spring",
			OwnerPersonID: &owner, Status: okr.InitiativeInProgress, Version: 2}}
	}
	code := encodeDetails(ids, det)
	b.ReportMetric(float64(len(code)+detailsEntryOverhead), "bytes/entry")
	for b.Loop() {
		if _, err := decodeDetails(1, code); err != nil {
			b.Fatal(err)
		}
	}
}
