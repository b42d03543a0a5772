package model

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// findProblem reports whether probs has a problem of the severity at
// file:line in column whose message contains message.
func findProblem(probs Problems, sev Severity, file string, line int, column, message string) bool {
	for _, p := range probs {
		if p.Severity == sev && p.File == file && p.Line == line && p.Column == column && strings.Contains(p.Message, message) {
			return true
		}
	}
	return false
}

// TestLoadRanges loads a county whose numbers are finite but absurd, or
// not numbers at all: each is refused where it is, with its bound.
func TestLoadRanges(t *testing.T) {
	in, probs, err := Load("testdata/ranges", LoadOptions{})
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	assert.Nil(t, in)
	tests := []struct {
		file    string
		line    int
		column  string
		message string
	}{
		{"schools.csv", 2, "students_primary", `got "2147483648": too large, want an integer from 0 to 1000000`},
		{"schools.csv", 2, "building_area_m2", `got "1e308": too large, want a number from 0 to 10000000 m²`},
		{"schools.csv", 3, "sports_area_m2", `got "1e400": too large, want a number from 0 to 10000000 m²`},
		{"schools.csv", 3, "equipment_value_yuan", `got "1e12": too large, want a number from 0 to 100000000000 yuan`},
		{"teachers.csv", 3, "birth", `got "9999-12": out of range, want a date from 1900-01 to 2100-12`},
		{"teachers.csv", 4, "joined_school", `got "1899-09": out of range, want a date from 1900-01 to 2100-12`},
		{"distances.csv", 2, "km", `got "1e308": too large, want a number from 0 to 5000 km`},
		{"distances.csv", 3, "km", `got "6000": too large`},
		{"distances.csv", 4, "km", `got "inf": too large`},
		{"policy.toml", 3, "rotation_rate", "not a number: want a number from 0 to 1"},
		{"policy.toml", 4, "min_inflow_cap", "too large: want an integer from 0 to 1000000"},
		{"policy.toml", 7, "thresholds.primary.qualified", "too large: want a number > 0 and ≤ 1000000"},
		{"policy.toml", 10, "weights.hard", "too large: want a number from 0 to 1000000000"},
		{"policy.toml", 11, "weights.medium", "too large"},
		{"policy.toml", 12, "weights.per_km", "not a number"},
	}
	for _, tt := range tests {
		t.Run(tt.file+":"+tt.column, func(t *testing.T) {
			assert.True(t, findProblem(probs, Error, tt.file, tt.line, tt.column, tt.message),
				"got problems:\n%swant %s:%d column %s containing %q", problemList(probs), tt.file, tt.line, tt.column, tt.message)
		})
	}
	assert.Len(t, probs, len(tests), "got problems:\n%s", problemList(probs))
}

