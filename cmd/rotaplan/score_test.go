package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// scoreJSON is the output of score --json.
type scoreJSON struct {
	Provenance struct {
		Dataset string `json:"dataset"`
		Inputs  []struct {
			Name   string `json:"name"`
			SHA256 string `json:"sha256"`
		} `json:"inputs"`
		PolicyHash string `json:"policy_sha256"`
	} `json:"provenance"`
	Report *reportJSON `json:"report"`
}

// mustScoreJSON runs score --json with args after DIR and decodes it.
func mustScoreJSON(t *testing.T, dir string, args ...string) scoreJSON {
	t.Helper()
	r := run(t, append([]string{"score", dir, "--json"}, args...)...)
	require.Equal(t, exitOK, r.code, "got exit %d, want 0; stderr:\n%s", r.code, r.stderr)
	var s scoreJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &s), "stdout:\n%s", r.stdout)
	require.NotNil(t, s.Report)
	return s
}

// TestScoreRoundTrip scores the plan.csv that plan wrote, with Chinese and
// with English headers: the total is the one plan.json reports.
func TestScoreRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		plan func(t *testing.T) string
	}{
		{"chinese headers", func(t *testing.T) string {
			out, _ := samplePlan(t)
			return out
		}},
		{"english headers", func(t *testing.T) string {
			out := filepath.Join(t.TempDir(), "plan")
			mustPlan(t, sampleCounty, out, append([]string{"--lang", "en"}, quick...)...)
			return out
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := tt.plan(t)
			want := readPlanJSON(t, filepath.Join(out, "plan.json")).Report
			planCSV := filepath.Join(out, "plan.csv")

			got := mustScoreJSON(t, sampleCounty, "--plan", planCSV).Report
			assert.InDelta(t, want.Score.Total, got.Score.Total, 1e-6, "got total %v, want %v as in plan.json", got.Score.Total, want.Score.Total)
			assert.Equal(t, want.Score.Hard, got.Score.Hard)
			assert.InDelta(t, want.Score.Medium, got.Score.Medium, 1e-9)
			assert.InDelta(t, want.Score.Soft, got.Score.Soft, 1e-6)
			assert.Equal(t, want.Quota, got.Quota)
			assert.Equal(t, want.Moves, got.Moves)
			assert.Empty(t, got.Invalid)

			r := run(t, "score", sampleCounty, "--plan", planCSV)
			require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
			assert.Contains(t, r.stdout, fmt.Sprintf("总分 (total) %.2f = ", want.Score.Total))
			assert.Contains(t, r.stdout, "可行 (feasible)")
			assert.Empty(t, r.stderr)
		})
	}
}

// TestScoreSolution scores the moves of the shared plan written as the
// solution file of a MIP solver: the same total as plan.json.
func TestScoreSolution(t *testing.T) {
	out, _ := samplePlan(t)
	want := readPlanJSON(t, filepath.Join(out, "plan.json")).Report
	in := loadInstance(t, sampleCounty)
	ev := solver.NewEvaluator(in)

	var sol strings.Builder
	fmt.Fprintf(&sol, "Optimal - objective value %.8f\n", want.Score.Total)
	for i, m := range want.Moves {
		ti, ok := in.TeacherByID(m.TeacherID)
		require.True(t, ok)
		to, ok := in.SchoolByID(m.To)
		require.True(t, ok)
		c := -1
		for j, cand := range ev.Cands[ti] {
			if int(cand.School) == to {
				c = j
			}
		}
		require.GreaterOrEqual(t, c, 0, "move %s → %s is not a candidate", m.TeacherID, m.To)
		fmt.Fprintf(&sol, "%7d x_%d_%d %20d %20g\n", i, ti, c, 1, 0.0)
	}
	path := filepath.Join(t.TempDir(), "cbc.sol")
	require.NoError(t, os.WriteFile(path, []byte(sol.String()), 0o644))

	got := mustScoreJSON(t, sampleCounty, "--solution", path).Report
	assert.InDelta(t, want.Score.Total, got.Score.Total, 1e-6, "got total %v, want %v", got.Score.Total, want.Score.Total)
	assert.Equal(t, want.Moves, got.Moves)

	bad := filepath.Join(t.TempDir(), "bad.sol")
	require.NoError(t, os.WriteFile(bad, []byte("Optimal - objective value 1\n0 x_999999_0 1 0\n"), 0o644))
	for _, p := range []string{bad, filepath.Join(t.TempDir(), "missing.sol")} {
		r := run(t, "score", sampleCounty, "--solution", p)
		assert.Equal(t, exitBadInput, r.code, "%s: got exit %d, want 2", p, r.code)
		assert.Contains(t, r.stderr, p)
		assert.Empty(t, r.stdout)
	}
}

// handEdit returns an eligible teacher of the sample county with a valid
// receiver and a school that is not a receiver for the same stage.
func handEdit(t *testing.T, in *model.Instance) (teacher, receiver, nonReceiver string) {
	t.Helper()
	ev := solver.NewEvaluator(in)
	for _, ti := range ev.Eligible {
		tc := &in.Teachers[ti]
		if len(ev.Cands[ti]) == 0 {
			continue
		}
		for si := range in.Schools {
			s := &in.Schools[si]
			if si != tc.School && !s.IsReceiver() && s.Teaches(tc.Stage) {
				return tc.ID, in.Schools[ev.Cands[ti][0].School].ID, s.ID
			}
		}
	}
	t.Fatal("no eligible teacher with a candidate and another source school")
	return "", "", ""
}

// gbk encodes s as GBK, as Excel saves "CSV" on a Chinese Windows.
func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	require.NoError(t, err)
	return b
}

// TestScoreHandEdited scores plans a planner wrote in Excel: GBK, Chinese
// headers, only the two required columns. A plan that breaks the rules is
// scored, reported infeasible and exits 0.
func TestScoreHandEdited(t *testing.T) {
	in := loadInstance(t, sampleCounty)
	teacher, receiver, nonReceiver := handEdit(t, in)
	ev := solver.NewEvaluator(in)
	required := ev.Required
	// Another eligible teacher of the same stage, not at the non-receiver.
	t0, _ := in.TeacherByID(teacher)
	ns, _ := in.SchoolByID(nonReceiver)
	other := ""
	for _, ti := range ev.Eligible {
		tc := &in.Teachers[ti]
		if tc.ID != teacher && tc.Stage == in.Teachers[t0].Stage && tc.School != ns {
			other = tc.ID
			break
		}
	}
	require.NotEmpty(t, other)

	tests := []struct {
		name         string
		csv          string
		wantMoves    int
		wantInvalid  []string // teacher → school
		wantShortage int      // quota_shortfall
	}{
		{"move to a school that is not a receiver",
			"教职工号,调入学校代码\r\n" + teacher + "," + nonReceiver + "\r\n",
			0, []string{teacher + " → " + nonReceiver}, required},
		{"one valid and one invalid move",
			"教职工号,姓名,调入学校代码\r\n" + teacher + ",某某," + receiver + "\r\n" + other + ",, " + nonReceiver + " " + "\r\n",
			1, []string{other + " → " + nonReceiver}, required - 1},
		{"header only", "教职工号,调入学校代码\r\n", 0, nil, required},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "手工方案.csv")
			require.NoError(t, os.WriteFile(path, gbk(t, tt.csv), 0o644))

			got := mustScoreJSON(t, sampleCounty, "--plan", path).Report
			assert.False(t, got.Score.Feasible, "got feasible, want infeasible")
			assert.Positive(t, got.Score.Hard)
			assert.Len(t, got.Moves, tt.wantMoves)
			var invalid []string
			for _, m := range got.Invalid {
				invalid = append(invalid, m.TeacherID+" → "+m.To)
				assert.Contains(t, m.Why, "is neither rural nor weak")
			}
			assert.Equal(t, tt.wantInvalid, invalid)
			assert.InDelta(t, float64(len(tt.wantInvalid)), got.term(t, "invalid_move"), 0, "got invalid_move %v, want %d", got.term(t, "invalid_move"), len(tt.wantInvalid))
			assert.InDelta(t, float64(tt.wantShortage), got.term(t, "quota_shortfall"), 0, "got quota_shortfall %v, want %d", got.term(t, "quota_shortfall"), tt.wantShortage)
			assert.Equal(t, tt.wantMoves, got.Quota.Moved, "invalid moves are not counted as moved")

			r := run(t, "score", sampleCounty, "--plan", path)
			require.Equal(t, exitOK, r.code, "an infeasible plan exits 0; stderr:\n%s", r.stderr)
			assert.Contains(t, r.stdout, "不可行 (INFEASIBLE)")
			assert.Contains(t, r.stdout, "quota_shortfall")
			for _, m := range tt.wantInvalid {
				assert.Contains(t, r.stdout, "invalid move: "+m)
			}
		})
	}
}

