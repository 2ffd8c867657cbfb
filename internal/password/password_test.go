package password

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var cheap = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashVerify(t *testing.T) {
	h, err := HashWith("correct horse battery", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("got hash %q, want the PHC argon2id prefix with its parameters", h)
	}
	ok, rehash, err := Verify("correct horse battery", h)
	if err != nil || !ok {
		t.Fatalf("Verify(right password) = %v, %v, want true, nil", ok, err)
	}
	if !rehash {
		t.Errorf("got rehash false for non-default parameters, want true")
	}
	if ok, _, _ := Verify("correct horse batterY", h); ok {
		t.Errorf("Verify(wrong password) = true, want false")
	}
}

func TestSaltsDiffer(t *testing.T) {
	a, _ := HashWith("same password", cheap)
	b, _ := HashWith("same password", cheap)
	if a == b {
		t.Errorf("two hashes of one password are equal (%q), want per-hash salts", a)
	}
}

func TestDefaultNeedsNoRehash(t *testing.T) {
	h, err := Hash("a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	ok, rehash, err := Verify("a long enough password", h)
	if !ok || rehash || err != nil {
		t.Errorf("Verify(default hash) = %v, %v, %v, want true, false, nil", ok, rehash, err)
	}
}

func TestMalformed(t *testing.T) {
	good, _ := HashWith("x", cheap)
	parts := strings.Split(good, "$")
	for _, s := range []string{
		"",
		"plaintext",
		"$argon2i$v=19$m=64,t=1,p=1$" + parts[4] + "$" + parts[5],
		"$argon2id$v=18$m=64,t=1,p=1$" + parts[4] + "$" + parts[5],
		"$argon2id$v=19$m=64,t=0,p=1$" + parts[4] + "$" + parts[5],
		"$argon2id$v=19$m=64,t=1,p=1$!!!$" + parts[5],
		"$argon2id$v=19$m=64,t=1,p=1$" + parts[4] + "$AAAA",
	} {
		if _, _, err := Verify("x", s); err != ErrMalformed {
			t.Errorf("Verify(%q) error = %v, want ErrMalformed", s, err)
		}
	}
}

func TestCheck(t *testing.T) {
	tests := []struct{ pw, want string }{
		{"short", "too_short"},
		{"exactly10!", ""},
		{"æøåæøåæøåæ", ""},
		{strings.Repeat("x", MaxLength+1), "too_long"},
	}
	for _, tt := range tests {
		if got := Check(tt.pw); got != tt.want {
			t.Errorf("Check(%q) = %q, want %q", tt.pw, got, tt.want)
		}
	}
}

// Parallel sign-ins cannot take the memory of parallel hashes: at most
// Slots hashes run at once, and a caller that waited MaxWait gets ErrBusy.
func TestConcurrentHashingIsBounded(t *testing.T) {
	oldSlots, oldWait := Slots, MaxWait
	Slots, MaxWait = 2, 150*time.Millisecond
	slotsOnce = sync.Once{}
	t.Cleanup(func() { Slots, MaxWait = oldSlots, oldWait; slotsOnce = sync.Once{} })
	hash, err := Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	PeakConcurrent()
	const n = 40
	var wg sync.WaitGroup
	var busy, done atomic.Int32
	for range n {
		wg.Go(func() {
			_, _, err := VerifyCtx(context.Background(), "wrong guess", hash)
			switch {
			case errors.Is(err, ErrBusy):
				busy.Add(1)
			case err == nil:
				done.Add(1)
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if p := PeakConcurrent(); p > 2 {
		t.Errorf("%d hashes ran at once, want at most 2", p)
	}
	if busy.Load() == 0 || done.Load() == 0 {
		t.Errorf("%d verified, %d told busy; want both (40 parallel hashes of 19 MiB cannot all wait 150 ms for 2 slots)", done.Load(), busy.Load())
	}
}
