// Package password hashes and verifies sign-in passwords with argon2id.
//
// A hash is stored as a PHC-style string that carries its own parameters and
// salt, so parameters can be raised later without breaking old hashes:
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt, base64>$<key, base64>
//
// (standard base64 without padding, as in the PHC string format).
package password

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen uint32
	KeyLen  uint32
}

// Default is the OWASP recommendation for argon2id: 19 MiB, 2 passes, one
// lane. A verification takes about 0.1 s on a small server, which keeps
// guessing slow without making sign-in a way to exhaust the server.
var Default = Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// MinLength and MaxLength bound a new password, in characters. The upper
// bound keeps hashing cheap to call.
const (
	MinLength = 10
	MaxLength = 200
)

// ErrMalformed is returned by Verify for a stored hash it cannot read.
var ErrMalformed = errors.New("password: malformed hash")

// ErrBusy is returned when every hashing slot stayed taken for MaxWait:
// the server is busy (or being flooded) and the caller should answer
// "try again shortly" (503) rather than queue without end.
var ErrBusy = errors.New("password: too many passwords being hashed at once")

// Each hash takes Params.Memory (19 MiB by default), so concurrent hashing
// is bounded: at most Slots at once, which bounds the memory to Slots × 19
// MiB whatever the number of parallel sign-ins. A caller waits up to MaxWait
// for a slot. Variables so that tests can narrow them.
var (
	Slots   = max(2, runtime.GOMAXPROCS(0))
	MaxWait = 3 * time.Second
	slots   chan struct{}
	inUse   struct {
		sync.Mutex
		now, peak int
	}
	slotsOnce sync.Once
)

// acquire takes a hashing slot, waiting at most MaxWait or until ctx ends.
func acquire(ctx context.Context) (release func(), err error) {
	slotsOnce.Do(func() { slots = make(chan struct{}, Slots) })
	if ctx == nil {
		ctx = context.Background()
	}
	t := time.NewTimer(MaxWait)
	defer t.Stop()
	select {
	case slots <- struct{}{}:
	case <-t.C:
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, ErrBusy
	}
	inUse.Lock()
	inUse.now++
	inUse.peak = max(inUse.peak, inUse.now)
	inUse.Unlock()
	return func() {
		inUse.Lock()
		inUse.now--
		inUse.Unlock()
		<-slots
	}, nil
}

// PeakConcurrent returns the most hashes that ran at once since the last
// call, and resets it (for tests and metrics).
func PeakConcurrent() int {
	inUse.Lock()
	defer inUse.Unlock()
	p := inUse.peak
	inUse.peak = inUse.now
	return p
}

// Hash returns the encoded argon2id hash of pw with a fresh random salt.
func Hash(pw string) (string, error) { return HashCtx(context.Background(), pw) }

// HashCtx is Hash that gives up with ErrBusy when no hashing slot frees up
// in time or ctx ends.
func HashCtx(ctx context.Context, pw string) (string, error) { return hashWith(ctx, pw, Default) }

// HashWith is Hash with explicit parameters (tests use cheap ones).
func HashWith(pw string, p Params) (string, error) { return hashWith(context.Background(), pw, p) }

func hashWith(ctx context.Context, pw string, p Params) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: salt: %w", err)
	}
	release, err := acquire(ctx)
	if err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	release()
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether pw matches the encoded hash, comparing in constant
// time. rehash is true when the hash was made with parameters other than
// Default, so the caller may store a fresh Hash after a successful sign-in.
func Verify(pw, encoded string) (ok, rehash bool, err error) {
	return VerifyCtx(context.Background(), pw, encoded)
}

// VerifyCtx is Verify that gives up with ErrBusy when no hashing slot frees
// up in time or ctx ends.
func VerifyCtx(ctx context.Context, pw, encoded string) (ok, rehash bool, err error) {
	p, salt, key, err := decode(encoded)
	if err != nil {
		return false, false, err
	}
	release, err := acquire(ctx)
	if err != nil {
		return false, false, err
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	release()
	ok = subtle.ConstantTimeCompare(got, key) == 1
	rehash = p.Memory != Default.Memory || p.Time != Default.Time || p.Threads != Default.Threads || uint32(len(key)) != Default.KeyLen
	return ok, rehash, nil
}

func decode(s string) (Params, []byte, []byte, error) {
	var p Params
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, ErrMalformed
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, ErrMalformed
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, ErrMalformed
	}
	if p.Memory < 8 || p.Memory > 4*1024*1024 || p.Time < 1 || p.Time > 100 || p.Threads < 1 {
		return p, nil, nil, ErrMalformed
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, ErrMalformed
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 {
		return p, nil, nil, ErrMalformed
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}

// Check returns "" when pw is acceptable as a new password, else a short
// reason code: "too_short" or "too_long".
func Check(pw string) string {
	switch n := utf8.RuneCountInString(pw); {
	case n < MinLength:
		return "too_short"
	case n > MaxLength:
		return "too_long"
	}
	return ""
}
