package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExport(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string // in the file, in order
	}{
		{"lp", []string{"--format", "lp"}, []string{"Minimize", "Subject To", "Bounds", "Binaries", "End"}},
		{"lp by default", nil, []string{"Minimize", "Subject To", "End"}},
		{"mps", []string{"--format", "mps"}, []string{"NAME", "ROWS", "COLUMNS", "RHS", "ENDATA"}},
		{"mps in capitals", []string{"--format", "MPS"}, []string{"ROWS", "COLUMNS"}},
	}
	stat := regexp.MustCompile(`: (\d+) rows, (\d+) columns, (\d+) nonzeros\n$`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "model.out")
			r := run(t, append([]string{"export", sampleCounty, "-o", path}, tt.args...)...)
			require.Equal(t, exitOK, r.code, "got exit %d, want 0; stderr:\n%s", r.code, r.stderr)
			assert.Empty(t, r.stdout, "the model goes to the file, not stdout")
			assert.Contains(t, r.stderr, "wrote "+path+": ")
			m := stat.FindStringSubmatch(r.stderr)
			require.NotNil(t, m, "got stderr %q, want the model's size", r.stderr)
			for _, n := range m[1:] {
				v, err := strconv.Atoi(n)
				require.NoError(t, err)
				assert.Positive(t, v)
			}

			b, err := os.ReadFile(path)
			require.NoError(t, err)
			text := string(b)
			at := 0
			for _, w := range tt.want {
				i := strings.Index(text[at:], w)
				require.GreaterOrEqual(t, i, 0, "%q missing after offset %d of the model", w, at)
				at += i + len(w)
			}
			entries, err := os.ReadDir(filepath.Dir(path))
			require.NoError(t, err)
			assert.Len(t, entries, 1, "got %v beside the model, want no temporary files", entries)
		})
	}
}

func TestExportErrors(t *testing.T) {
	tests := []struct {
		name       string
		dir        string
		args       []string
		wantStderr []string
	}{
		{"missing -o", sampleCounty, nil, []string{"-o FILE is required", "Run 'rotaplan export --help' for usage."}},
		{"unknown format", sampleCounty, []string{"--format", "gms"}, []string{`got "gms", want one of lp, mps`}},
		{"broken dataset", "testdata/broken", nil, []string{"schools.csv:3: column type: error:", "3 errors in the dataset"}},
		{"missing folder", "testdata/no-such-folder", nil, []string{"not a dataset folder"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			args := append([]string{"export", tt.dir}, tt.args...)
			if tt.name != "missing -o" {
				args = append(args, "-o", filepath.Join(tmp, "model.lp"))
			}
			r := run(t, args...)
			assert.Equal(t, exitBadInput, r.code, "got exit %d, want 2", r.code)
			for _, s := range tt.wantStderr {
				assert.Contains(t, r.stderr, s)
			}
			entries, err := os.ReadDir(tmp)
			require.NoError(t, err)
			assert.Empty(t, entries, "a failed export writes no file")
		})
	}
}

// TestExportCBC solves the exported model of a small county with CBC when
// it is installed, reads the solution back with score --solution, and
// checks that the three agree: score reports the objective CBC found, and
// plan's bound and total bracket that optimum.
func TestExportCBC(t *testing.T) {
	cbc := cbcPath(t)
	county := smallCounty(t)
	out := filepath.Join(t.TempDir(), "plan")
	mustPlan(t, county, out, quick...)
	pj := readPlanJSON(t, filepath.Join(out, "plan.json"))

	for _, format := range []string{"lp", "mps"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel() // CBC runs in its own process
			tmp := t.TempDir()
			mip, sol := filepath.Join(tmp, "model."+format), filepath.Join(tmp, "out.sol")
			r := run(t, "export", county, "--format", format, "-o", mip)
			require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)

			cmd := exec.Command(cbc, mip, "sec", "60", "solve", "solu", sol)
			log, err := cmd.CombinedOutput()
			require.NoError(t, err, "cbc:\n%s", log)
			first, err := os.ReadFile(sol)
			require.NoError(t, err)
			m := regexp.MustCompile(`^Optimal - objective value (\S+)`).FindSubmatch(first)
			require.NotNil(t, m, "cbc did not prove optimality: %.80q", first)
			optimum, err := strconv.ParseFloat(string(m[1]), 64)
			require.NoError(t, err)

			r = run(t, "score", county, "--solution", sol, "--json")
			require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
			var got scoreJSON
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &got))
			total := got.Report.Score.Total
			assert.InDelta(t, optimum, total, 1e-4*max(1, optimum), "got total %v, want CBC's objective %v", total, optimum)
			assert.True(t, got.Report.Score.Feasible, "CBC's optimum is infeasible for score")
			assert.LessOrEqual(t, pj.Bound, optimum+1e-6, "plan's bound %v is above the optimum %v", pj.Bound, optimum)
			assert.GreaterOrEqual(t, pj.Report.Score.Total, optimum-1e-6, "plan's total %v is below the optimum %v", pj.Report.Score.Total, optimum)
		})
	}
}

