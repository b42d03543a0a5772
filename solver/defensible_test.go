package solver

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
)

// ample gives a school facilities far above every threshold, so that its
// compliance turns on its teachers alone.
func ample(s *model.School) {
	n := float64(s.TotalStudents())
	s.BuildingArea, s.SportsArea, s.EquipmentValue, s.MultimediaRooms = 20*n, 20*n, 5000*n, int(n/10)+1
}

// keepCounty is the hand-worked county of the defensible terms: U, an
// urban primary school of 100 students whose six eligible teachers make
// it comply (I1 6 ≥ 4.2, I2 1 ≥ 1.0, I3 1 ≥ 0.9, facilities ample), and
// two rural receivers R and R2 nearby.
//
//	t0 backbone Chinese, t1 PE, t2-t5 Chinese: all 本科, 10 years at U.
func keepCounty(edit func(*county)) *model.Instance {
	c := newCounty()
	u := c.school("U", model.PrimarySchool, model.Urban, false, 100, 0, 113.00, 28.00)
	c.school("R", model.PrimarySchool, model.Rural, false, 100, 0, 113.05, 28.00)
	c.school("R2", model.PrimarySchool, model.Rural, false, 80, 0, 113.00, 28.05)
	for i := range c.in.Schools {
		ample(&c.in.Schools[i])
	}
	c.teacher(u, tspec{stage: model.Primary, subject: model.Chinese, edu: model.Bachelor, backbone: model.CountyBackbone, years: 10})
	c.teacher(u, tspec{stage: model.Primary, subject: model.PE, edu: model.Bachelor, years: 10})
	c.many(u, 4, tspec{stage: model.Primary, subject: model.Chinese, edu: model.Bachelor, years: 10})
	if edit != nil {
		edit(c)
	}
	return c.build()
}

// planOf moves teacher t to school index r for each pair.
func planOf(n int, moves ...[2]int) Plan {
	p := NewPlan(n)
	for _, m := range moves {
		p.Dest[m[0]] = int32(m[1])
	}
	return p
}

func termOf(t *testing.T, rep *Report, name string) Term {
	t.Helper()
	for _, tm := range rep.Terms {
		if tm.Name == name {
			return tm
		}
	}
	t.Fatalf("no term %s in the report", name)
	return Term{}
}

func TestKeepRuleOf(t *testing.T) {
	// 137 students: I1 needs 4.2·1.37 = 5.754 → hi 6; 85%: 3.57·1.37 = 4.891 → lo 5.
	// I2 1.37 → hi 2, 0.85·1.37 = 1.1645 → lo 2; I3 1.233 → hi 2, 1.048 → lo 2.
	c := newCounty()
	s := c.school("U", model.PrimarySchool, model.Urban, false, 137, 0, 113, 28)
	ample(&c.in.Schools[s])
	ev := NewEvaluator(c.build())
	kr, ok := ev.keepRuleOf(0)
	require.True(t, ok)
	assert.Equal(t, [numIndCounters]int32{6, 2, 2}, kr.hi, "got hi %v, want [6 2 2]", kr.hi)
	assert.Equal(t, [numIndCounters]int32{5, 2, 2}, kr.lo, "got lo %v, want [5 2 2]", kr.lo)
	assert.Equal(t, int8(0), kr.fail)
	// A building area at 90% of 4.5 m² per student is one facility in the band.
	c.in.Schools[s].BuildingArea = 0.9 * 4.5 * 137
	ev = NewEvaluator(c.build())
	kr, ok = ev.keepRuleOf(0)
	require.True(t, ok)
	assert.Equal(t, int8(1), kr.fail)
	// At 80% the part cannot comply at all: no rule.
	c.in.Schools[s].BuildingArea = 0.8 * 4.5 * 137
	ev = NewEvaluator(c.build())
	_, ok = ev.keepRuleOf(0)
	assert.False(t, ok)
}

