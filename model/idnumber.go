package model

import (
	"strings"
	"unicode/utf8"
)

// Resident identity numbers (居民身份证号码, GB 11643-1999) have 18
// characters: a 6-digit address code, the birth date as YYYYMMDD, a 3-digit
// sequence number and a check character, a digit or X. The check character
// is idCheckChars[Σ digit·weight mod 11].
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckChars = "10X98765432"

// idLen is the length of a resident identity number.
const idLen = 18

// The mask keeps the first idKeepHead and the last idKeepTail characters of
// an identity number and replaces the 13 others with '*', so that a planner
// can tell two masked numbers apart in a message without the birth date,
// the county or the person being readable: 430102199001238120 becomes
// 430*************20.
const (
	idKeepHead = 3
	idKeepTail = 2
)

// ValidIDNumber reports whether v is a resident identity number: 17 digits
// and a digit or X (either case), a real birth date from 1900 to 2100 in
// characters 7 to 14, and the check character of GB 11643.
func ValidIDNumber(v string) bool {
	if !idShaped(v) || !idBirthDate(v) {
		return false
	}
	return idCheckChar(v) == upperX(v[17])
}

// MaskIDNumbers returns s with every identity number in it masked as its
// first 3 and last 2 characters around 13 asterisks (430*************20).
// An identity number here is a run of 17 digits and a digit or X that is
// not part of a longer run of digits, and that either passes the GB 11643
// check or holds a real birth date in characters 7 to 14: a number
// mistyped in one digit, or cut to 15 significant digits by a spreadsheet,
// is masked too. Full-width digits count as digits. Every message about
// the input goes through it (Problem.String, Problems of Load and
// ReadAssignments); the CLI uses it for any other text that may quote a
// cell.
func MaskIDNumbers(s string) string {
	if !mayHoldIDNumber(s) {
		return s
	}
	var b strings.Builder
	last := 0 // bytes of s copied so far
	for i := 0; i < len(s); {
		if !isDigitAt(s, i) {
			_, n := utf8.DecodeRuneInString(s[i:])
			i += n
			continue
		}
		// A run of digits starts at i; read up to idLen characters of it.
		id, end, ok := idRunAt(s, i)
		if ok && looksLikeIDNumber(id) && (!isFraction(s, i) || ValidIDNumber(id)) {
			b.WriteString(s[last:i])
			b.WriteString(maskID(id))
			last = end
		}
		i = skipDigits(s, end)
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// MaskIDNumber masks a whole cell of the id_number column, whatever it
// holds: an identity number as MaskIDNumbers does, anything of 10
// characters or more as its first 3 and last 2 characters around
// asterisks, anything shorter entirely. It is the one mask of every
// output that shows an identity number without --include-id-number.
func MaskIDNumber(v string) string {
	if v == "" {
		return ""
	}
	r := []rune(v)
	if len(r) < 10 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:idKeepHead]) + strings.Repeat("*", len(r)-idKeepHead-idKeepTail) + string(r[len(r)-idKeepTail:])
}

// maskID masks an 18-character identity number in ASCII.
func maskID(id string) string {
	return id[:idKeepHead] + strings.Repeat("*", idLen-idKeepHead-idKeepTail) + id[idLen-idKeepTail:]
}

// looksLikeIDNumber reports whether an 18-character ASCII run is to be
// masked: it passes the check or holds a real birth date.
func looksLikeIDNumber(id string) bool {
	return idBirthDate(id) || idCheckChar(id) == upperX(id[17])
}

// idShaped reports whether v is 17 ASCII digits and a digit or X.
func idShaped(v string) bool {
	if len(v) != idLen {
		return false
	}
	for i := range 17 {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	c := upperX(v[17])
	return c == 'X' || (c >= '0' && c <= '9')
}

// idCheckChar is the GB 11643 check character of the first 17 digits of v.
func idCheckChar(v string) byte {
	sum := 0
	for i, w := range idWeights {
		sum += int(v[i]-'0') * w
	}
	return idCheckChars[sum%11]
}

// idBirthDate reports whether characters 7 to 14 of v are a real date
// within the years ParseMonth accepts.
func idBirthDate(v string) bool {
	y := atoiDigits(v[6:10])
	m := atoiDigits(v[10:12])
	d := atoiDigits(v[12:14])
	return y >= minYear && y <= maxYear && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
}

func atoiDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func upperX(c byte) byte {
	if c == 'x' {
		return 'X'
	}
	return c
}

// mayHoldIDNumber is a quick test: s has at least 17 digits.
func mayHoldIDNumber(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' {
			n++
		} else if c == 0xef { // the first byte of a full-width digit
			n++
		}
	}
	return n >= 17
}

// digitAt returns the ASCII digit at byte i of s, reading a full-width
// digit (０-９) as its ASCII one, with its width in bytes; ok is false when
// no digit is there.
func digitAt(s string, i int) (c byte, n int, ok bool) {
	if s[i] >= '0' && s[i] <= '9' {
		return s[i], 1, true
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if r >= '０' && r <= '９' {
		return byte('0' + r - '０'), n, true
	}
	return 0, n, false
}

func isDigitAt(s string, i int) bool {
	_, _, ok := digitAt(s, i)
	return ok
}

// xAt reports whether byte i of s holds X, x or a full-width Ｘ or ｘ, with
// its width.
func xAt(s string, i int) (int, bool) {
	if s[i] == 'X' || s[i] == 'x' {
		return 1, true
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	return n, r == 'Ｘ' || r == 'ｘ'
}

// isFraction reports whether the digits at byte i of s are the decimals of
// a number such as 0.026666666666666616, which JSON and the reports print
// for a float: a point right after an ASCII digit. Such decimals are
// masked only when they are a valid identity number, birth date and check
// character both, not for passing the check alone as one in eleven do.
func isFraction(s string, i int) bool {
	return i >= 2 && s[i-1] == '.' && s[i-2] >= '0' && s[i-2] <= '9'
}

// idRunAt reads the run of digits starting at byte i of s, which follows
// no digit. When the run is 18 digits, or 17 digits and an X, and no digit
// follows, it returns the run in ASCII and the byte where it ends.
func idRunAt(s string, i int) (id string, end int, ok bool) {
	var buf [idLen]byte
	k := 0
	j := i
	for j < len(s) && k < idLen {
		c, n, isDigit := digitAt(s, j)
		if !isDigit {
			break
		}
		buf[k] = c
		k++
		j += n
	}
	switch {
	case k == 17 && j < len(s):
		n, isX := xAt(s, j)
		if !isX {
			return "", j, false
		}
		buf[17] = 'X'
		j += n
	case k != idLen:
		return "", j, false
	}
	if j < len(s) && isDigitAt(s, j) {
		return "", j, false // part of a longer number
	}
	return string(buf[:]), j, true
}

// skipDigits returns the first byte at or after i of s that is not a digit.
func skipDigits(s string, i int) int {
	for i < len(s) {
		_, n, ok := digitAt(s, i)
		if !ok {
			break
		}
		i += n
	}
	return i
}
