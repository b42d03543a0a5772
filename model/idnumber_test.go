package model

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Identity numbers of made-up people (address code 439901, which no county
// has) that pass the GB 11643 check.
const (
	idA = "439901199001238120"
	idB = "439901198504170020"
	idC = "439901197809301234"
	idX = "43990119830712106X"
)

// fullIDNumber finds 18 ASCII characters of an identity number not part of
// a longer number: what must never appear in a message.
var fullIDNumber = regexp.MustCompile(`(?:^|[^0-9])([0-9]{17}[0-9Xx])(?:[^0-9]|$)`)

func TestValidIDNumber(t *testing.T) {
	tests := []struct {
		name string
		v    string
		want bool
	}{
		{"valid", idA, true},
		{"valid with X", idX, true},
		{"valid with lower-case x", strings.ToLower(idX), true},
		{"check digit wrong", idA[:17] + "9", false},
		{"one digit mistyped", "439901199001238130", false},
		{"impossible birth date", "439901199002308125", false},
		{"17 characters", idA[:17], false},
		{"19 characters", idA + "1", false},
		{"letter inside", "43990119900123A120", false},
		{"X not last", "4399011990012381X0", false},
		{"empty", "", false},
		{"first-generation 15 digits", "439901900123812", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ValidIDNumber(tt.v)
			assert.Equal(t, tt.want, got, "ValidIDNumber(%q): got %v, want %v", tt.v, got, tt.want)
		})
	}
}

func TestMaskIDNumbers(t *testing.T) {
	tests := []struct {
		name string
		s    string
		want string
	}{
		{"alone", idA, "439*************20"},
		{"quoted in a message", `column gender: error: got "` + idA + `", want one of male/男, female/女`,
			`column gender: error: got "439*************20", want one of male/男, female/女`},
		{"check character X", idX, "439*************6X"},
		{"check character x", strings.ToLower(idX), "439*************6X"},
		{"two in one text", idA + " and " + idB, "439*************20 and 439*************20"},
		{"between Chinese words", "身份证" + idC + "号", "身份证439*************34号"},
		{"full-width digits", "证件号４３９９０１１９９００１２３８１２０。", "证件号439*************20。"},
		{"failing the check but with a birth date", "439901199001238130", "439*************30"},
		{"cut to 15 digits by a spreadsheet", "439901199001238000", "439*************00"},
		{"18 digits neither checked nor dated", "123456789012345670", "123456789012345670"},
		{"part of a longer number", "1" + idA, "1" + idA},
		{"followed by a digit", idA + "7", idA + "7"},
		{"17 digits", idA[:17], idA[:17]},
		{"a school code", "unknown school 4301000004", "unknown school 4301000004"},
		{"the decimals of a float", `"amount": 0.026666666666666616`, `"amount": 0.026666666666666616`},
		{"a valid identity number after a decimal point", "0." + idA, "0.439*************20"},
		{"after a sentence's full stop", "见附件." + idA, "见附件.439*************20"},
		{"after a list number and a space", "1. " + idA, "1. 439*************20"},
		{"already masked", "439*************20", "439*************20"},
		{"no digits", "缺少列", "缺少列"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MaskIDNumbers(tt.s)
			assert.Equal(t, tt.want, got, "MaskIDNumbers(%q): got %q, want %q", tt.s, got, tt.want)
		})
	}
	require.False(t, ValidIDNumber("123456789012345670"), "the unmasked 18 digits must fail the check")
}

func TestMaskIDValue(t *testing.T) {
	tests := []struct{ v, want string }{
		{"", ""},
		{idA, "439*************20"},
		{"E12345678", "*********"},
		{"4.39901E+17", "4.3******17"},
	}
	for _, tt := range tests {
		got := MaskIDNumber(tt.v)
		assert.Equal(t, tt.want, got, "MaskIDNumber(%q): got %q, want %q", tt.v, got, tt.want)
	}
}

func TestProblemMasksIDNumbers(t *testing.T) {
	p := Problem{Severity: Error, File: "teachers.csv", Line: 3, Column: "gender", Value: idA,
		Message: `got "` + idA + `", want one of male/男, female/女`}
	want := `teachers.csv:3: column gender: error: got "439*************20", want one of male/男, female/女`
	assert.Equal(t, want, p.String(), "got %s, want %s", p.String(), want)

	m := p.Masked()
	assert.Equal(t, "439*************20", m.Value)
	assert.NotContains(t, m.Message, idA)
	assert.Equal(t, idA, p.Value, "Masked leaves the problem alone")

	e := &InputError{Problems: Problems{p, p}}
	assert.NotContains(t, e.Error(), idA)
	assert.Contains(t, e.Error(), "439*************20")
}

func FuzzMaskIDNumbers(f *testing.F) {
	f.Add(idA)
	f.Add(`got "` + idX + `", want`)
	f.Add("４３９９０１１９９００１２３８１２０")
	f.Add("1" + idA + "2" + idB)
	f.Add("\xef\xbc")
	f.Add(`"amount": 0.026666666666666616`)
	f.Add("0." + idA)
	f.Fuzz(func(t *testing.T, s string) {
		got := MaskIDNumbers(s)
		if !utf8.ValidString(s) {
			return
		}
		if utf8.RuneCountInString(got) != utf8.RuneCountInString(s) {
			t.Fatalf("MaskIDNumbers(%q) = %q: got %d runes, want %d", s, got, utf8.RuneCountInString(got), utf8.RuneCountInString(s))
		}
		if again := MaskIDNumbers(got); again != got {
			t.Fatalf("masking twice: got %q, want %q", again, got)
		}
		for _, m := range fullIDNumber.FindAllStringSubmatch(got, -1) {
			if ValidIDNumber(m[1]) {
				t.Fatalf("MaskIDNumbers(%q) = %q: identity number %s left", s, got, m[1])
			}
		}
	})
}