// TestKeepCompliance works keep_compliance by hand on keepCounty. U's
// rule: I1 ≥ 5 (or 4 in the 85% band, 3.57), I2 ≥ 1, I3 ≥ 1, at most one
// counter in the band.
func TestKeepCompliance(t *testing.T) {
	const r = 1
	tests := []struct {
		name      string
		moves     [][2]int
		lost      int // facilities ample
		lostBand  int // building area in the band: no counter may be
		fellFirst string
	}{
		{name: "one Chinese teacher: I1 5", moves: [][2]int{{2, r}}},
		{name: "two: I1 4, in the band", moves: [][2]int{{2, r}, {3, r}}, lostBand: 1, fellFirst: "qualified"},
		{name: "three: I1 3 below 85%", moves: [][2]int{{2, r}, {3, r}, {4, r}}, lost: 1, lostBand: 1, fellFirst: "qualified"},
		{name: "the backbone teacher: I2 0", moves: [][2]int{{0, r}}, lost: 1, lostBand: 1, fellFirst: "backbone"},
		{name: "the PE teacher: I3 0", moves: [][2]int{{1, r}}, lost: 1, lostBand: 1, fellFirst: "pe_art"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, band := range []bool{false, true} {
				in := keepCounty(func(c *county) {
					if band {
						c.in.Schools[0].BuildingArea = 0.9 * 4.5 * 100
					}
				})
				want := tt.lost
				if band {
					want = tt.lostBand
				}
				ev := NewEvaluator(in)
				p := planOf(len(in.Teachers), tt.moves...)
				rep := ev.Report(p)
				got := termOf(t, rep, "keep_compliance")
				assert.Equal(t, float64(want), got.Amount, "band %v: got %v parts lost, want %d", band, got.Amount, want)
				require.Len(t, rep.Defense.ComplianceLost, want)
				if want > 0 {
					require.NotEmpty(t, rep.Defense.ComplianceLost[0].Fell)
					assert.Equal(t, tt.fellFirst, rep.Defense.ComplianceLost[0].Fell[0].Indicator)
					assert.Equal(t, "U", rep.Defense.ComplianceLost[0].SchoolID)
				}
				off := *in
				off.Policy.KeepCompliance = false
				evOff := NewEvaluator(&off)
				assert.Equal(t, want, ev.Score(p).Hard-evOff.Score(p).Hard, "band %v: hard units with keep_compliance minus without", band)
				assert.Equal(t, 0.0, termOf(t, evOff.Report(p), "keep_compliance").Amount)
			}
		})
	}
	t.Run("the I2 drop is reported", func(t *testing.T) {
		in := keepCounty(nil)
		ev := NewEvaluator(in)
		rep := ev.Report(planOf(len(in.Teachers), [2]int{0, r}))
		fell := rep.Defense.ComplianceLost[0].Fell[0]
		assert.InDelta(t, 1.0, fell.Before, 1e-12, "got I2 before %v, want 1 per 100", fell.Before)
		assert.InDelta(t, 0.0, fell.After, 1e-12)
		assert.Equal(t, []PartRef{{SchoolID: "U", Name: "school U", Stage: "primary"}}, rep.Defense.County.Lose)
		assert.InDelta(t, 1.0/3, rep.Defense.County.RateBefore, 1e-12, "got compliance rate %v, want 1 of 3 parts", rep.Defense.County.RateBefore)
		assert.InDelta(t, 0.0, rep.Defense.County.RateAfter, 1e-12)
	})
}

// TestRotationCap: 6 eligible, max_rotation_rate 0.5 → cap ⌈3⌉ = 3.
func TestRotationCap(t *testing.T) {
	in := keepCounty(nil)
	in.Policy.MaxRotationRate = 0.5
	in.Policy.KeepCompliance = false
	ev := NewEvaluator(in)
	n, ok := ev.RotationCap()
	require.True(t, ok)
	require.Equal(t, 3, n)
	off := *in
	off.Policy.MaxRotationRate = 0
	evOff := NewEvaluator(&off)
	for moved, want := range []int{0, 0, 0, 0, 1} {
		var ms [][2]int
		for i := range moved {
			ms = append(ms, [2]int{2 + i, 1 + i%2})
		}
		p := planOf(len(in.Teachers), ms...)
		assert.Equal(t, want, ev.Score(p).Hard-evOff.Score(p).Hard, "%d moves: got %d units above the cap, want %d", moved, ev.Score(p).Hard-evOff.Score(p).Hard, want)
		assert.Equal(t, float64(want), termOf(t, ev.Report(p), "rotation_cap").Amount)
	}
	// Required ⌈0.6⌉ = 1: one move binds the quota, two are one above it.
	rep := ev.Report(planOf(len(in.Teachers), [2]int{2, 1}))
	assert.True(t, rep.Defense.QuotaBinds)
	rep = ev.Report(planOf(len(in.Teachers), [2]int{2, 1}, [2]int{1, 2}))
	assert.False(t, rep.Defense.QuotaBinds)
	assert.Equal(t, 1, rep.Defense.ExtraMoves)
	// The least useful of the two is the PE teacher's move to R2: it fills
	// R2's I1 (1), I3 (0.72) and PE gap (2 classes·3.3/15 = 0.44), 2.16 in
	// all, but opens U's I3 (0.9) and PE gap (3·3.3/15 = 0.66) and, with
	// the Chinese teacher gone too, U's I1 (4 of 4.2: 0.2): 0.4 net. The
	// Chinese move fills R's I1 and Chinese gap, 2.0.
	chinese := ev.Report(planOf(len(in.Teachers), [2]int{2, 1}))
	both := ev.Report(planOf(len(in.Teachers), [2]int{2, 1}, [2]int{1, 2}))
	assert.InDelta(t, chinese.Score.Medium-both.Score.Medium, rep.Defense.ExtraFilled, 1e-9)
	assert.InDelta(t, 0.4, rep.Defense.ExtraFilled, 1e-9)
	assert.Positive(t, rep.Defense.ExtraFilled)
}

// TestBaselineChange: the baseline moves t2 to R; each teacher whose
// destination differs costs weights.change (50).
func TestBaselineChange(t *testing.T) {
	const r, r2 = 1, 2
	in := keepCounty(nil)
	in.Policy.KeepCompliance = false
	plain := NewEvaluator(in)
	withBase := *in
	withBase.Baseline = &model.Baseline{File: "base.csv", Moves: []model.Assignment{{Teacher: 2, To: r}}}
	ev := NewEvaluator(&withBase)
	tests := []struct {
		name   string
		moves  [][2]int
		change float64
		status map[int]string
	}{
		{"nobody moves: t2 dropped", nil, 50, map[int]string{2: BaselineDropped}},
		{"the baseline itself", [][2]int{{2, r}}, 0, map[int]string{2: BaselineKept}},
		{"t2 elsewhere", [][2]int{{2, r2}}, 50, map[int]string{2: BaselineChanged}},
		{"t3 instead of t2", [][2]int{{3, r}}, 100, map[int]string{2: BaselineDropped, 3: BaselineNew}},
		{"t2 kept, t3 added", [][2]int{{2, r}, {3, r2}}, 50, map[int]string{2: BaselineKept, 3: BaselineNew, 4: ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := planOf(len(in.Teachers), tt.moves...)
			got := ev.Score(p).Soft - plain.Score(p).Soft
			assert.InDelta(t, tt.change, got, 1e-9, "got change cost %v, want %v", got, tt.change)
			assert.InDelta(t, tt.change, termOf(t, ev.Report(p), "baseline_change").Weighted, 1e-9)
			for tc, want := range tt.status {
				assert.Equal(t, want, ev.BaselineStatus(p, tc), "teacher %d", tc)
			}
			// The state prices staying home too: from the baseline, keeping t2 home costs 50 more.
			st := ev.StateOf(planOf(len(in.Teachers), [2]int{2, r}))
			d := st.Delta(2, -1)
			dPlain := plain.StateOf(planOf(len(in.Teachers), [2]int{2, r})).Delta(2, -1)
			assert.InDelta(t, 50, d.Soft-dPlain.Soft, 1e-9)
		})
	}
	rep := ev.Report(planOf(len(in.Teachers), [2]int{3, r}))
	require.NotNil(t, rep.Defense.Baseline)
	b := rep.Defense.Baseline
	assert.Equal(t, 1, b.New)
	assert.Equal(t, 1, b.Dropped)
	require.Len(t, b.Rows, 2)
	require.NotNil(t, b.Rows[0].Revert)
	// Going back for t2 means sending t2 to R again: re-scoring says the same.
	back := planOf(len(in.Teachers), [2]int{3, r}, [2]int{2, r})
	want := ev.Score(back).Total - ev.Score(planOf(len(in.Teachers), [2]int{3, r})).Total
	assert.InDelta(t, want, *b.Rows[0].Revert, 1e-9)
}

