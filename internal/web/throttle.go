package web

import (
	"context"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/store"
)

// Sign-in throttling. Failures are recorded in the database (so every node
// sees them) under two keys: the e-mail address and the client address.
// A few failures cost nothing; then each attempt waits longer; past the
// lockout count the key is refused until its failures age out of the window.
const (
	throttleWindow      = 15 * time.Minute
	throttleFreeEmail   = 3  // failures per e-mail before attempts slow down
	throttleLockEmail   = 10 // failures per e-mail that lock it out
	throttleFreeIP      = 20
	throttleLockIP      = 100
	throttleKeyPrefixIP = "ip:"
)

// The delay per failure beyond the free ones, and its cap. Variables so
// that tests need not wait for real.
var (
	throttleStep     = time.Second
	throttleMaxDelay = 5 * time.Second
)

// throttleState is the decision for one sign-in attempt.
type throttleState struct {
	locked bool
	delay  time.Duration
}

// minutes is how long a locked-out visitor should wait, rounded up.
func (t throttleState) minutes() int { return int(math.Ceil(throttleWindow.Minutes())) }

// wait sleeps for the delay unless ctx ends first.
func (t throttleState) wait(ctx context.Context) {
	if t.delay <= 0 {
		return
	}
	timer := time.NewTimer(t.delay)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
	}
}

// throttle counts a sign-in attempt for email from r's client address
// before the password is checked, and decides how to treat it. Counting
// first makes the limit hold for parallel attempts: the n-th of n
// simultaneous guesses sees n. The caller forgets the attempt when it
// succeeds; a refused (locked) attempt is forgotten here, so a lockout ends
// one window after the last real failure.
func (s *Server) throttle(r *http.Request, email string) (throttleState, store.Attempt, error) {
	ctx := r.Context()
	a, err := s.DB.BeginAttempt(ctx, []string{emailKey(email), throttleKeyPrefixIP + s.clientIP(r)}, throttleWindow)
	if err != nil {
		return throttleState{}, a, err
	}
	th := decideThrottle(a.Counts[0]-1, a.Counts[1]-1)
	if th.locked {
		if err := s.DB.Forget(ctx, a); err != nil {
			return th, a, err
		}
	}
	return th, a, nil
}

// decideThrottle is the policy: lock out past the lockout counts, else wait
// one step per failure beyond the free ones, up to throttleMaxDelay.
func decideThrottle(byEmail, byIP int) throttleState {
	if byEmail >= throttleLockEmail || byIP >= throttleLockIP {
		return throttleState{locked: true}
	}
	extra := max(byEmail-throttleFreeEmail+1, byIP-throttleFreeIP+1, 0)
	return throttleState{delay: min(time.Duration(extra)*throttleStep, throttleMaxDelay)}
}

func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }
