package solver

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseSolution(t *testing.T) {
	ev := NewEvaluator(tinyCounty())
	r1, r2 := int32(2), int32(3) // R1, R2
	require.Equal(t, r1, ev.Cands[0][0].School)
	require.Equal(t, r2, ev.Cands[0][1].School)
	moved := func(dest map[int]int32) []int32 {
		p := NewPlan(len(ev.In.Teachers))
		for t, d := range dest {
			p.Dest[t] = d
		}
		return p.Dest
	}
	tests := []struct {
		name      string
		text      string
		wantDest  []int32
		status    string
		objective float64
		wantErr   string
	}{
		{
			name: "cbc",
			text: "Optimal - objective value 12345.60000000\n" +
				"      0 x_0_1                  1                     33.5\n" +
				"      5 x_3_0         0.99999999                        0\n" +
				"**   12 qs                     1                        0\n",
			wantDest: moved(map[int]int32{0: r2, 3: r1}), status: "Optimal", objective: 12345.6,
		},
		{
			name:     "cbc stopped",
			text:     "Stopped on time - objective value 7\n      1 x_0_0 1 0\n",
			wantDest: moved(map[int]int32{0: r1}), status: "Stopped on time", objective: 7,
		},
		{
			name: "highs",
			text: "Model status\nOptimal\n\n# Primal solution values\nFeasible\nObjective 4321.5\n# Columns 4\n" +
				"x_0_0 0\nx_0_1 1\nx_3_0 1e-07\nqs 0\n# Rows 2\na_0 1\nquota 2\n\n# Dual solution values\nNone\n",
			wantDest: moved(map[int]int32{0: r2}), status: "Optimal", objective: 4321.5,
		},
		{
			name:     "highs, status on one line",
			text:     "Model status: Time limit reached\n# Primal solution values\nFeasible\nObjective: 9\n# Columns 1\nx_3_0 1\n",
			wantDest: moved(map[int]int32{3: r1}), status: "Time limit reached", objective: 9,
		},
		{
			name:     "plain list",
			text:     "# moves\nx_0_0 1\nz 2\nx_3_0 0\n",
			wantDest: moved(map[int]int32{0: r1}), objective: math.NaN(),
		},
		{name: "teacher moves twice", text: "x_0_0 1\nx_0_1 1\n", wantErr: "line 2: teacher T0000 (column x_0_1) moves twice"},
		{name: "unknown candidate", text: "x_0_7 1\n", wantErr: "line 1: column x_0_7 is not in the model"},
		{name: "unknown teacher", text: "x_99_0 1\n", wantErr: "column x_99_0 is not in the model"},
		{name: "malformed column", text: "x_a 1\n", wantErr: "column x_a is not in the model"},
		{name: "bad value", text: "x_0_0 one\n", wantErr: "line 1: bad value of column x_0_0"},
		{name: "missing value", text: "Optimal - objective value 1\nx_0_0\n", wantErr: "line 2: want a column name and a value"},
		{name: "bad objective", text: "# Primal solution values\nObjective many\n", wantErr: "line 2: bad objective"},
		{name: "infinite value", text: "x_0_0 inf\n", wantErr: "line 1: bad value of column x_0_0: inf, want a finite number"},
		{name: "NaN value", text: "x_0_0 0\nx_3_0 nan\n", wantErr: "line 2: bad value of column x_3_0: nan, want a finite number"},
		{name: "line too long", text: "x_0_0 1\n" + strings.Repeat("9", 2<<20) + "\n", wantErr: "line 2: longer than 1048576 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ev.ParseSolution(strings.NewReader(tt.text))
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr, "got error %q, want %q", err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantDest, s.Plan.Dest, "got plan %v, want %v", s.Plan.Dest, tt.wantDest)
			assert.Equal(t, tt.status, s.Status)
			if math.IsNaN(tt.objective) {
				assert.True(t, math.IsNaN(s.Objective), "got objective %v, want NaN", s.Objective)
			} else {
				assert.InDelta(t, tt.objective, s.Objective, 1e-9)
			}
			p, err := ev.ReadSolution(strings.NewReader(tt.text))
			require.NoError(t, err)
			assert.Equal(t, tt.wantDest, p.Dest)
		})
	}
}

// TestParseSolverFiles reads solution files written by CBC and HiGHS for the
// tiny county (testdata/mip/tiny.*.sol) and checks that each plan scores the
// objective its solver reported.
func TestParseSolverFiles(t *testing.T) {
	ev := NewEvaluator(tinyCounty())
	_, want := bruteForce(ev)
	for _, file := range []string{"tiny.cbc.sol", "tiny.highs.sol"} {
		t.Run(file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", "mip", file))
			require.NoError(t, err)
			defer f.Close()
			s, err := ev.ParseSolution(f)
			require.NoError(t, err)
			assert.Equal(t, "Optimal", s.Status)
			got := ev.Score(s.Plan).Total
			assert.InDelta(t, s.Objective, got, 1e-6, "got score %v, want the solver's objective %v", got, s.Objective)
			assert.InDelta(t, want, got, 1e-6, "got %v, want the enumerated optimum %v", got, want)
		})
	}
}

func TestPlanOfColumns(t *testing.T) {
	ev := NewEvaluator(tinyCounty())
	p, err := ev.PlanOfColumns(map[string]float64{"x_0_1": 1, "x_3_0": 0.2, "bs": 3})
	require.NoError(t, err)
	assert.Equal(t, ev.Cands[0][1].School, p.Dest[0])
	assert.Equal(t, Stay, p.Dest[3])
	_, err = ev.PlanOfColumns(map[string]float64{"x_0_0": 1, "x_0_1": 1})
	assert.ErrorContains(t, err, "moves twice")
}

// FuzzParseSolution feeds arbitrary text to the reader: it must return a
// plan or an error, never panic, and every move it returns is a candidate.
func FuzzParseSolution(f *testing.F) {
	for _, file := range []string{"tiny.cbc.sol", "tiny.highs.sol"} {
		b, err := os.ReadFile(filepath.Join("testdata", "mip", file))
		require.NoError(f, err)
		f.Add(string(b))
	}
	f.Add("Optimal - objective value 1\n 0 x_0_0 1 0\n")
	f.Add("Model status: Optimal\n# Primal solution values\nObjective 3\n# Columns 1\nx_3_0 1\n")
	f.Add("x_0_1 1\n** 2 x_1_0 0.7 0\n")
	ev := NewEvaluator(tinyCounty())
	f.Fuzz(func(t *testing.T, text string) {
		s, err := ev.ParseSolution(strings.NewReader(text))
		if err != nil {
			return
		}
		for ti, d := range s.Plan.Dest {
			if d != Stay {
				require.Empty(t, ev.Invalid(ti, int(d)), "teacher %d moved to %d", ti, d)
			}
		}
	})
}