// defensibleCounty is randomCounty with ample facilities (so that parts
// comply), a random baseline and a binding rotation cap.
func defensibleCounty(t *testing.T, seed uint64) *model.Instance {
	t.Helper()
	in := randomCounty(seed, 16)
	for i := range in.Schools {
		ample(&in.Schools[i])
	}
	in.Index()
	in.Policy.MaxRotationRate = 0.15
	ev := NewEvaluator(in)
	rng := rand.New(rand.NewPCG(seed, 3))
	b := &model.Baseline{File: "baseline.csv"}
	for ti, cs := range ev.Cands {
		if len(cs) > 0 && rng.IntN(4) == 0 {
			b.Moves = append(b.Moves, model.Assignment{Teacher: ti, To: int(cs[rng.IntN(len(cs))].School)})
		}
	}
	// One baseline move of a teacher who cannot move now: a constant.
	for ti, cs := range ev.Cands {
		if len(cs) == 0 && ev.Exclusion[ti] != Eligible {
			b.Moves = append(b.Moves, model.Assignment{Teacher: ti, To: 3})
			break
		}
	}
	in.Baseline = b
	return in
}

// TestDefensibleDeltaMatchesScore runs random changes in assert mode with
// all three terms on: every Apply checks the running score against Score.
func TestDefensibleDeltaMatchesScore(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		in := defensibleCounty(t, seed)
		ev := NewEvaluator(in)
		require.NotEmpty(t, ev.keep, "seed %d: no part to keep compliant", seed)
		var movers []int
		for ti := range ev.Cands {
			if len(ev.Cands[ti]) > 0 {
				movers = append(movers, ti)
			}
		}
		st := ev.NewState()
		st.Assert = true
		rng := rand.New(rand.NewPCG(seed, 5))
		sawKeep, sawCap := false, false
		for range 4000 {
			ti := movers[rng.IntN(len(movers))]
			ci := rng.IntN(len(ev.Cands[ti])+1) - 1
			st.Apply(ti, ci) // panics on disagreement
			c := ev.tally(st.Plan())
			sawKeep = sawKeep || c.keepLost > 0
			sawCap = sawCap || ev.rateExcess(c.moved) > 0
		}
		assert.True(t, sawKeep, "seed %d: no plan lost a compliant part", seed)
		assert.True(t, sawCap, "seed %d: no plan went above the cap", seed)
	}
}

// TestDefensibleMIP checks that the MIP with the rate, keep and change
// terms reproduces Score on random plans, and that its rows and columns agree.
func TestDefensibleMIP(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		in := defensibleCounty(t, seed)
		ev := NewEvaluator(in)
		m := ev.MIP()
		require.True(t, m.def.rate)
		require.NotEmpty(t, m.def.keepP, "seed %d: no keep rows", seed)
		rng := rand.New(rand.NewPCG(seed, 11))
		for i := range 300 {
			p := randomPlan(ev, rng, float64(i%10)/9)
			got, err := objectiveAt(m, p)
			require.NoError(t, err, "plan %d", i)
			want := ev.Score(p).Total
			require.InDelta(t, want, got, 1e-6*math.Max(1, math.Abs(want)), "plan %d: got MIP objective %v, want score %v", i, got, want)
		}
		type entry struct {
			row rowID
			col int32
		}
		byRow, byCol := map[entry]float64{}, map[entry]float64{}
		require.NoError(t, m.eachRow(func(r *mipRow) error {
			for i, j := range r.cols {
				byRow[entry{r.id, j}] = r.coefs[i]
			}
			return nil
		}))
		for j := range m.ncols {
			m.column(j, func(id rowID, coef float64) { byCol[entry{id, int32(j)}] = coef })
		}
		assert.Equal(t, byRow, byCol, "seed %d", seed)
	}
}