func TestParseCount(t *testing.T) {
	tests := []struct {
		name string
		v    string
		want int
		err  string // a substring of the error, or "" for none
	}{
		{"plain", "1234", 1234, ""},
		{"thousands", "1,234", 1234, ""},
		{"zero fraction", "12.0", 12, ""},
		{"exponent", "1e3", 1000, ""},
		{"at the bound", "1000000", maxCount, ""},
		{"just above", "1000001", 0, `got "1000001": too large, want an integer from 0 to 1000000`},
		{"int32 overflow", "2147483648", 0, "too large"},
		{"int64 overflow", "99999999999999999999", 0, "too large"},
		{"float overflow", "1e400", 0, "too large"},
		{"infinity", "inf", 0, "too large"},
		{"negative", "-100", 0, `got "-100", want an integer ≥ 0`},
		{"fraction", "3.5", 0, "want an integer ≥ 0"},
		{"not a number", "nan", 0, "want an integer ≥ 0"},
		{"text", "abc", 0, "want an integer ≥ 0"},
		// A Chinese input method types full-width digits and signs.
		{"full-width", "１２３", 123, ""},
		{"full-width thousands", "１，２３４", 1234, ""},
		{"full-width negative", "－５", 0, `got "－５", want an integer ≥ 0`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseCount(tt.v)
			if tt.err == "" {
				require.NoError(t, err)
				assert.Equal(t, tt.want, got, "parseCount(%q): got %d, want %d", tt.v, got, tt.want)
				return
			}
			require.Error(t, err, "parseCount(%q): got %d, want an error", tt.v, got)
			assert.Contains(t, err.Error(), tt.err)
			if !strings.Contains(tt.err, "too large") {
				assert.NotContains(t, err.Error(), "too large")
			}
		})
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		name string
		v    string
		want float64
		err  string
	}{
		{"plain", "2100.5", 2100.5, ""},
		{"thousands", "1,234,567.5", 1234567.5, ""},
		{"at the bound", "1e7", maxArea, ""},
		{"above", "10000001", 0, `got "10000001": too large, want a number from 0 to 10000000 m²`},
		{"finite but absurd", "1e308", 0, "too large"},
		{"overflow", "1e400", 0, "too large"},
		{"infinity", "+Inf", 0, "too large"},
		{"negative", "-1", 0, `got "-1", want a number ≥ 0`},
		{"negative infinity", "-inf", 0, "want a number ≥ 0"},
		{"not a number", "NaN", 0, "want a number ≥ 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseAmount(tt.v, maxArea, "m²")
			if tt.err == "" {
				require.NoError(t, err)
				assert.Equal(t, tt.want, got, "parseAmount(%q): got %v, want %v", tt.v, got, tt.want)
				return
			}
			require.Error(t, err, "parseAmount(%q): got %v, want an error", tt.v, got)
			assert.Contains(t, err.Error(), tt.err)
		})
	}
}

func TestParseMonthRange(t *testing.T) {
	tests := []struct {
		name string
		v    string
		want Month
		err  string
	}{
		{"first month", "1900-01", MonthOf(1900, 1), ""},
		{"last month", "2100-12-31", MonthOf(2100, 12), ""},
		{"year 9999", "9999-12", 0, `got "9999-12": out of range, want a date from 1900-01 to 2100-12`},
		{"year 2101", "210101", 0, "out of range"},
		{"year 1899", "1899年12月", 0, "out of range"},
		{"month 13 is no range matter", "2023-13", 0, `got "2023-13", want a date as YYYY-MM`},
		{"day 30 of February", "2023-02-30", 0, "want a date as YYYY-MM"},
		// A date cell of Excel exported to CSV carries the time of day.
		{"Excel date and time", "2016/9/1 0:00", MonthOf(2016, 9), ""},
		{"date and time with seconds", "2016-09-01 00:00:00", MonthOf(2016, 9), ""},
		{"time after a month only", "2016-09 0:00", 0, "want a date as YYYY-MM"},
		{"not a time", "2016/9/1 soon", 0, "want a date as YYYY-MM"},
		{"full-width digits", "２０１６年９月", MonthOf(2016, 9), ""},
		{"full-width separators", "２０１６－０９", MonthOf(2016, 9), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMonth(tt.v)
			if tt.err == "" {
				require.NoError(t, err)
				assert.Equal(t, tt.want, got, "ParseMonth(%q): got %s, want %s", tt.v, got, tt.want)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.err)
			if !strings.Contains(tt.err, "out of range") {
				assert.NotContains(t, err.Error(), "out of range")
			}
		})
	}
}

