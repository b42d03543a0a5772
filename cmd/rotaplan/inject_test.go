package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"

	"github.com/rotaplan/rotaplan/cmd/internal/document/documenttest"
)

// testCounty is the six-school county of the model's fixtures.
const testCounty = "../../model/testdata/county"

// hostileCounty copies the test county into a temporary folder with the
// schools and teachers renamed to hostile names and returns it.
func hostileCounty(t *testing.T) string {
	t.Helper()
	dir := copyDataset(t, testCounty)
	for _, file := range []string{"schools.csv", "teachers.csv"} {
		path := filepath.Join(dir, file)
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		require.NoError(t, err)
		col := slices.Index(recs[0], "name")
		require.GreaterOrEqual(t, col, 0, "%s has no name column", file)
		for i, r := range recs[1:] {
			r[col] = documenttest.HostileNames[i%len(documenttest.HostileNames)]
		}
		var b bytes.Buffer
		require.NoError(t, csv.NewWriter(&b).WriteAll(recs))
		require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
	}
	return dir
}

// TestDocumentsHostileNames plans a county whose schools and teachers
// have hostile names and checks every document of the plan: the CSV files
// keep them as text, the workbook holds them as strings and no formula,
// and the page shows them escaped, with no script, image or event
// handler of theirs.
func TestDocumentsHostileNames(t *testing.T) {
	dir := hostileCounty(t)
	tmp := t.TempDir()
	out, xlsx, page := filepath.Join(tmp, "plan"), filepath.Join(tmp, "plan.xlsx"), filepath.Join(tmp, "report.html")
	r := run(t, "plan", dir, "--out", out, "--xlsx", xlsx, "--html", page,
		"--iterations", "2000", "--threads", "1", "--seed", "1", "--include-id-number")
	require.Equal(t, exitOK, r.code, "got exit %d, want 0; stderr:\n%s", r.code, r.stderr)

	// The loader trims the tab and carriage return off the last two.
	loaded := map[string]bool{}
	for _, n := range documenttest.HostileNames {
		loaded[strings.TrimSpace(n)] = true
	}
	schools := make([]string, 0, 6)
	for _, n := range documenttest.HostileNames[:6] {
		schools = append(schools, strings.TrimSpace(n))
	}

	t.Run("CSV", func(t *testing.T) {
		for _, tt := range []struct {
			file string
			want []string
		}{{"plan.csv", nil}, {"schools.csv", schools}} {
			t.Run(tt.file, func(t *testing.T) {
				data, err := os.ReadFile(filepath.Join(out, tt.file))
				require.NoError(t, err)
				documenttest.AssertInertCSV(t, data, tt.want)
			})
		}
	})

	t.Run("XLSX", func(t *testing.T) {
		f := openXLSX(t, xlsx)
		seen := map[string]bool{}
		for _, sh := range f.GetSheetList() {
			rows, err := f.GetRows(sh)
			require.NoError(t, err)
			for r, row := range rows {
				for c, v := range row {
					cell, err := excelize.CoordinatesToCellName(c+1, r+1)
					require.NoError(t, err)
					formula, err := f.GetCellFormula(sh, cell)
					require.NoError(t, err)
					assert.Empty(t, formula, "%s!%s: got formula %q, want none", sh, cell, formula)
					if !loaded[v] {
						continue
					}
					seen[v] = true
					typ, err := f.GetCellType(sh, cell)
					require.NoError(t, err)
					assert.Contains(t, []excelize.CellType{excelize.CellTypeSharedString, excelize.CellTypeInlineString}, typ,
						"%s!%s %q: got cell type %v, want a string", sh, cell, v, typ)
				}
			}
		}
		for _, n := range schools {
			assert.True(t, seen[n], "got no cell %q in the workbook", n)
		}
	})

	t.Run("HTML", func(t *testing.T) {
		data, err := os.ReadFile(page)
		require.NoError(t, err)
		lower := strings.ToLower(string(data))
		for _, raw := range []string{"<script", "<img"} {
			assert.False(t, strings.Contains(lower, raw), "got %q unescaped on the page", raw)
		}
		doc, err := html.Parse(bytes.NewReader(data))
		require.NoError(t, err)
		var elems, handlers []string
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				if n.Data == "script" || n.Data == "img" {
					elems = append(elems, n.Data)
				}
				for _, a := range n.Attr {
					if strings.HasPrefix(strings.ToLower(a.Key), "on") {
						handlers = append(handlers, n.Data+" "+a.Key+"="+a.Val)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		assert.Empty(t, elems, "got elements of the names")
		assert.Empty(t, handlers, "got event handlers of the names")
		text := statsOf(t, data).text.String()
		for _, n := range schools {
			assert.Contains(t, text, n, "got no text %q on the page", n)
		}
	})
}
