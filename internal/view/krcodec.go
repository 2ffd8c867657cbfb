package view

import (
	"encoding/binary"
	"errors"
	"math"
	"time"

	"github.com/okr-dev/okr/internal/okr"
)

// The key result cache (keyresults.go) keeps each objective's key results
// encoded in one string rather than as Go values. As values, four key
// results with 50-character titles took 1,460 bytes of heap (pointers,
// headers and small objects the collector scans on every cycle); encoded
// they take 432 and hold no pointers (BenchmarkKeyResultCodec; decoding
// them takes about 1.3 µs). The cache's 16 MB held about a sixth of the
// large generated organisation's 106,099 key results as values; encoded,
// all of them take about 17 MB with the cache's entries, and the budget
// is 20 MB. Decoding makes new values (titles and codes
// are substrings of the entry), so a caller may keep and change them.
//
// The encoding is private to this process (nothing stores it): key
// results in order, each field in the order of okr.KeyResult; integers as
// varints (the organisation and objective once for all), the values of
// okr's string enums as one byte, floats as a varint when whole and small
// or as their 8 bytes, optional values behind a presence byte, times as
// UnixMicro in UTC (the
// store's precision and zone: store.fromMicros). TestKeyResultCodecKeepsEveryField
// fills every field of okr.KeyResult through reflection, so a field added
// there and not here fails it.

// encodeKeyResults encodes krs, which belong to one objective.
func encodeKeyResults(krs []okr.KeyResult) string {
	b := make([]byte, 0, 16+96*len(krs))
	b = binary.AppendUvarint(b, uint64(len(krs)))
	for i := range krs {
		kr := &krs[i]
		b = binary.AppendVarint(b, kr.ID)
		if i == 0 || kr.OrgID != krs[i-1].OrgID || kr.ObjectiveID != krs[i-1].ObjectiveID {
			b = binary.AppendVarint(binary.AppendVarint(append(b, 1), kr.OrgID), kr.ObjectiveID)
		} else {
			b = append(b, 0) // those of the key result before
		}
		b = appendString(b, kr.Title)
		b = appendOptInt(b, kr.Owner.UnitID)
		b = appendOptInt(b, kr.Owner.PersonID)
		b = appendFloat(b, kr.Weight)
		b = appendWord(b, string(kr.Metric.Kind))
		b = appendFloat(b, kr.Metric.Start)
		b = appendFloat(b, kr.Metric.Target)
		b = appendWord(b, string(kr.Metric.Unit.Kind))
		b = appendString(b, kr.Metric.Unit.Code)
		b = appendMilestones(b, kr.Milestones)
		b = appendOptInt(b, kr.KPIID)
		b = binary.AppendVarint(b, int64(kr.Position))
		b = appendOptFloat(b, kr.Current)
		b = appendWord(b, string(kr.Confidence))
		b = appendOptTime(b, kr.LastCheckInAt)
		b = appendOptFloat(b, kr.Score)
		b = appendBool(b, kr.Archived)
		b = binary.AppendVarint(b, kr.Version)
		b = binary.AppendVarint(b, kr.CreatedAt.UnixMicro())
	}
	return string(b)
}

// words are the values of okr's string enums (metric kinds, kinds of
// measure, confidences, initiative statuses), written as their index in one byte.
var words = []string{"", string(okr.MetricIncrease), string(okr.MetricDecrease), string(okr.MetricStayAbove),
	string(okr.MetricStayBelow), string(okr.MetricBoolean), string(okr.MetricMilestones), string(okr.MeasureNumber),
	string(okr.MeasurePercent), string(okr.MeasureCurrency), string(okr.MeasureCustom), string(okr.OnTrack),
	string(okr.AtRisk), string(okr.OffTrack), string(okr.InitiativePlanned), string(okr.InitiativeInProgress),
	string(okr.InitiativeDone), string(okr.InitiativeDropped)}

// otherWord marks a value not among words: the string follows.
const otherWord = 0xff

