package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestStatutoryRetirement checks the 2025 reform's ages by birth month,
// worked by hand from the decision's rule (one month of delay per four
// months of birth after the last unchanged month, at most 36).
func TestStatutoryRetirement(t *testing.T) {
	tests := []struct {
		name   string
		birth  Month
		gender Gender
		want   Month
	}{
		{"man born before the reform", MonthOf(1964, 12), Male, MonthOf(2024, 12)},
		{"man, first month delayed", MonthOf(1965, 1), Male, MonthOf(2025, 2)},
		{"man, four months: still one", MonthOf(1965, 4), Male, MonthOf(2025, 5)},
		{"man, five months: two", MonthOf(1965, 5), Male, MonthOf(2025, 7)},
		{"man born 1976-09 reaches 63", MonthOf(1976, 9), Male, MonthOf(2039, 9)},
		{"man born later stays at 63", MonthOf(1990, 3), Male, MonthOf(2053, 3)},
		{"woman born before the reform", MonthOf(1969, 12), Female, MonthOf(2024, 12)},
		{"woman, first month delayed", MonthOf(1970, 1), Female, MonthOf(2025, 2)},
		{"woman born 1981-09 reaches 58", MonthOf(1981, 9), Female, MonthOf(2039, 9)},
		{"woman born 1975-06", MonthOf(1975, 6), Female, MonthOf(2030, 6) + 17}, // m = 66, ⌈66/4⌉ = 17
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := StatutoryRetirement(tt.birth, tt.gender)
			assert.Equal(t, tt.want, got, "got %s, want %s", got, tt.want)
		})
	}
}

// TestRetirementFixedOrStatutory checks that a policy without a
// [retirement_age] table uses the statutory age and one with it the fixed
// ages.
func TestRetirementFixedOrStatutory(t *testing.T) {
	teacher := &Teacher{Birth: MonthOf(1970, 1), Gender: Male}
	p := DefaultPolicy(MonthOf(2026, 9))
	assert.Equal(t, MonthOf(2031, 5), p.Retirement(teacher), "statutory: m = 61, ⌈61/4⌉ = 16 months after 60 (2030-01)")

	fixed, probs := DecodePolicy("policy.toml", []byte("[retirement_age]\nmale = 60\n"), policyNow)
	assert.Empty(t, probs)
	assert.True(t, fixed.FixedRetirementAge)
	assert.Equal(t, MonthOf(2030, 1), fixed.Retirement(teacher), "fixed at 60")
}

// TestDocumentKeys checks the document texts of policy.toml: read, and
// refused when too long, not text, or on several lines.
func TestDocumentKeys(t *testing.T) {
	good := `county_name = "顺林县"
issuing_unit = "顺林县教育局"
stint_text = "2026年9月至2029年8月"
rotation_kind = "交流轮岗"
notice_days = 7
objection_contact = "县教育局人事股，电话 0731-1234567"
`
	p, probs := DecodePolicy("policy.toml", []byte(good), policyNow)
	assert.Empty(t, probs)
	assert.Equal(t, Documents{CountyName: "顺林县", IssuingUnit: "顺林县教育局", StintText: "2026年9月至2029年8月",
		Kind: "交流轮岗", NoticeDays: 7, ObjectionContact: "县教育局人事股，电话 0731-1234567"}, p.Documents)

	long := make([]rune, maxDocumentText+1)
	for i := range long {
		long[i] = '县'
	}
	tests := []struct {
		name, toml, key string
	}{
		{"too long", `county_name = "` + string(long) + `"`, "county_name"},
		{"a number", `issuing_unit = 5`, "issuing_unit"},
		{"two lines", "objection_contact = \"a\\nb\"", "objection_contact"},
		{"negative notice", `notice_days = -1`, "notice_days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := DecodePolicy("policy.toml", []byte(tt.toml), policyNow)
			if assert.Len(t, probs.Errors(), 1, "got %v", probs) {
				assert.Equal(t, tt.key, probs.Errors()[0].Column)
			}
		})
	}
}
