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
