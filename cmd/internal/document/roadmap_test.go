package document

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/scenarios"
	"github.com/rotaplan/rotaplan/solver"
)

// testRoadmap is a roadmap of n years whose counts grow with scale, the
// largest a county of a prefecture's size could give.
func testRoadmap(n, scale int, first int, shortfalls bool) *scenarios.Roadmap {
	rm := &scenarios.Roadmap{First: first}
	for y := 1; y <= n; y++ {
		s := scenarios.Summary{
			Quota: solver.Quota{Eligible: 596 * scale, Required: 60 * scale, Moved: 118 * scale, BackboneMoved: 73 * scale, BackboneRequired: 24 * scale},
			Compliance: []solver.Compliance{
				{Stage: "primary", Parts: 50 * scale, Before: 7, After: 6 * scale},
				{Stage: "junior", Parts: 14 * scale, Before: 3, After: 3 * scale},
			},
			Medium: 174.268 * float64(scale*y), Moves: 118 * scale, Km: 2027.5, Total: 22244.26 * float64(scale), AllMeet: y >= first && first > 0,
		}
		for st := range s.CV {
			for k := range s.CV[st] {
				s.CV[st][k] = 0.1 * float64(1+k+st)
			}
		}
		s.CV[model.Junior][model.PEArt] = math.NaN()
		h := scenarios.Hires{Teachers: 31 * scale * y, Backbone: 15 * scale, PEArt: 4 * scale}
		if s.AllMeet {
			h = scenarios.Hires{}
		}
		rm.Years = append(rm.Years, scenarios.Year{Year: y, PlanDate: model.MonthOf(2025+y, 9), Returned: 118 * scale, Retired: 164 * scale,
			Summary: s, Hires: h})
	}
	if shortfalls {
		rm.ShortfallYear = 4
		rm.Shortfalls = []scenarios.Shortfall{
			{Stage: model.Junior, Indicator: model.Qualified, Have: 634 * scale, Need: 637.3 * float64(scale)},
			{Stage: model.Primary, Indicator: model.BackboneI, Have: 258 * scale, Need: 269.6 * float64(scale)},
			{Stage: model.Primary, Indicator: model.PEArt, Have: 258 * scale, Need: 269.6 * float64(scale)},
		}
	}
	return rm
}

func TestWriteRoadmapFitsWidth(t *testing.T) {
	tests := []struct {
		name string
		rm   *scenarios.Roadmap
		want string
	}{
		{"sample county, not reached", testRoadmap(6, 1, 0, true), "rotation alone cannot reach"},
		{"reached in year 2", testRoadmap(3, 1, 2, false), "every in-scope part meets I1, I2 and I3 in year 2"},
		{"supply covers, caps limit", testRoadmap(5, 1, 0, false), "county-wide supply covers every indicator"},
		{"50 years of a province", testRoadmap(50, 100, 0, true), "no year of 50"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, WriteRoadmap(&b, tt.rm))
			out := b.String()
			assert.Contains(t, out, tt.want)
			for i, ln := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				assert.LessOrEqual(t, runewidth.StringWidth(ln), 100, "line %d is %d columns wide, want at most 100:\n%s", i+1, runewidth.StringWidth(ln), ln)
			}
			// One row per year in each of the two tables.
			for _, y := range tt.rm.Years {
				assert.Regexp(t, `(?m)^`+strconv.Itoa(y.Year)+` +`+y.PlanDate.String()+` `, out, "year %d row", y.Year)
			}
		})
	}
}

func TestWriteRoadmapHires(t *testing.T) {
	rm := testRoadmap(2, 1, 0, false)
	rm.Years[1].Hires = scenarios.Hires{Teachers: 29, Backbone: 7, PEArt: 6}
	var b bytes.Buffer
	require.NoError(t, WriteRoadmap(&b, rm))
	var row []string
	for _, ln := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(ln, "2 ") {
			row = strings.Fields(ln)
			break
		}
	}
	require.NotNil(t, row, "no row of year 2 in\n%s", b.String())
	assert.Equal(t, []string{"29", "7", "6"}, row[len(row)-3:], "got hires, backbone, PE/art %v, want 29 7 6", row[len(row)-3:])
}

