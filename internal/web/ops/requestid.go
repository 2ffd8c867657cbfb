package ops

import (
	"encoding/hex"
	"math/rand/v2"
)

// maxRequestID bounds an accepted X-Request-Id.
const maxRequestID = 128

// requestID returns the id the client (or a proxy in front) sent when it is
// sane, else a new one. Sane: 1 to maxRequestID characters among letters,
// digits and - _ . : + / = @ (UUIDs, hex, base64 and the ids of common
// proxies and load balancers), so that it cannot break a log line or a
// header, whichever log format reads it.
func requestID(sent string) string {
	if saneRequestID(sent) {
		return sent
	}
	return newRequestID()
}

func saneRequestID(s string) bool {
	if len(s) == 0 || len(s) > maxRequestID {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-', c == '_', c == '.', c == ':', c == '+', c == '/', c == '=', c == '@':
		default:
			return false
		}
	}
	return true
}

// newRequestID returns 128 random bits in hex. An id needs to be unique,
// not secret, so the fast per-thread generator of math/rand/v2 serves.
func newRequestID() string {
	var b [16]byte
	u, v := rand.Uint64(), rand.Uint64()
	for i := range 8 {
		b[i], b[8+i] = byte(u>>(8*i)), byte(v>>(8*i))
	}
	return hex.EncodeToString(b[:])
}
