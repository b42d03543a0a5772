package model

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// rowCursor walks the data rows of a table whose header was mapped to a
// column set, and records problems against the current row.
type rowCursor struct {
	t     *Table
	cols  []Column
	m     columnMap
	row   []string
	line  int
	probs *Problems
}

func newRowCursor(t *Table, cs *columnSet, m columnMap, probs *Problems) *rowCursor {
	return &rowCursor{t: t, cols: cs.cols, m: m, probs: probs}
}

// at moves to data row i.
func (r *rowCursor) at(i int) {
	r.row = r.t.Row(i)
	r.line = r.t.Line(i)
}

// get returns the trimmed cell of field c, or "" when the file lacks it.
// A cell that a spreadsheet-safe writer quoted (a single quote before a
// leading = + - @, tab or CR, as rotaplan's own CSV files do) is read as
// the text after the quote, so a plan file reads back as it was written.
func (r *rowCursor) get(c int) string {
	if p := r.m.pos[c]; p >= 0 {
		return unquoteCell(r.row[p])
	}
	return ""
}

// unquoteCell drops the single quote that neutralises a formula-like cell.
func unquoteCell(v string) string {
	if len(v) < 2 || v[0] != '\'' {
		return v
	}
	rest := v[1:]
	lead := strings.TrimLeft(rest, " \t\r\n")
	if rest[0] == '\t' || rest[0] == '\r' || lead != "" && strings.IndexByte("=+-@", lead[0]) >= 0 {
		return rest
	}
	return v
}

// text is the free text of field c (a name, a reason), made safe to show:
// an identity number in it is masked and control characters are dropped,
// each with a warning, since both are data pasted into the wrong cell.
func (r *rowCursor) text(c int, v string) string {
	if m := MaskIDNumbers(v); m != v {
		r.report(Warning, c, m, "holds an identity number, masked in every output: identity numbers belong in id_number (身份证件号)")
		v = m
	}
	if strings.IndexFunc(v, unicode.IsControl) >= 0 {
		v = strings.Map(func(c rune) rune {
			if unicode.IsControl(c) {
				return -1
			}
			return c
		}, v)
		r.report(Warning, c, v, "holds control characters (a tab, a NUL); they are dropped")
	}
	return v
}

// checkCode records an error when the code v of field c (a school_id, a
// teacher_id) holds control characters, which would reach every output and
// the terminal as they are, where an escape sequence acts; or when it is a
// number in scientific notation, which Excel made of a long code and which
// lost its last digits. The row is kept, so that its references do not
// fail too.
func (r *rowCursor) checkCode(c int, v string) {
	switch {
	case strings.IndexFunc(v, unicode.IsControl) >= 0:
		r.errorf(c, "holds control characters (an escape, a tab): want a code of letters and digits")
	case isScientific(v) && strings.Contains(strings.ToUpper(v), "E+"): // as Excel writes it: 4.301E+09
		r.errorf(c, "looks like a number Excel wrote in scientific notation, which loses digits: format the column as text (设置单元格格式 → 文本) and enter the codes again")
	}
}

// header returns the header text of field c as written in the file, or its
// English name when the file lacks the column.
func (r *rowCursor) header(c int) string {
	if p := r.m.pos[c]; p >= 0 {
		return r.t.Header[p]
	}
	return r.cols[c].Key
}

// report records a problem on field c of the current row.
func (r *rowCursor) report(sev Severity, c int, value, format string, args ...any) {
	*r.probs = append(*r.probs, Problem{
		Severity: sev, File: r.t.Name, Line: r.line, Column: r.header(c),
		Value: value, Message: fmt.Sprintf(format, args...),
	})
}

// errorf records an error on field c with the cell's value.
func (r *rowCursor) errorf(c int, format string, args ...any) {
	r.report(Error, c, r.get(c), format, args...)
}

// fail records err, the message of a Parse function, on field c.
func (r *rowCursor) fail(c int, err error) {
	r.report(Error, c, r.get(c), "%s", err.Error())
}

// required returns the cell of field c and records an error when it is empty.
func (r *rowCursor) required(c int, want string) (string, bool) {
	v := r.get(c)
	if v == "" {
		r.report(Error, c, "", "missing value, want %s", want)
		return "", false
	}
	return v, true
}