func TestRoadmapCSVRoundTrip(t *testing.T) {
	rm := testRoadmap(3, 1, 0, true)
	b := RoadmapCSV(rm)
	require.True(t, bytes.HasPrefix(b, []byte(UTF8BOM)), "roadmap.csv has no BOM")
	rows, err := csv.NewReader(bytes.NewReader(b[len(UTF8BOM):])).ReadAll()
	require.NoError(t, err)
	tab := RoadmapTable(rm)
	require.Len(t, rows, 1+len(rm.Years))
	assert.Equal(t, tab.Head, rows[0])
	col := func(name string) int {
		for i, h := range rows[0] {
			if strings.HasSuffix(h, " "+name) {
				return i
			}
		}
		t.Fatalf("no column %s in %v", name, rows[0])
		return -1
	}
	for i, y := range rm.Years {
		r := rows[i+1]
		assert.Equal(t, strconv.Itoa(y.Year), r[col("year")])
		assert.Equal(t, y.PlanDate.String(), r[col("plan_date")])
		assert.Equal(t, strconv.Itoa(y.Hires.Teachers), r[col("hires")])
		assert.Equal(t, strconv.Itoa(y.Hires.Backbone), r[col("hires_backbone")])
		assert.Equal(t, strconv.Itoa(y.Hires.PEArt), r[col("hires_pe_art")])
		assert.Equal(t, "6", r[col("compliant_primary")])
		assert.Equal(t, "50", r[col("parts_primary")])
		assert.Equal(t, "-", r[col("cv_junior_pe_art")], "an undefined CV")
		m, err := strconv.ParseFloat(r[col("medium_deficit")], 64)
		require.NoError(t, err)
		assert.InDelta(t, y.Summary.Medium, m, 1e-3)
	}
}

func TestRoadmapJSONRoundTrip(t *testing.T) {
	rm := testRoadmap(3, 1, 0, true)
	prov := Provenance{Tool: "rotaplan", Version: "test", Dataset: "sample-county", Seed: 7, Threads: 1}
	b, err := RoadmapJSON(rm, prov)
	require.NoError(t, err)
	var got RoadmapFile
	require.NoError(t, json.Unmarshal(b, &got))
	assert.Equal(t, NewRoadmapFile(rm, prov), got)
	require.Len(t, got.Years, 3)
	y := got.Years[2]
	assert.Equal(t, "2028-09", y.PlanDate)
	assert.Equal(t, RoadmapHires{Teachers: 93, Backbone: 15, PEArt: 4}, y.Hires)
	require.Len(t, y.CV, 6)
	assert.Nil(t, y.CV[5].After, "an undefined CV is null")
	assert.Equal(t, RoadmapCV{Stage: "junior", Indicator: "pe_art"}, y.CV[5])
	assert.Equal(t, 3*164, got.RetiredTotal)
	assert.Equal(t, RoadmapShortfall{Stage: "primary", Indicator: "backbone", Have: 258, Need: 269.6}, got.Shortfalls[1])

	var keys map[string]any
	require.NoError(t, json.Unmarshal(b, &keys))
	for _, k := range []string{"provenance", "years", "first_year", "shortfalls", "shortfall_year", "retired_total"} {
		assert.Contains(t, keys, k)
	}
}

func TestRoadmapXLSXRoundTrip(t *testing.T) {
	rm := testRoadmap(4, 1, 3, false)
	b, err := RoadmapXLSX(rm)
	require.NoError(t, err)
	f, err := excelize.OpenReader(bytes.NewReader(b))
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, []string{"路线图 roadmap"}, f.GetSheetList())
	rows, err := f.GetRows("路线图 roadmap")
	require.NoError(t, err)
	tab := RoadmapTable(rm)
	require.Len(t, rows, 1+len(tab.Rows))
	assert.Equal(t, tab.Head, rows[0])
	for i, want := range tab.Rows {
		require.Len(t, rows[i+1], len(want), "row %d", i+1)
		for c, cell := range want {
			if x, err := strconv.ParseFloat(cell, 64); err == nil {
				got, err := strconv.ParseFloat(rows[i+1][c], 64)
				require.NoError(t, err, "row %d column %s: got %q, want a number", i+1, tab.Head[c], rows[i+1][c])
				assert.InDelta(t, x, got, 1e-9, "row %d column %s", i+1, tab.Head[c])
				continue
			}
			assert.Equal(t, cell, rows[i+1][c], "row %d column %s", i+1, tab.Head[c])
		}
	}
	assert.Equal(t, "yes", rows[3][len(rows[3])-1], "year 3 meets I1-I3")
}
