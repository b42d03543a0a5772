package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
)

// structuresDataset copies the sample county into a temporary folder and
// moves receiving school 43010060 into a district of its own, 孤岛片区.
func structuresDataset(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"schools.csv", "teachers.csv", "policy.toml", "history.csv", "wishes.csv", "pairs.csv"} {
		b, err := os.ReadFile(filepath.Join(sampleCounty, name))
		require.NoError(t, err)
		if name == "schools.csv" {
			lines := strings.Split(string(b), "\n")
			found := false
			for i, l := range lines {
				if strings.HasPrefix(l, "43010060,") {
					cells := strings.Split(l, ",")
					cells[len(cells)-2] = "孤岛片区"
					lines[i] = strings.Join(cells, ",")
					found = true
				}
			}
			require.True(t, found, "school 43010060 is in the sample county")
			b = []byte(strings.Join(lines, "\n"))
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o644))
	}
	return dir
}

// TestCheckStructures: check lists the districts, groups, pairs and the
// principals due, and warns about a district with receivers but no source.
func TestCheckStructures(t *testing.T) {
	r := run(t, "check", sampleCounty)
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	for _, s := range []string{
		"学校结构 (school structures): 交流范围 (move_scope) county",
		"学区 (districts) 4: 东片区 16 (输出 sources 2, 接收 receivers 14)",
		"教育集团 (groups) 3:",
		"结对帮扶 (pairs): 26",
		"校长任职满 6 年 (principals due): 8",
		"学区 (districts): 达标校 (compliant parts)",
		"校长交流 (principal exchange, tenure ≥ 6 years): 到期 (due) 8",
		"小学 一级及以上职称占比 (titled first or higher)",
	} {
		assert.Contains(t, r.stdout, s)
	}
	assert.NotContains(t, r.stderr, "no source school")

	dir := structuresDataset(t)
	r = run(t, "check", dir)
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	assert.Contains(t, r.stderr, "schools.csv: column district: warning: district 孤岛片区 has 1 receiving school but no source school: within the district (move_scope = district) no teacher can be sent there")

	r = run(t, "check", "--json", dir)
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	var got struct {
		Summary struct {
			Structures structureSummary `json:"structures"`
		} `json:"summary"`
		Standing struct {
			Districts []struct {
				Name string `json:"name"`
			} `json:"districts"`
			Principals struct {
				Due   int `json:"due"`
				Moves []struct {
					From string `json:"from_school_id"`
					To   string `json:"to_school_id"`
				} `json:"moves"`
			} `json:"principals"`
		} `json:"standing"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &got), "stdout:\n%s", r.stdout)
	st := got.Summary.Structures
	require.Len(t, st.Districts, 5)
	assert.Equal(t, unitCount{Name: "孤岛片区", Schools: 1, Receivers: 1}, st.Districts[3], "districts by name: 东 北 南 孤 西")
	require.Len(t, st.Warnings, 1)
	assert.Equal(t, 26, st.Pairs)
	assert.Equal(t, 8, st.PrincipalsDue)
	assert.Len(t, got.Standing.Districts, 5)
	assert.Equal(t, 8, got.Standing.Principals.Due)
	for _, m := range got.Standing.Principals.Moves {
		assert.NotEqual(t, m.From, m.To)
	}
}

// TestPlanPrincipalsCSV checks principals.csv of the sample county's plan
// folder: the heads, one row per principal of the exchange in plan.json,
// nobody to their own school, no school twice, and the identity numbers
// of the dataset nowhere.
func TestPlanPrincipalsCSV(t *testing.T) {
	out, _ := samplePlan(t)
	recs := readCSV(t, filepath.Join(out, "principals.csv"))
	require.NotEmpty(t, recs)
	assert.Equal(t, document.PrincipalsHeads("zh"), recs[0])
	b, err := os.ReadFile(filepath.Join(out, "plan.json"))
	require.NoError(t, err)
	var pj struct {
		Report struct {
			Principals *struct {
				Moves []struct {
					ID   string `json:"teacher_id"`
					From string `json:"from_school_id"`
					To   string `json:"to_school_id"`
				} `json:"moves"`
			} `json:"principals"`
		} `json:"report"`
	}
	require.NoError(t, json.Unmarshal(b, &pj))
	require.NotNil(t, pj.Report.Principals)
	moves := pj.Report.Principals.Moves
	require.Len(t, recs[1:], len(moves))
	require.Equal(t, 8, len(moves), "the sample county's eight due principals all find a post")
	to := map[string]bool{}
	for i, row := range recs[1:] {
		assert.Equal(t, moves[i].ID, row[0])
		assert.Equal(t, moves[i].From, row[2])
		assert.Equal(t, moves[i].To, row[4])
		assert.NotEqual(t, row[2], row[4], "principal %s stays", row[0])
		assert.False(t, to[row[4]], "two principals to %s", row[4])
		to[row[4]] = true
		years, err := strconv.ParseFloat(row[7], 64)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, years, 6.0)
	}
	b, err = os.ReadFile(filepath.Join(out, "principals.csv"))
	require.NoError(t, err)
	assert.NotRegexp(t, `\d{17}[\dX]`, string(b), "an identity number in principals.csv")
}