func appendWord(b []byte, s string) []byte {
	for i, w := range words {
		if w == s {
			return append(b, byte(i))
		}
	}
	return appendString(append(b, otherWord), s)
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

func appendOptInt(b []byte, v *int64) []byte {
	if v == nil {
		return append(b, 0)
	}
	return binary.AppendVarint(append(b, 1), *v)
}

// appendFloat writes a whole number of less than 2^53 as a varint behind
// a 0, any other value (fractions, infinities, NaN) as its bits behind a 1.
func appendFloat(b []byte, f float64) []byte {
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 && !(f == 0 && math.Signbit(f)) {
		return binary.AppendVarint(append(b, 0), int64(f))
	}
	return binary.LittleEndian.AppendUint64(append(b, 1), math.Float64bits(f))
}

func appendOptFloat(b []byte, v *float64) []byte {
	if v == nil {
		return append(b, 0)
	}
	return appendFloat(append(b, 1), *v)
}

func appendOptTime(b []byte, t *time.Time) []byte {
	if t == nil {
		return append(b, 0)
	}
	return binary.AppendVarint(append(b, 1), t.UnixMicro())
}

func appendMilestones(b []byte, ms []okr.Milestone) []byte {
	b = binary.AppendUvarint(b, uint64(len(ms)))
	for _, m := range ms {
		b = binary.AppendVarint(b, m.ID)
		b = appendString(b, m.Title)
		b = appendBool(b, m.Done)
	}
	return b
}

// errKeyResultCode is a cache entry that does not decode: a defect, as
// only encodeKeyResults writes them.
var errKeyResultCode = errors.New("view: a cached key result entry does not decode")

// krReader reads an encoded entry; the first error sticks.
type krReader struct {
	s   string
	i   int
	err error
}

func (r *krReader) fail() {
	if r.err == nil {
		r.err = errKeyResultCode
	}
	r.i = len(r.s)
}

func (r *krReader) byte() byte {
	if r.i >= len(r.s) {
		r.fail()
		return 0
	}
	c := r.s[r.i]
	r.i++
	return c
}

func (r *krReader) uvarint() uint64 {
	var x uint64
	for shift := uint(0); shift < 64; shift += 7 {
		c := r.byte()
		if r.err != nil {
			return 0
		}
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return x
		}
	}
	r.fail()
	return 0
}

func (r *krReader) varint() int64 {
	ux := r.uvarint()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

// string returns the next string: a substring of the entry, no copy.
func (r *krReader) string() string {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.s)-r.i) {
		r.fail()
		return ""
	}
	s := r.s[r.i : r.i+int(n)]
	r.i += int(n)
	return s
}

func (r *krReader) bool() bool { return r.byte() == 1 }

func (r *krReader) word() string {
	switch c := r.byte(); {
	case c == otherWord:
		return r.string()
	case int(c) < len(words):
		return words[c]
	default:
		r.fail()
		return ""
	}
}

func (r *krReader) float() float64 {
	switch r.byte() {
	case 0:
		return float64(r.varint())
	case 1:
	default:
		r.fail()
		return 0
	}
	if len(r.s)-r.i < 8 {
		r.fail()
		return 0
	}
	var v uint64
	for k := 7; k >= 0; k-- {
		v = v<<8 | uint64(r.s[r.i+k])
	}
	r.i += 8
	return math.Float64frombits(v)
}

func (r *krReader) optInt() *int64 {
	if r.byte() == 0 {
		return nil
	}
	v := r.varint()
	return &v
}

func (r *krReader) optFloat() *float64 {
	if r.byte() == 0 {
		return nil
	}
	v := r.float()
	return &v
}

func (r *krReader) time() time.Time { return time.UnixMicro(r.varint()).UTC() }

func (r *krReader) optTime() *time.Time {
	if r.byte() == 0 {
		return nil
	}
	t := r.time()
	return &t
}

// decodeKeyResults returns the key results encodeKeyResults encoded in s,
// as new values.
func decodeKeyResults(s string) ([]okr.KeyResult, error) {
	r := &krReader{s: s}
	n := r.uvarint()
	if n > uint64(len(s)) {
		return nil, errKeyResultCode
	}
	krs := make([]okr.KeyResult, n)
	for i := range krs {
		kr := &krs[i]
		kr.ID = r.varint()
		switch r.byte() {
		case 0:
			if i == 0 {
				r.fail()
			} else {
				kr.OrgID, kr.ObjectiveID = krs[i-1].OrgID, krs[i-1].ObjectiveID
			}
		case 1:
			kr.OrgID, kr.ObjectiveID = r.varint(), r.varint()
		default:
			r.fail()
		}
		kr.Title = r.string()
		kr.Owner.UnitID, kr.Owner.PersonID = r.optInt(), r.optInt()
		kr.Weight = r.float()
		kr.Metric.Kind = okr.MetricKind(r.word())
		kr.Metric.Start, kr.Metric.Target = r.float(), r.float()
		kr.Metric.Unit.Kind = okr.UnitKindOfMeasure(r.word())
		kr.Metric.Unit.Code = r.string()
		m := r.uvarint()
		if m > uint64(len(s)) {
			r.fail()
			break
		}
		kr.Milestones = make([]okr.Milestone, m)
		for j := range kr.Milestones {
			ms := &kr.Milestones[j]
			ms.ID, ms.Title, ms.Done = r.varint(), r.string(), r.bool()
		}
		kr.KPIID = r.optInt()
		kr.Position = int(r.varint())
		kr.Current = r.optFloat()
		kr.Confidence = okr.Confidence(r.word())
		kr.LastCheckInAt = r.optTime()
		kr.Score = r.optFloat()
		kr.Archived = r.bool()
		kr.Version = r.varint()
		kr.CreatedAt = r.time()
	}
	if r.err != nil || r.i != len(s) {
		return nil, errKeyResultCode
	}
	return krs, nil
}