const (
	wantCount  = "an integer ≥ 0"
	wantNumber = "a number ≥ 0"
)

// Upper bounds of the values of a dataset: far above any real school, and
// low enough that sums and products over a county stay finite and exact.
const (
	maxCount          = 1_000_000 // students, classes, rooms, staff quota of one school
	maxArea           = 1e7       // m² of one school: 10 km²
	maxEquipmentValue = 1e11      // yuan of one school's equipment
	maxKm             = 5000      // km between two schools of one county
)

// count parses field c as an integer from 0 to maxCount; empty is zero
// unless need is set.
func (r *rowCursor) count(c int, need bool) (int, bool) {
	v := r.get(c)
	if v == "" {
		if need {
			r.report(Error, c, "", "missing value, want %s", wantCount)
			return 0, false
		}
		return 0, true
	}
	n, err := parseCount(v)
	if err != nil {
		r.fail(c, err)
		return 0, false
	}
	return n, true
}

// amount parses field c as a number from 0 to most, in unit; empty is zero
// unless need is set.
func (r *rowCursor) amount(c int, need bool, most float64, unit string) (float64, bool) {
	v := r.get(c)
	if v == "" {
		if need {
			r.report(Error, c, "", "missing value, want %s", wantNumber)
			return 0, false
		}
		return 0, true
	}
	x, err := parseAmount(v, most, unit)
	if err != nil {
		r.fail(c, err)
		return 0, false
	}
	return x, true
}

// flag parses field c as a boolean; empty is false.
func (r *rowCursor) flag(c int) bool {
	v := r.get(c)
	if v == "" {
		return false
	}
	b, err := ParseBool(v)
	if err != nil {
		r.fail(c, err)
	}
	return b
}

// parseCount parses an integer from 0 to maxCount, accepting thousands
// separators (1,234) and a zero fraction (12.0) as spreadsheets write them.
func parseCount(v string) (int, error) {
	s := stripThousands(v)
	f, err := strconv.ParseFloat(s, 64)
	if (err != nil && !isOverflow(v)) || math.IsNaN(f) || f != math.Trunc(f) || f < 0 {
		// ParseFloat reads every integer Atoi reads; what it rejects, or
		// reads as a fraction or a negative number, is no count.
		return 0, fmt.Errorf("got %q, want %s", v, wantCount)
	}
	if f > maxCount {
		return 0, fmt.Errorf("got %q: too large, want an integer from 0 to %d", v, maxCount)
	}
	return int(f), nil
}

// parseAmount parses a finite number from 0 to most, in unit, accepting
// thousands separators.
func parseAmount(v string, most float64, unit string) (float64, error) {
	f, err := parseNumber(v)
	switch {
	case err != nil && isOverflow(v):
		return 0, fmt.Errorf("got %q: too large, want a number from 0 to %s %s", v, plainBound(most), unit)
	case err != nil || f < 0:
		return 0, fmt.Errorf("got %q, want %s", v, wantNumber)
	case f > most:
		return 0, fmt.Errorf("got %q: too large, want a number from 0 to %s %s", v, plainBound(most), unit)
	}
	return f, nil
}

// parseNumber parses a finite decimal number, accepting thousands separators.
func parseNumber(v string) (float64, error) {
	f, err := strconv.ParseFloat(stripThousands(v), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("got %q, want a number", v)
	}
	return f, nil
}

// isOverflow reports whether v is a positive number too large for a float64,
// such as 1e400, or written as infinity.
func isOverflow(v string) bool {
	f, err := strconv.ParseFloat(stripThousands(v), 64)
	return math.IsInf(f, 1) && (err == nil || errors.Is(err, strconv.ErrRange))
}

// narrow turns the full-width digits, signs and letters of v, as a
// Chinese input method types them (１２３．５), into ASCII; text that is
// ASCII already, nearly every cell, is returned as it is, unallocated.
func narrow(v string) string {
	for i := range len(v) {
		if v[i] >= utf8.RuneSelf {
			return width.Narrow.String(v)
		}
	}
	return v
}

