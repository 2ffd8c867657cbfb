package view

import (
	"encoding/binary"
	"math"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// The details cache (objective.go) keeps each objective's details encoded
// in one string, as the key result cache keeps key results (krcodec.go),
// and keeps of the check-ins only what the objective page shows: every
// check-in's time and value (the chart, the yes/no badge, the count) and
// the latest LatestCheckIns in full (the table; the others come behind
// "show all" from the store). In the large generated organisation an
// objective's details took about 6 KB as Go values, most of it check-ins
// no page showed, so the 8 MB budget held fewer than one objective in twenty
// and most first views read three statements again; encoded they take
// about 0.85 KB (1 KB with the cache's entry), so detailsBudget holds
// most of them.
//
// The layout: the key results in order, each with its id; its points
// (times to the second, as the difference from the point before: a chart
// and a badge show days; values, here and below, as appendDecimal writes
// them); its latest check-ins in every field of
// okr.CheckIn but the organisation and key result (the entry's); its
// target changes and its initiatives the same way. The helpers and the
// reader are krcodec.go's. TestDetailsCodecKeepsEveryField fills every
// field through reflection, so a field added to okr.CheckIn,
// okr.TargetChange or okr.Initiative and not here fails it.

// encodeDetails encodes det, the details of the key results ids of an
// objective of organisation org.
func encodeDetails(ids []int64, det *Details) string {
	b := make([]byte, 0, 64+256*len(ids))
	b = binary.AppendUvarint(b, uint64(len(ids)))
	for _, id := range ids {
		b = binary.AppendVarint(b, id)
		pts := det.Points[id]
		b = binary.AppendUvarint(b, uint64(len(pts)))
		var last int64
		for _, p := range pts {
			at := p.At.Unix()
			b = appendDecimal(binary.AppendVarint(b, at-last), p.Value)
			last = at
		}
		cis := det.CheckIns[id]
		b = binary.AppendUvarint(b, uint64(len(cis)))
		for i := range cis {
			c := &cis[i]
			b = binary.AppendVarint(b, c.ID)
			b = appendDecimal(b, c.Value)
			b = binary.AppendUvarint(b, uint64(len(c.MilestonesDone)))
			for _, m := range c.MilestonesDone {
				b = binary.AppendVarint(b, m)
			}
			b = appendWord(b, string(c.Confidence))
			b = appendString(b, c.Comment)
			b = binary.AppendVarint(b, c.AuthorID)
			b = binary.AppendVarint(b, c.At.UnixMicro())
			b = appendBool(b, c.Late)
			if c.OnBehalfOf == nil {
				b = append(b, 0)
			} else {
				b = appendOptInt(appendOptInt(append(b, 1), c.OnBehalfOf.UnitID), c.OnBehalfOf.PersonID)
			}
		}
		tcs := det.Changes[id]
		b = binary.AppendUvarint(b, uint64(len(tcs)))
		for i := range tcs {
			c := &tcs[i]
			b = binary.AppendVarint(b, c.ID)
			b = appendDecimal(appendDecimal(appendDecimal(appendDecimal(b, c.OldStart), c.OldTarget), c.NewStart), c.NewTarget)
			b = binary.AppendVarint(b, c.AuthorID)
			b = binary.AppendVarint(b, c.At.UnixMicro())
			b = appendString(b, c.Reason)
		}
		ins := det.Initiatives[id]
		b = binary.AppendUvarint(b, uint64(len(ins)))
		for i := range ins {
			in := &ins[i]
			b = binary.AppendVarint(b, in.ID)
			b = appendString(b, in.Title)
			b = appendOptInt(b, in.OwnerPersonID)
			b = appendWord(b, string(in.Status))
			b = appendOptTime(b, in.Due)
			b = appendBool(b, in.Archived)
			b = binary.AppendVarint(b, in.Version)
		}
	}
	return string(b)
}

// decodeDetails returns the details encodeDetails encoded in s for
// organisation org, as new values.
func decodeDetails(org int64, s string) (*Details, error) {
	r := &krReader{s: s}
	n := r.uvarint()
	if n > uint64(len(s)) {
		return nil, errKeyResultCode
	}
	det := newDetails(int(n))
	// count reads a length that the rest of the entry could hold.
	count := func() int {
		m := r.uvarint()
		if m > uint64(len(s)-r.i) {
			r.fail()
			return 0
		}
		return int(m)
	}
	for range n {
		id := r.varint()
		if m := count(); m > 0 {
			pts := make([]Point, m)
			var at int64
			for i := range pts {
				at += r.varint()
				pts[i] = Point{At: time.Unix(at, 0).UTC(), Value: r.decimal()}
			}
			det.Points[id] = pts
		}
		if m := count(); m > 0 {
			cis := make([]okr.CheckIn, m)
			for i := range cis {
				c := &cis[i]
				c.OrgID, c.KeyResultID = org, id
				c.ID, c.Value = r.varint(), r.decimal()
				if k := count(); k > 0 {
					c.MilestonesDone = make([]int64, k)
					for j := range c.MilestonesDone {
						c.MilestonesDone[j] = r.varint()
					}
				}
				c.Confidence = okr.Confidence(r.word())
				c.Comment = r.string()
				c.AuthorID = r.varint()
				c.At = r.time()
				c.Late = r.bool()
				if r.bool() {
					c.OnBehalfOf = &okr.Owner{UnitID: r.optInt(), PersonID: r.optInt()}
				}
			}
			det.CheckIns[id] = cis
		}
		if m := count(); m > 0 {
			tcs := make([]okr.TargetChange, m)
			for i := range tcs {
				c := &tcs[i]
				c.KeyResultID = id
				c.ID = r.varint()
				c.OldStart, c.OldTarget, c.NewStart, c.NewTarget = r.decimal(), r.decimal(), r.decimal(), r.decimal()
				c.AuthorID = r.varint()
				c.At = r.time()
				c.Reason = r.string()
			}
			det.Changes[id] = tcs
		}
		if m := count(); m > 0 {
			ins := make([]okr.Initiative, m)
			for i := range ins {
				in := &ins[i]
				in.OrgID, in.KeyResultID = org, id
				in.ID = r.varint()
				in.Title = r.string()
				in.OwnerPersonID = r.optInt()
				in.Status = okr.InitiativeStatus(r.word())
				in.Due = r.optTime()
				in.Archived = r.bool()
				in.Version = r.varint()
			}
			det.Initiatives[id] = ins
		}
	}
	if r.err != nil || r.i != len(s) {
		return nil, errKeyResultCode
	}
	return det, nil
}

// appendDecimal writes f as a decimal when it is one with at most
// maxDecimals digits after the point (37.4 as 374 and one digit), else as
// appendFloat does: check-in values are mostly typed by people, and a
// fraction as its eight bytes made up most of an entry.
func appendDecimal(b []byte, f float64) []byte {
	scale := 1.0
	for k := range byte(maxDecimals + 1) {
		n := f * scale
		if n == math.Trunc(n) && math.Abs(n) < 1<<53 && float64(int64(n))/scale == f && !(f == 0 && math.Signbit(f)) {
			return binary.AppendVarint(append(b, k), int64(n))
		}
		scale *= 10
	}
	return appendFloat(append(b, floatDecimal), f)
}

// maxDecimals is the most digits after the point appendDecimal writes as
// a decimal; floatDecimal marks a value written by appendFloat.
const (
	maxDecimals  = 6
	floatDecimal = 0xff
)

// decimal reads what appendDecimal wrote.
func (r *krReader) decimal() float64 {
	k := r.byte()
	switch {
	case k == floatDecimal:
		return r.float()
	case k > maxDecimals:
		r.fail()
		return 0
	}
	return float64(r.varint()) / math.Pow10(int(k))
}