// TestExportCBCDefensible is TestExportCBC with every defensible term: a
// binding max_rotation_rate, keep_compliance (the default), and a baseline
// plan with a forbid pin against it. CBC's optimum of the export is what
// score reports for CBC's solution, and plan's bound and total bracket it.
func TestExportCBCDefensible(t *testing.T) {
	cbc := cbcPath(t)
	county := smallCounty(t)
	pol := filepath.Join(county, "policy.toml")
	text, err := os.ReadFile(pol)
	require.NoError(t, err)
	set := regexp.MustCompile(`(?m)^max_rotation_rate\s*=.*$`)
	require.True(t, set.Match(text), "gen writes every key")
	require.NoError(t, os.WriteFile(pol, set.ReplaceAll(text, []byte("max_rotation_rate = 0.11")), 0o644))
	tmp := t.TempDir()
	published := filepath.Join(tmp, "published")
	mustPlan(t, county, published, quick...)
	baseline := filepath.Join(published, "plan.csv")
	rows := readCSV(t, baseline)
	require.Greater(t, len(rows), 2)
	pins := filepath.Join(tmp, "pins.csv")
	require.NoError(t, os.WriteFile(pins, []byte("teacher_id,action,to_school_id\n"+rows[1][1]+",forbid,"+rows[1][11]+"\n"), 0o644))
	flags := []string{"--pins", pins, "--baseline", baseline}

	out := filepath.Join(tmp, "plan")
	mustPlan(t, county, out, append(quick, flags...)...)
	pj := readPlanJSON(t, filepath.Join(out, "plan.json"))
	require.NotNil(t, pj.Report.Defense.RotationCap)

	mip, sol := filepath.Join(tmp, "model.lp"), filepath.Join(tmp, "out.sol")
	r := run(t, append([]string{"export", county, "-o", mip}, flags...)...)
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	lp, err := os.ReadFile(mip)
	require.NoError(t, err)
	assert.Contains(t, string(lp), " rate:", "the export has the rotation cap row")
	log, err := exec.Command(cbc, mip, "sec", "120", "solve", "solu", sol).CombinedOutput()
	require.NoError(t, err, "cbc:\n%s", log)
	first, err := os.ReadFile(sol)
	require.NoError(t, err)
	m := regexp.MustCompile(`^Optimal - objective value (\S+)`).FindSubmatch(first)
	require.NotNil(t, m, "cbc did not prove optimality: %.80q", first)
	optimum, err := strconv.ParseFloat(string(m[1]), 64)
	require.NoError(t, err)

	r = run(t, append([]string{"score", county, "--solution", sol, "--json"}, flags...)...)
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	var got scoreJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &got))
	total := got.Report.Score.Total
	assert.InDelta(t, optimum, total, 1e-4*max(1, optimum), "got total %v, want CBC's objective %v", total, optimum)
	assert.LessOrEqual(t, pj.Bound, optimum+1e-6, "plan's bound %v is above the optimum %v", pj.Bound, optimum)
	assert.GreaterOrEqual(t, pj.Report.Score.Total, optimum-1e-6, "plan's total %v is below the optimum %v", pj.Report.Score.Total, optimum)
	t.Logf("optimum %.2f, plan %.2f, bound %.2f", optimum, pj.Report.Score.Total, pj.Bound)
}

// cbcPath is where CBC is installed; a test that runs it is skipped when
// it is not, and in -short runs.
func cbcPath(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("runs CBC")
	}
	cbc, err := exec.LookPath("cbc")
	if err != nil {
		t.Skip("cbc not on PATH")
	}
	return cbc
}
