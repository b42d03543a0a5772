package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
)

func TestRoadmapSample(t *testing.T) {
	args := []string{"roadmap", "../../scenarios/sample-county", "--years", "3", "--iterations", "3000"}
	r := run(t, args...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stderr, "got progress or messages on a stderr that is not a terminal")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	require.GreaterOrEqual(t, len(lines), 10)
	assert.Regexp(t, `^1 +2026-09 `, lines[3])
	assert.Regexp(t, `^3 +2028-09 `, lines[5])
	for i, ln := range lines {
		assert.LessOrEqual(t, runewidth.StringWidth(ln), 100, "line %d is %d columns wide, want at most 100:\n%s", i+1, runewidth.StringWidth(ln), ln)
	}
	assert.Contains(t, r.stdout, "需招聘 (hires)")
	assert.Equal(t, r.stdout, run(t, args...).stdout, "roadmap is not deterministic")
}

// roadmapRow returns the cells of the text row of year y.
func roadmapRow(t *testing.T, text string, y int) []string {
	t.Helper()
	for _, ln := range strings.Split(text, "\n") {
		if f := strings.Fields(ln); len(f) > 2 && f[0] == strconv.Itoa(y) && strings.Contains(f[1], "-") {
			return f
		}
	}
	t.Fatalf("no row of year %d in\n%s", y, text)
	return nil
}

func TestRoadmapOutFiles(t *testing.T) {
	tmp := t.TempDir()
	out, book := filepath.Join(tmp, "rm"), filepath.Join(tmp, "roadmap.xlsx")
	args := []string{"roadmap", "../../scenarios/sample-county", "--years", "2", "--iterations", "2000"}
	r := run(t, append(args, "--out", out, "--xlsx", book)...)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "wrote "+book+"\nwrote "+out+"\n", r.stderr)

	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{".rotaplan", "roadmap.csv", "roadmap.json", "roadmap.txt", "roadmap.xlsx"}, names)
	txt, err := os.ReadFile(filepath.Join(out, "roadmap.txt"))
	require.NoError(t, err)
	assert.Equal(t, r.stdout, string(txt), "roadmap.txt differs from the text printed")

	js, err := os.ReadFile(filepath.Join(out, "roadmap.json"))
	require.NoError(t, err)
	var rj document.RoadmapFile
	require.NoError(t, json.Unmarshal(js, &rj))
	assert.Equal(t, "rotaplan", rj.Provenance.Tool)
	assert.Equal(t, "sample-county", rj.Provenance.Dataset)
	assert.Equal(t, uint64(1), rj.Provenance.Seed)
	assert.Equal(t, int64(2000), rj.Provenance.Iterations)
	require.Len(t, rj.Years, 2)

	cf, err := os.ReadFile(filepath.Join(out, "roadmap.csv"))
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(cf), document.UTF8BOM), "roadmap.csv has no BOM")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(cf), document.UTF8BOM))).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 3)
	head := map[string]int{}
	for i, h := range rows[0] {
		head[h] = i
	}
	xl, err := excelize.OpenFile(book)
	require.NoError(t, err)
	xrows, err := xl.GetRows("路线图 roadmap")
	xl.Close()
	require.NoError(t, err)
	require.Len(t, xrows, 3)
	assert.Equal(t, rows[0], xrows[0], "workbook header")

	for i, y := range rj.Years {
		text := roadmapRow(t, r.stdout, y.Year)
		row := rows[i+1]
		assert.Equal(t, y.PlanDate, text[1])
		assert.Equal(t, y.PlanDate, row[head["计划月 plan_date"]])
		assert.Equal(t, strconv.Itoa(y.Quota.Moved), text[4], "year %d moved", y.Year)
		assert.Equal(t, strconv.Itoa(y.Quota.Moved), row[head["交流 moved"]])
		hires := []string{strconv.Itoa(y.Hires.Teachers), strconv.Itoa(y.Hires.Backbone), strconv.Itoa(y.Hires.PEArt)}
		assert.Equal(t, hires, text[len(text)-3:], "year %d: text hires", y.Year)
		assert.Equal(t, hires, []string{row[head["需招聘 hires"]], row[head["其中骨干 hires_backbone"]], row[head["其中体艺 hires_pe_art"]]})
		assert.Equal(t, hires, []string{xrows[i+1][head["需招聘 hires"]], xrows[i+1][head["其中骨干 hires_backbone"]], xrows[i+1][head["其中体艺 hires_pe_art"]]})
		assert.Equal(t, y.AllMeet, y.Hires.Teachers == 0, "year %d: all meet %v with %d hires", y.Year, y.AllMeet, y.Hires.Teachers)
		assert.Positive(t, y.Hires.Teachers, "the sample county does not meet I1-I3 in year %d", y.Year)
	}

	j := run(t, append(args, "--json")...)
	require.Equal(t, exitOK, j.code, j.stderr)
	assert.Equal(t, string(js), j.stdout, "--json differs from roadmap.json")

	again := run(t, append(args, "--out", out)...)
	assert.Equal(t, exitBadInput, again.code, "a non-empty --out without --force")
	assert.Contains(t, again.stderr, "use --force")
	forced := run(t, append(args, "--out", out, "--xlsx", book, "--force")...)
	assert.Equal(t, exitOK, forced.code, forced.stderr)
	after, err := os.ReadFile(filepath.Join(out, "roadmap.json"))
	require.NoError(t, err)
	assert.Equal(t, js, after, "the same run gives the same roadmap.json")
}

