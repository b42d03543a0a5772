package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Month is a calendar month counted from year 0 (year*12 + month-1). Rosters
// give birth and arrival dates to the month; days are ignored.
type Month int32

// MonthOf returns the Month of a year and a month 1..12.
func MonthOf(year, month int) Month { return Month(year*12 + month - 1) }

// Year is the calendar year.
func (m Month) Year() int { return int(m) / 12 }

// MonthNum is the month of the year, 1..12.
func (m Month) MonthNum() int { return int(m)%12 + 1 }

func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year(), m.MonthNum()) }

// YearsUntil is the whole and fractional years from m to later.
func (m Month) YearsUntil(later Month) float64 { return float64(later-m) / 12 }

// The years a date may fall in: birth and arrival dates of teachers in
// service and the plan date are all well inside.
const (
	minYear = 1900
	maxYear = 2100
)

// ParseMonth accepts YYYY-MM, YYYYMM, YYYY-MM-DD, YYYY/MM, YYYY/MM/DD,
// YYYY.MM, YYYYMMDD and 2006年1月, from 1900-01 to 2100-12; the day, when
// given, must exist.
func ParseMonth(v string) (Month, error) {
	s := strings.TrimSpace(strings.Trim(narrow(v), "\u3000"))
	bad := fmt.Errorf("got %q, want a date as YYYY-MM, YYYYMM or YYYY-MM-DD", v)
	// A date cell of Excel exported to CSV carries the time of day, as
	// 2016/9/1 0:00; the time is dropped after a full date.
	withTime := false
	if d, tm, ok := strings.Cut(s, " "); ok && isClock(strings.TrimSpace(tm)) {
		s, withTime = d, true
	}
	s = strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-").Replace(s)
	s = strings.TrimSuffix(s, "-")
	var parts []string
	switch {
	case strings.Contains(s, "-"):
		parts = strings.Split(s, "-")
	case len(s) == 6:
		parts = []string{s[:4], s[4:]}
	case len(s) == 8:
		parts = []string{s[:4], s[4:6], s[6:]}
	default:
		return 0, bad
	}
	if len(parts) < 2 || len(parts) > 3 || len(parts[0]) != 4 {
		return 0, bad
	}
	y, err1 := strconv.Atoi(parts[0])
	mo, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || mo < 1 || mo > 12 {
		return 0, bad
	}
	if y < minYear || y > maxYear {
		return 0, errYearRange(v)
	}
	if withTime && len(parts) != 3 {
		return 0, bad
	}
	if len(parts) == 3 {
		d, err := strconv.Atoi(parts[2])
		if err != nil || d < 1 || d > daysIn(y, mo) {
			return 0, bad
		}
	}
	return MonthOf(y, mo), nil
}

// errYearRange is the error of a well-formed date outside the years accepted.
func errYearRange(v string) error {
	return fmt.Errorf("got %q: out of range, want a date from %04d-01 to %04d-12", v, minYear, maxYear)
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// isClock reports whether v is a time of day as H:MM or H:MM:SS.
func isClock(v string) bool {
	f := strings.Split(v, ":")
	if len(f) < 2 || len(f) > 3 || len(f[0]) < 1 || len(f[0]) > 2 || !isDigits(f[0]) {
		return false
	}
	for _, x := range f[1:] {
		if len(x) != 2 || !isDigits(x) {
			return false
		}
	}
	return true
}
