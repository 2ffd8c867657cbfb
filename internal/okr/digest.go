package okr

import "time"

// The weekly digest's rules: what a key result looked like at the start of
// the week, and which changes of status it reports.

// AsOf returns kr as it stood at t by its check-ins (those of kr, in any
// order): its last check-in at or before t gives the current value and the
// time of the last check-in, and a grade does not count yet. Milestones
// count by the check-in's value.
func (kr KeyResult) AsOf(checkIns []CheckIn, t time.Time) KeyResult {
	then := kr
	then.Score, then.LastCheckInAt, then.Current = nil, nil, nil
	var last *CheckIn
	for i := range checkIns {
		c := &checkIns[i]
		if c.KeyResultID != kr.ID || c.At.After(t) {
			continue
		}
		if last == nil || c.At.After(last.At) {
			last = c
		}
	}
	if last != nil {
		at, v := last.At, last.Value
		then.LastCheckInAt, then.Current = &at, &v
	}
	return then
}

// TurnedWorse reports whether a key result's status from then to now is a
// change the digest reports: it became behind or not updated.
func TurnedWorse(then, now Status) bool {
	return then != now && (now == StatusBehind || now == StatusStale)
}