func TestRoadmapOutRefused(t *testing.T) {
	tmp := t.TempDir()
	plan := filepath.Join(tmp, "plan")
	require.Equal(t, exitOK, run(t, "plan", "../../scenarios/sample-county", "--iterations", "500", "--out", plan).code)
	other := filepath.Join(tmp, "notes")
	require.NoError(t, os.Mkdir(other, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(other, "notes.txt"), []byte("mine"), 0o644))
	outFolder := filepath.Join(tmp, "rm")
	require.NoError(t, os.Mkdir(outFolder, 0o755))
	const county = "../../scenarios/sample-county"
	tests := []struct {
		name string
		src  string
		args []string
		want string
	}{
		{"a plan folder", county, []string{"--out", plan, "--force"}, "rotaplan plan wrote it"},
		{"a folder of someone else", county, []string{"--out", other, "--force"}, "not empty"},
		{"inside the dataset", county, []string{"--out", county + "/rm"}, "inside the dataset folder"},
		{"inside the scenario's base", examples + "hire.toml", []string{"--out", county + "/rm"}, "inside the dataset folder"},
		{"workbook in the scenario's base", examples + "hire.toml", []string{"--xlsx", county + "/rm.xlsx"}, "inside the dataset folder"},
		{"workbook inside the folder", county, []string{"--out", outFolder, "--xlsx", filepath.Join(outFolder, "r.xlsx")}, "inside the --out folder"},
		{"workbook not .xlsx", county, []string{"--xlsx", filepath.Join(tmp, "r.csv")}, "want a file name ending in .xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, append([]string{"roadmap", tt.src, "--years", "1", "--iterations", "500"}, tt.args...)...)
			assert.Equal(t, exitBadInput, r.code, r.stderr)
			assert.Contains(t, r.stderr, tt.want)
			assert.Empty(t, r.stdout, "nothing is planned")
		})
	}
	b, err := os.ReadFile(filepath.Join(other, "notes.txt"))
	require.NoError(t, err)
	assert.Equal(t, "mine", string(b))
}

func TestRoadmapShortfall(t *testing.T) {
	base, err := filepath.Abs("../../scenarios/sample-county")
	require.NoError(t, err)
	f := filepath.Join(t.TempDir(), "strict.toml")
	text := "name = \"strict\"\nbase = " + `"` + filepath.ToSlash(base) + `"` + "\n\n[policy.thresholds.primary]\nbackbone = 10.0\n"
	require.NoError(t, os.WriteFile(f, []byte(text), 0o644))
	r := run(t, "roadmap", f, "--years", "1", "--iterations", "1000")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "no year of 1 has every in-scope part meeting I1, I2 and I3")
	assert.Contains(t, r.stdout, "rotation alone cannot reach")
	assert.Regexp(t, `I2 \(primary\): county has \d+ backbone primary teachers, parts need \d+\.\d`, r.stdout)
}

func TestRoadmapBadInput(t *testing.T) {
	r := run(t, "roadmap", "../../scenarios/sample-county", "--years", "0")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--years")
	r = run(t, "roadmap", "../../scenarios/testdata/unknown-school.toml", "--years", "1")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "unknown-school.toml:9")
}