// TestScoreBadPlan: a plan that cannot be read is bad input, with the
// file, line and column of every problem.
func TestScoreBadPlan(t *testing.T) {
	in := loadInstance(t, sampleCounty)
	teacher, receiver, _ := handEdit(t, in)
	ti, _ := in.TeacherByID(teacher)
	home := in.Schools[in.Teachers[ti].School].ID
	tests := []struct {
		name       string
		csv        string
		wantStderr []string
	}{
		{"unknown teacher", "教职工号,调入学校代码\n" + teacher + "," + receiver + "\nT-NOPE," + receiver + "\n",
			[]string{"plan.csv:3: column 教职工号: error: unknown teacher T-NOPE: not in the dataset"}},
		{"unknown school", "teacher_id,to_school_id\n" + teacher + ",S-NOPE\n",
			[]string{"plan.csv:2: column to_school_id: error: unknown school S-NOPE: not in the dataset"}},
		{"teacher twice", "teacher_id,to_school_id\n" + teacher + "," + receiver + "\n" + teacher + "," + receiver + "\n",
			[]string{"plan.csv:3: column teacher_id: error: teacher " + teacher + " is listed twice, first on line 2"}},
		{"move to the home school", "teacher_id,to_school_id\n" + teacher + "," + home + "\n",
			[]string{"plan.csv:2: column to_school_id: error: teacher " + teacher + " already holds the post at " + home}},
		{"missing columns", "姓名\n张三\n", []string{
			"plan.csv:1: error: missing required column teacher_id (教职工号)",
			"plan.csv:1: error: missing required column to_school_id (调入学校代码)",
			"plan.csv: 2 errors in the plan",
		}},
		{"empty file", "", []string{"plan.csv: error: empty file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "plan.csv")
			require.NoError(t, os.WriteFile(path, []byte(tt.csv), 0o644))
			for _, args := range [][]string{{"score", sampleCounty, "--plan", path}, {"score", sampleCounty, "--plan", path, "--json"}} {
				r := run(t, args...)
				assert.Equal(t, exitBadInput, r.code, "%v: got exit %d, want 2", args, r.code)
				assert.Empty(t, r.stdout, "%v: a plan with errors is not scored", args)
				for _, s := range tt.wantStderr {
					assert.Contains(t, r.stderr, s)
				}
			}
		})
	}

	r := run(t, "score", sampleCounty, "--plan", filepath.Join(t.TempDir(), "missing.csv"))
	assert.Equal(t, exitBadInput, r.code, "missing plan file: got exit %d, want 2", r.code)
	assert.Contains(t, r.stderr, "missing.csv")
}

func TestScoreUsageErrors(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantStderr string
	}{
		{"neither plan nor solution", []string{"score", sampleCounty}, "give exactly one of --plan and --solution"},
		{"both plan and solution", []string{"score", sampleCounty, "--plan", "a.csv", "--solution", "b.sol"}, "give exactly one of --plan and --solution"},
		{"no dataset", []string{"score", "--plan", "a.csv"}, "缺少数据文件夹 DIR (missing dataset folder)"},
		{"missing folder", []string{"score", "testdata/no-such-folder", "--plan", "a.csv"}, "not a dataset folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.args...)
			assert.Equal(t, exitBadInput, r.code, "got exit %d, want 2", r.code)
			assert.Contains(t, r.stderr, tt.wantStderr)
			assert.Contains(t, r.stderr, "Run 'rotaplan score --help' for usage.")
			assert.Empty(t, r.stdout)
		})
	}
}

// TestCheckStanding: check shows where the county stands before any move,
// the score report of the empty plan, in text and in JSON.
func TestCheckStanding(t *testing.T) {
	r := run(t, "check", sampleCounty)
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	for _, s := range []string{
		"现状 (standing before rotation):",
		"差异系数 (coefficient of variation, limit):",
		"小学 I2  backbone",
		"初中 I1  qualified",
		"达标校 (compliant primary parts)",
	} {
		assert.Contains(t, r.stdout, s)
	}

	r = run(t, "check", "--json", sampleCounty)
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	var got struct {
		Standing *reportJSON `json:"standing"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &got), "stdout:\n%s", r.stdout)
	require.NotNil(t, got.Standing, "no standing object in check --json")
	st := got.Standing
	require.Len(t, st.CV, int(model.NumStages)*model.NumIndicators, "got %d cv rows, want one per stage and indicator", len(st.CV))
	limits := map[string]float64{"primary": 0.50, "junior": 0.45}
	teacherIndicators := map[string]bool{"qualified": true, "backbone": true, "pe_art": true}
	changed := false
	for _, row := range st.CV {
		assert.Equal(t, limits[row.Stage], row.Limit, "%s %s: got limit %v, want %v", row.Stage, row.Indicator, row.Limit, limits[row.Stage])
		require.NotNil(t, row.Before, "%s %s: no CV before", row.Stage, row.Indicator)
		assert.False(t, math.IsNaN(*row.Before))
		require.NotNil(t, row.After)
		if teacherIndicators[row.Indicator] {
			changed = changed || *row.Before != *row.After
			continue
		}
		assert.Equal(t, *row.Before, *row.After, "%s %s: the empty plan moves no facilities", row.Stage, row.Indicator)
	}
	// The sample county's history.csv brings teachers back from stints at
	// the plan date: the planned year ("after") counts them at their post
	// schools, the current standing ("before") where they served.
	assert.True(t, changed, "the returning teachers change no teacher indicator between the standing and the planned year")
	assert.Zero(t, st.Quota.Moved)
	assert.Empty(t, st.Moves)
}
