package workspace

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters (OWASP's minimum: 19 MiB, two passes, one lane).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024 // KiB
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// MinPasswordLength is the shortest password accepted for a new user.
const MinPasswordLength = 10

// HashPassword hashes a password with argon2id and a random salt, in the
// PHC string format ($argon2id$v=19$m=…,t=…,p=…$salt$hash).
func HashPassword(password string) (string, error) {
	if len([]rune(password)) < MinPasswordLength {
		return "", fmt.Errorf("password too short: got %d characters, want at least %d", len([]rune(password)), MinPasswordLength)
	}
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches the PHC string hash.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<22 || t > 64 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// newToken returns 32 random bytes, URL-safe base64.
func newToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

// tokenHash is what the store keeps of a session token.
func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// sameToken compares two tokens in constant time; empty never matches.
func sameToken(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// errTooManyAttempts is a login refused before its password is checked.
var errTooManyAttempts = errors.New("too many failed logins: wait and try again")

// limiter counts failed logins per key (a user name, a client address)
// and refuses a key that failed max times within window, until the
// window since its first failure has passed.
type limiter struct {
	max    int
	window time.Duration
	mu     sync.Mutex
	fails  map[string]*failures
}

type failures struct {
	n     int
	first time.Time
}

func newLimiter(max int, window time.Duration) *limiter {
	return &limiter{max: max, window: window, fails: map[string]*failures{}}
}

// blocked reports whether any of keys is blocked at now.
func (l *limiter) blocked(now time.Time, keys ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		f := l.fails[k]
		if f == nil {
			continue
		}
		if now.Sub(f.first) >= l.window {
			delete(l.fails, k)
			continue
		}
		if f.n >= l.max {
			return true
		}
	}
	return false
}

// maxLimiterKeys is how many keys the limiter holds before it forgets
// those whose window has passed (names sprayed by a guesser).
const maxLimiterKeys = 10000

// fail counts a failed login against keys.
func (l *limiter) fail(now time.Time, keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.fails) >= maxLimiterKeys {
		for k, f := range l.fails {
			if now.Sub(f.first) >= l.window {
				delete(l.fails, k)
			}
		}
	}
	for _, k := range keys {
		f := l.fails[k]
		if f == nil || now.Sub(f.first) >= l.window {
			f = &failures{first: now}
			l.fails[k] = f
		}
		f.n++
	}
}

// succeed forgets the failures of the user name key (not of the address:
// one good account does not unlock guessing at others).
func (l *limiter) succeed(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, key)
}
