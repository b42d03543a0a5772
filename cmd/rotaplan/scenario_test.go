package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/rotaplan/rotaplan/scenarios"
)

const examples = "../../scenarios/examples/"

// row returns the cells of the comparison row whose label starts with label.
func row(t *testing.T, out, label string) []string {
	t.Helper()
	for _, ln := range strings.Split(out, "\n") {
		if strings.HasPrefix(ln, label) {
			return strings.Fields(strings.TrimPrefix(ln, label))
		}
	}
	t.Fatalf("no row %q in\n%s", label, out)
	return nil
}

func TestScenarioRunCompares(t *testing.T) {
	args := []string{"scenario", "run", examples + "base.toml", examples + "quota15.toml", "--iterations", "5000"}
	first := run(t, args...)
	require.Equal(t, 0, first.code, first.stderr)
	second := run(t, append(args, "--threads", "1")...)
	require.Equal(t, 0, second.code, second.stderr)
	assert.Equal(t, first.stdout, second.stdout, "comparison differs between runs and pool sizes")

	head := row(t, first.stdout, "指标 (figure)")
	assert.Equal(t, []string{"base", "quota15"}, head)
	req := row(t, first.stdout, "应交流 required")
	require.Len(t, req, 2)
	base, err1 := strconv.Atoi(req[0])
	q15, err2 := strconv.Atoi(req[1])
	require.NoError(t, err1)
	require.NoError(t, err2)
	assert.Greater(t, q15, base, "got required %d with 15%%, want more than %d of the base", q15, base)
	elig := row(t, first.stdout, "符合条件 eligible")
	assert.Equal(t, elig[0], elig[1], "the quota does not change who is eligible")
}

func TestScenarioRunOut(t *testing.T) {
	out := filepath.Join(t.TempDir(), "cmp")
	r := run(t, "scenario", "run", examples+"base.toml", examples+"weak-school.toml", "--iterations", "3000", "--out", out, "--lang", "en")
	require.Equal(t, 0, r.code, r.stderr)
	cmp, err := os.ReadFile(filepath.Join(out, "comparison.csv"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(cmp), "\ufeff"), "comparison.csv has no BOM")
	assert.Contains(t, string(cmp), "base,weak-shuanggang")
	xl, err := excelize.OpenFile(filepath.Join(out, "comparison.xlsx"))
	require.NoError(t, err)
	defer xl.Close()
	rows, err := xl.GetRows(xl.GetSheetName(0))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(rows), 3)
	assert.Equal(t, []string{"指标 (figure)", "base", "weak-shuanggang"}, rows[0])
	for _, name := range []string{"base", "weak-shuanggang"} {
		plan, err := os.ReadFile(filepath.Join(out, name, "plan.csv"))
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(string(plan), "\ufeffno,teacher_id"), "%s/plan.csv header", name)
		_, err = os.Stat(filepath.Join(out, name, "schools.csv"))
		assert.NoError(t, err)
	}
	again := run(t, "scenario", "run", examples+"base.toml", "--iterations", "3000", "--out", out)
	assert.Equal(t, 2, again.code, "a non-empty --out without --force")
}

func TestScenarioRunBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown school", []string{examples + "base.toml", "../../scenarios/testdata/unknown-school.toml"},
			`unknown-school.toml:9: column school: error: unknown school_id "99999999"`},
		{"missing file", []string{"nope.toml"}, "nope.toml: error: cannot read scenario"},
		{"no file", nil, "(missing scenario file)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, append([]string{"scenario", "run", "--iterations", "1000"}, tc.args...)...)
			assert.Equal(t, 2, r.code)
			assert.Contains(t, r.stderr, tc.want)
			assert.Empty(t, r.stdout)
		})
	}
}

// TestScenarioDirs checks the sub-folder names of scenario run --out: every
// name is unique even on a file system that ignores case, a name made
// unique never takes another scenario's name, and no name is one that
// Windows reserves or cannot keep.
func TestScenarioDirs(t *testing.T) {
	tests := []struct {
		name  string
		names []string
		want  []string
	}{
		{"plain", []string{"base", "quota15"}, []string{"base", "quota15"}},
		{"same name", []string{"a", "a"}, []string{"a", "a-2"}},
		{"suffix taken by another scenario", []string{"a", "a", "a-2"}, []string{"a", "a-3", "a-2"}},
		{"suffix taken earlier", []string{"a-2", "a", "a"}, []string{"a-2", "a", "a-3"}},
		{"names that differ in case", []string{"Base", "base"}, []string{"Base", "base-2"}},
		{"separators and control characters", []string{"a/b", "x\x00y"}, []string{"a_b", "x_y"}},
		{"dots", []string{"", ".", ".."}, []string{"scenario", "scenario-2", "scenario-3"}},
		{"files of the folder", []string{"comparison.csv", ".rotaplan"}, []string{"_comparison.csv", "_.rotaplan"}},
		{"Windows device names", []string{"CON", "nul.txt", "com1", "LPT9.csv", "console"}, []string{"_CON", "_nul.txt", "_com1", "_LPT9.csv", "console"}},
		{"trailing dot or space", []string{"v1.", "v2 "}, []string{"v1_", "v2_"}},
		{"too long", []string{strings.Repeat("情", 100)}, []string{strings.Repeat("情", 60)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scs := make([]*scenarios.Scenario, len(tt.names))
			for i, n := range tt.names {
				scs[i] = &scenarios.Scenario{Name: n}
			}
			got := scenarioDirs(scs)
			assert.Equal(t, tt.want, got)
			seen := map[string]bool{}
			for _, d := range got {
				assert.False(t, seen[strings.ToLower(d)], "got %q twice, want unique names", d)
				seen[strings.ToLower(d)] = true
			}
		})
	}
}

// TestScenarioDeepNesting runs scenario run and roadmap on a scenario file
// whose inline tables nest 10,000 deep: refused before the TOML parser,
// which would take seconds and gigabytes, reads it, with the line and
// column, exit code 2.
func TestScenarioDeepNesting(t *testing.T) {
	base, err := filepath.Abs(sampleCounty)
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "deep.toml")
	text := "name = \"deep\"\nbase = " + strconv.Quote(base) + "\nx = " +
		strings.Repeat("{a=", 10000) + "1" + strings.Repeat("}", 10000) + "\n"
	require.NoError(t, os.WriteFile(file, []byte(text), 0o644))
	for _, args := range [][]string{
		{"scenario", "run", file, "--iterations", "1000"},
		{"roadmap", file, "--years", "1", "--iterations", "1000"},
	} {
		t.Run(args[0], func(t *testing.T) {
			r := run(t, args...)
			assert.Equal(t, exitBadInput, r.code, "stderr:\n%s", r.stderr)
			assert.Contains(t, r.stderr, "deep.toml:3: error: invalid TOML at column 197: arrays and inline tables nested deeper than 64 levels")
			assert.Empty(t, r.stdout)
		})
	}
}
