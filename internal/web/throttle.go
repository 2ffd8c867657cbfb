package web

import (
	"context"
	"math"
	"net"
	"net/http"
	"strings"
	"time"
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

// throttle decides how to treat a sign-in attempt for email from r's
// client address.
func (s *Server) throttle(r *http.Request, email string) (throttleState, error) {
	byEmail, err := s.DB.RecentSignInFailures(r.Context(), emailKey(email), throttleWindow)
	if err != nil {
		return throttleState{}, err
	}
	byIP, err := s.DB.RecentSignInFailures(r.Context(), throttleKeyPrefixIP+clientIP(r), throttleWindow)
	if err != nil {
		return throttleState{}, err
	}
	return decideThrottle(byEmail, byIP), nil
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

// recordFailure records a failed attempt under both keys.
func (s *Server) recordFailure(r *http.Request, email string) error {
	if err := s.DB.RecordSignInFailure(r.Context(), emailKey(email)); err != nil {
		return err
	}
	return s.DB.RecordSignInFailure(r.Context(), throttleKeyPrefixIP+clientIP(r))
}

func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// clientIP is the peer address of r. Forwarding headers are not trusted:
// behind a proxy every client shares the proxy's address, which only makes
// the per-address limit stricter.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