func TestPolicyRanges(t *testing.T) {
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		toml     string
		severity Severity
		column   string
		message  string
	}{
		{"huge weight", "[weights]\nhard = 1e308\n", Error, "weights.hard", "too large: want a number from 0 to 1000000000"},
		{"infinite weight", "[weights]\nmove = inf\n", Error, "weights.move", "too large"},
		{"NaN weight", "[weights]\nper_km = nan\n", Error, "weights.per_km", "not a number"},
		{"negative weight", "[weights]\nmedium = -1\n", Error, "weights.medium", "want a number from 0 to 1000000000"},
		{"every weight 0", "[weights]\nhard = 0\nmedium = 0\nmove = 0\nper_km = 0\nnon_volunteer = 0\ngraduating_class = 0\n",
			Error, "weights", "every weight is 0"},
		{"hard weight 0", "[weights]\nhard = 0\n", Warning, "weights.hard", "no longer count"},
		{"NaN rate", "rotation_rate = nan\n", Error, "rotation_rate", "not a number"},
		{"NaN share", "max_inflow_share = nan\n", Error, "max_inflow_share", "from 0 to 1"},
		{"share above 1", "backbone_share = 1.5\n", Error, "backbone_share", "too large: want a number from 0 to 1"},
		{"infinite distance", "max_distance_km = inf\n", Error, "max_distance_km", "too large: want a number from 0 to 5000"},
		{"huge threshold", "[thresholds.junior]\nequipment_value = 1e300\n", Error, "thresholds.junior.equipment_value", "too large"},
		{"NaN threshold", "[thresholds.junior]\nqualified = nan\n", Error, "thresholds.junior.qualified", "not a number"},
		{"zero threshold", "[thresholds.junior]\nqualified = 0\n", Error, "thresholds.junior.qualified", "want a number > 0"},
		{"NaN teaching load", "[teaching_load]\nprimary = nan\n", Error, "teaching_load.primary", "not a number"},
		{"huge teaching load", "[teaching_load]\nprimary = 1e9\n", Error, "teaching_load.primary", "too large"},
		{"NaN periods", "[periods.primary]\nmath = nan\n", Error, "periods.primary.math", "not a number"},
		{"NaN CV limit", "[cv_limit]\njunior = nan\n", Error, "cv_limit.junior", "not a number"},
		{"huge inflow cap", "min_inflow_cap = 2000000\n", Error, "min_inflow_cap", "too large: want an integer from 0 to 1000000"},
		{"huge scope", "scope_min_students = 2000000\n", Error, "scope_min_students", "too large"},
		{"plan date far ahead", "plan_date = 9999-09-01\n", Error, "plan_date", "out of range, want a date from 1900-01 to 2100-12"},
		{"plan date text far ahead", "plan_date = \"9999-09\"\n", Error, "plan_date", "out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := DecodePolicy("policy.toml", []byte(tt.toml), now)
			require.Len(t, probs, 1, "got problems:\n%s", problemList(probs))
			p := probs[0]
			assert.Equal(t, tt.severity, p.Severity, "got %s, want %s: %s", p.Severity, tt.severity, p)
			assert.Equal(t, tt.column, p.Column)
			assert.Contains(t, p.Message, tt.message)
		})
	}
}

// TestPolicyBoundsAreFinite checks that a policy at every upper bound
// keeps the objective of a large county finite: the bounds are low enough.
func TestPolicyBoundsAreFinite(t *testing.T) {
	p := DefaultPolicy(MonthOf(2026, 9))
	p.Weights = Weights{Hard: maxWeight, Medium: maxWeight, Move: maxWeight, PerKm: maxWeight, NonVolunteer: maxWeight, GraduatingClass: maxWeight}
	require.Empty(t, p.Validate())
	const teachers = maxCount
	w := p.Weights
	soft := teachers * (w.Move + w.PerKm*maxKm + w.NonVolunteer + w.GraduatingClass)
	total := w.Hard*teachers + w.Medium*teachers + soft
	assert.False(t, math.IsInf(total, 0) || math.IsNaN(total), "got total %v, want a finite number", total)
	facility := maxEquipmentValue * maxEquipmentValue * maxCount // a squared deviation weighted by students
	assert.False(t, math.IsInf(facility, 0), "got %v, want a finite number", facility)
}