// TestDefensibleCBC solves keepCounty with every defensible term on, with
// CBC when it is installed, from the LP and the MPS file: CBC's optimum
// is the enumerated one, and CBC's plan scores what CBC reports.
func TestDefensibleCBC(t *testing.T) {
	cbc := cbcPath(t)
	cases := map[string]func(*county){
		"ample facilities": nil,
		"building in the band": func(c *county) {
			c.in.Schools[0].BuildingArea = 0.9 * 4.5 * 100
			c.teacher(0, tspec{stage: model.Primary, subject: model.Music, edu: model.College, years: 8})
		},
	}
	for name, edit := range cases {
		in := keepCounty(edit)
		in.Policy.MaxRotationRate = 0.34
		in.Policy.RotationRate = 0.34 // required ⌈2.04⌉ = 3 = the cap
		in.Baseline = &model.Baseline{Moves: []model.Assignment{{Teacher: 1, To: 2}, {Teacher: 3, To: 1}}}
		ev := NewEvaluator(in)
		m := ev.MIP()
		require.NotEmpty(t, m.def.keepP)
		bestPlan, want := bruteForce(ev)
		for _, format := range []string{"lp", "mps"} {
			t.Run(name+"."+format, func(t *testing.T) {
				s := solveCBC(t, cbc, ev, m, format)
				got := ev.Score(s.Plan).Total
				assert.InDelta(t, want, got, 1e-6, "got CBC optimum %v, want enumerated optimum %v (plan %v)", got, want, bestPlan.Dest)
			})
		}
	}
}

// TestSolveDefensible: with every defensible term on, the search finds the
// enumerated optimum of solveCounty and its bound stays below it.
func TestSolveDefensible(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(in *model.Instance, ev *Evaluator)
	}{
		{"baseline", func(in *model.Instance, ev *Evaluator) {
			// The baseline sends the first two eligible teachers to their last candidates.
			var ms []model.Assignment
			for ti, cs := range ev.Cands {
				if len(cs) > 0 && len(ms) < 2 {
					ms = append(ms, model.Assignment{Teacher: ti, To: int(cs[len(cs)-1].School)})
				}
			}
			in.Baseline = &model.Baseline{Moves: ms}
		}},
		{"cap and ample facilities", func(in *model.Instance, _ *Evaluator) {
			for i := range in.Schools {
				ample(&in.Schools[i])
			}
			in.Policy.MaxRotationRate = 0.2
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := solveCounty()
			tt.edit(in, NewEvaluator(in))
			ev := NewEvaluator(in)
			_, want := bruteForce(ev)
			res := Solve(context.Background(), ev, Options{Seed: 1, Iterations: 20_000})
			assert.InDelta(t, want, res.Score.Total, 1e-6, "got total %v, want brute-force optimum %v", res.Score.Total, want)
			assert.LessOrEqual(t, res.Bound, want+1e-6, "got bound %v above the optimum %v", res.Bound, want)
		})
	}
}

// TestBoundKeepCompliance: with the keep rows priced, the bound stays
// valid (at most the enumerated optimum) on keepCounty, where keeping U
// compliant decides the optimum.
func TestBoundKeepCompliance(t *testing.T) {
	in := keepCounty(nil)
	in.Policy.RotationRate = 0.5 // 3 required: the cheapest three would take U below its I1 band
	ev := NewEvaluator(in)
	_, want := bruteForce(ev)
	res := Solve(context.Background(), ev, Options{Seed: 1, Iterations: 5000})
	assert.InDelta(t, want, res.Score.Total, 1e-6, "got total %v, want brute-force optimum %v", res.Score.Total, want)
	assert.LessOrEqual(t, res.Bound, want+1e-6, "got bound %v above the optimum %v", res.Bound, want)
	lg := newLagrangian(ev)
	require.NotEmpty(t, lg.kb.rows, "U's counters can fall below their thresholds")
	for _, r := range lg.kb.rows {
		assert.Positive(t, r.cap)
	}
}

// TestDeficitFilled: the county lines give the deficit of the planned year
// without moves and with the plan, each the sum of the medium terms the
// report lists for that plan; on keepCounty, moving teachers to R fills
// some of R's deficit.
func TestDeficitFilled(t *testing.T) {
	in := keepCounty(nil)
	ev := NewEvaluator(in)
	medium := func(rep *Report) float64 {
		sum := 0.0
		for _, tm := range rep.Terms {
			if tm.Level == "medium" {
				sum += tm.Amount
			}
		}
		return sum
	}
	p := planOf(len(in.Teachers), [2]int{2, 1}, [2]int{1, 1})
	rep := ev.Report(p)
	c := rep.Defense.County
	assert.InDelta(t, medium(ev.Report(NewPlan(len(in.Teachers)))), c.DeficitNoMoves, 1e-9)
	assert.InDelta(t, medium(rep), c.DeficitAfter, 1e-9)
	assert.Greater(t, c.DeficitNoMoves, c.DeficitAfter, "the moves fill none of R's deficit")
}
