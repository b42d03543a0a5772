package model

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Severity tells whether a Problem stops the run.
type Severity uint8

// Severities: an error rejects the dataset, a warning is reported only.
const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Problem is one finding about the input: where it is and what was expected.
// Line is 1-based and counts the header as line 1; 0 means the whole file.
//
// A problem may quote a cell, and a cell may hold an identity number: the
// problems returned by Load, LoadFS, ReadAssignments, ParseAssignments,
// DecodePolicy and ApplyPolicy have them masked in every field (see
// MaskIDNumbers), and String masks whatever it prints, so that a problem
// built elsewhere is masked too.
type Problem struct {
	Severity Severity
	File     string
	Line     int
	Column   string // the column as written in the file's header, if any
	Value    string // the offending value, if any
	Message  string // what is wrong and what was expected
	// Omitted counts the problems of the same kind left out of the
	// listing in favour of this one, a summary line ("… and 480 more like
	// this"); 0 for an ordinary problem.
	Omitted int
}

// String is the problem as one line, file:line: column c: severity:
// message, with identity numbers masked. Whatever cell a message quotes,
// the line stays one line of text: line breaks and other control
// characters appear escaped (\n, \x1b), and a message longer than
// maxMessageRunes characters is cut in the middle.
func (p Problem) String() string {
	p = p.Masked()
	var b strings.Builder
	b.WriteString(escapeControls(p.File))
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	if p.Column != "" {
		fmt.Fprintf(&b, ": column %s", escapeControls(p.Column))
	}
	fmt.Fprintf(&b, ": %s: %s", p.Severity, cutMiddle(escapeControls(p.Message)))
	return b.String()
}

// Longest message that String prints whole, in characters, and the parts
// of a longer one it keeps: its start, and its end, which says what was
// expected.
const (
	maxMessageRunes  = 1000
	keepMessageStart = 700
	keepMessageEnd   = 250
)

// cutMiddle shortens a message longer than maxMessageRunes characters to
// its start and its end around " … ". A cut may leave part of a longer
// run of digits that reads as an identity number, so the result is
// masked again.
func cutMiddle(s string) string {
	if len(s) <= maxMessageRunes || utf8.RuneCountInString(s) <= maxMessageRunes {
		return s
	}
	r := []rune(s)
	return MaskIDNumbers(string(r[:keepMessageStart]) + " … " + string(r[len(r)-keepMessageEnd:]))
}

// escapeControls writes the control characters of s as Go escapes (a line
// break as \n, an escape as \x1b), so that quoted data can neither break
// a message into lines nor drive the terminal.
func escapeControls(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		if !unicode.IsControl(c) {
			b.WriteRune(c)
			continue
		}
		q := strconv.QuoteRune(c) // '\n', '\x1b', '\u0085'
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

// Masked returns the problem with every identity number in its fields
// masked by MaskIDNumbers.
func (p Problem) Masked() Problem {
	p.File = MaskIDNumbers(p.File)
	p.Column = MaskIDNumbers(p.Column)
	p.Value = MaskIDNumbers(p.Value)
	p.Message = MaskIDNumbers(p.Message)
	return p
}

// Problems is a list of findings in file, line order.
type Problems []Problem

// mask masks the identity numbers of every problem in place; the loaders
// call it on what they return.
func (ps Problems) mask() {
	for i := range ps {
		ps[i] = ps[i].Masked()
	}
}

// Errors returns only the problems of severity Error.
func (ps Problems) Errors() Problems { return ps.filter(Error) }

// ErrorCount is the number of errors found, those left out of the listing
// behind a summary line included.
func (ps Problems) ErrorCount() int {
	n := 0
	for _, p := range ps {
		if p.Severity == Error {
			n += 1 + p.Omitted
		}
	}
	return n
}

// Warnings returns only the problems of severity Warning.
func (ps Problems) Warnings() Problems { return ps.filter(Warning) }

func (ps Problems) filter(s Severity) Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == s {
			out = append(out, p)
		}
	}
	return out
}

// Sort orders problems by file, line and column, keeping the order of
// findings on the same cell.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

// InputError rejects a dataset: it carries every error found, and the
// warnings alongside. The CLI maps it to exit code 2.
type InputError struct {
	Problems Problems
}

// Error names the first error, with identity numbers masked.
func (e *InputError) Error() string {
	errs := e.Problems.Errors()
	if len(errs) == 0 {
		return "invalid input"
	}
	if len(errs) == 1 {
		return errs[0].String()
	}
	return fmt.Sprintf("%d input errors, first: %s", e.Problems.ErrorCount(), errs[0])
}