// stripThousands removes the commas of a number written as 1,234,567.5; any
// other text is returned unchanged. Full-width digits and signs are read
// as ASCII first (see narrow).
func stripThousands(v string) string {
	v = narrow(v)
	if !strings.Contains(v, ",") {
		return v
	}
	intPart, frac, _ := strings.Cut(v, ".")
	digits := strings.TrimPrefix(intPart, "-")
	groups := strings.Split(digits, ",")
	if len(groups[0]) < 1 || len(groups[0]) > 3 {
		return v
	}
	for i, g := range groups {
		if (i > 0 && len(g) != 3) || !isDigits(g) {
			return v
		}
	}
	out := strings.ReplaceAll(intPart, ",", "")
	if strings.Contains(v, ".") {
		out += "." + frac
	}
	return out
}

// refHint explains why a code that names no record may be wrong: a number
// Excel rewrote in scientific notation, or an identity number where a code
// belongs. It is "" or starts with "; ".
func refHint(v string) string {
	switch {
	case isScientific(v):
		return "; it looks like a number Excel wrote in scientific notation, which loses digits: format the column as text (设置单元格格式 → 文本) and enter the codes again"
	case ValidIDNumber(v):
		return "; it looks like an identity number (身份证件号), which identifies no record here: give the code"
	}
	return ""
}

// leadingZeros finds the teacher numbers that a spreadsheet shortened by
// dropping their leading zeros (007 → 7), as it does in a General cell.
type leadingZeros map[string]string // digits without leading zeros → teacher number; built on first use

// hint is the part of the message about the unknown teacher number id
// that names the teacher with the same digits and leading zeros, if any.
func (z *leadingZeros) hint(in *Instance, id string) string {
	if !isDigits(id) {
		return ""
	}
	if *z == nil {
		*z = make(leadingZeros)
		for i := range in.Teachers {
			if v := in.Teachers[i].ID; len(v) > 1 && v[0] == '0' && isDigits(v) {
				(*z)[strings.TrimLeft(v, "0")] = v
			}
		}
	}
	v, ok := (*z)[strings.TrimLeft(id, "0")]
	if !ok || v == id {
		return ""
	}
	return fmt.Sprintf("; teacher %s has the same digits: Excel drops the leading zeros of a number, so format the column as text (设置单元格格式 → 文本) and enter the codes again", v)
}

// teacherHint is the hint of a message about the unknown teacher number
// id of a dataset file: refHint's, or the teacher it was before a
// spreadsheet dropped its leading zeros.
func (l *loader) teacherHint(id string) string {
	if h := refHint(id); h != "" {
		return h
	}
	return l.zeros.hint(l.in, id)
}

// schoolHint is the hint of a message about the unknown school code id:
// refHint's, or the code of the one school that has id as its name.
func (l *loader) schoolHint(id string) string {
	if h := refHint(id); h != "" {
		return h
	}
	if j, n := l.schoolByName(id); n == 1 {
		return "; it is the name of school " + l.in.Schools[j].ID + ": give the code (学校代码)"
	}
	return ""
}

// isScientific reports whether v is a number in scientific notation such
// as 4.301E+09, as Excel shows a long number in a General cell.
func isScientific(v string) bool {
	mant, exp, ok := strings.Cut(strings.ToUpper(v), "E")
	if !ok || mant == "" || exp == "" {
		return false
	}
	exp = strings.TrimPrefix(strings.TrimPrefix(exp, "+"), "-")
	whole, frac, _ := strings.Cut(mant, ".")
	return isDigits(whole) && (frac == "" || isDigits(frac)) && isDigits(exp)
}

// enumCache memoises a Parse function per distinct cell value: a roster of
// 100,000 teachers has a few dozen distinct subjects, stages and dates.
type enumCache[T any] struct {
	parse func(string) (T, error)
	m     map[string]T
}

func newEnumCache[T any](parse func(string) (T, error)) *enumCache[T] {
	return &enumCache[T]{parse: parse, m: make(map[string]T)}
}

// get parses v, from the cache when it was seen before.
func (c *enumCache[T]) get(v string) (T, error) {
	if x, ok := c.m[v]; ok {
		return x, nil
	}
	x, err := c.parse(v)
	if err == nil && len(c.m) < 4096 {
		c.m[strings.Clone(v)] = x
	}
	return x, err
}

// enumField parses field c with cache; an error is recorded and ok is false.
func enumField[T any](r *rowCursor, c int, cache *enumCache[T]) (T, bool) {
	x, err := cache.get(r.get(c))
	if err != nil {
		r.fail(c, err)
		return x, false
	}
	return x, true
}
