// Package documenttest holds what the tests of the documents and of the
// commands share to check that a CSV file rotaplan wrote is safe to open in
// a spreadsheet: the hostile names they plant and the checks of the cells.
package documenttest

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// HostileNames are names a spreadsheet would run as a formula or a browser
// as markup if a document wrote them as they are. Schools take the first
// six, teachers all of them in turn.
var HostileNames = []string{
	`=HYPERLINK("http://x","y")`,
	`<img src=x onerror=alert(1)>`,
	"+1+2",
	`"><script>alert(1)</script>`,
	"-2+3",
	"@SUM(A1)",
	"\t=1+1",
	"\r=1",
}

// utf8BOM starts every CSV file rotaplan writes (document.UTF8BOM; this
// package may not import the documents, whose own tests use it).
const utf8BOM = "\ufeff"

// FormulaLike reports whether a spreadsheet opening a CSV file would take
// the cell v for a formula: it starts with = + - @, a tab or a carriage
// return and is neither a plain number nor a lone dash.
func FormulaLike(v string) bool {
	if v == "" || v == "-" {
		return false
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil && strings.Trim(v, "+-.0123456789") == "" {
		return false
	}
	return strings.ContainsRune("=+-@\t\r", rune(v[0]))
}

// ReadCSV parses a CSV file written by rotaplan, BOM first.
func ReadCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	body, ok := bytes.CutPrefix(data, []byte(utf8BOM))
	require.True(t, ok, "got first bytes % x, want the UTF-8 BOM ef bb bf", data[:min(3, len(data))])
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	return recs
}

// AssertInertCSV checks that no cell of a CSV file is formula-like and that
// each of want appears as a cell: behind a single quote when it is
// formula-like, as it is otherwise.
func AssertInertCSV(t *testing.T, data []byte, want []string) {
	t.Helper()
	cells := map[string]bool{}
	for r, rec := range ReadCSV(t, data) {
		for c, v := range rec {
			assert.False(t, FormulaLike(v), "row %d column %d: got %q, a formula to a spreadsheet", r+1, c+1, v)
			cells[v] = true
		}
	}
	for _, v := range want {
		cell := v
		if FormulaLike(v) {
			cell = "'" + v
		}
		assert.True(t, cells[cell], "got no cell %q for %q", cell, v)
	}
}
