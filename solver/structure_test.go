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

// Schools of tinyCounty, by index.
const (
	tinyU = iota
	tinyV
	tinyR1
	tinyR2
	tinyW
)

// candSchools lists the candidate schools of teacher t by ID.
func candSchools(ev *Evaluator, t int) []string {
	out := []string{}
	for _, cd := range ev.Cands[t] {
		out = append(out, ev.In.Schools[cd.School].ID)
	}
	return out
}

// TestMoveScope works the candidates of tinyCounty by hand under each
// scope. Teacher 0 (U, PE, 9 years) may go to R1 and R2 (W is beyond
// 50 km); teacher 8 (V, science, 8 years) likewise. Districts: U and R1 in
// 东片, V, R2 and W in 西片; groups: U and R2 in 一中集团, the others in none.
func TestMoveScope(t *testing.T) {
	tests := []struct {
		scope    model.MoveScope
		noDistV  bool // V belongs to no district
		want0    []string
		want8    []string
		invalid0 string // why teacher 0 may not go to R2, "" if it may
	}{
		{scope: model.ScopeCounty, want0: []string{"R1", "R2"}, want8: []string{"R1", "R2"}},
		{scope: model.ScopeDistrict, want0: []string{"R1"}, want8: []string{"R2"},
			invalid0: "destination R2 is outside the district 东片 of U (move_scope = district; its district: 西片)"},
		{scope: model.ScopeDistrict, noDistV: true, want0: []string{"R1"}, want8: []string{"R1", "R2"},
			invalid0: "outside the district 东片 of U"},
		// V belongs to no group: it is not held and keeps the county scope.
		{scope: model.ScopeGroup, want0: []string{"R2"}, want8: []string{"R1", "R2"}},
	}
	for _, tt := range tests {
		name := tt.scope.String()
		if tt.noDistV {
			name += " V without district"
		}
		t.Run(name, func(t *testing.T) {
			in := tinyCounty()
			for i, d := range []string{"东片", "西片", "东片", "西片", "西片"} {
				in.Schools[i].District = d
			}
			if tt.noDistV {
				in.Schools[tinyV].District = ""
			}
			in.Schools[tinyU].Group, in.Schools[tinyR2].Group = "一中集团", "一中集团"
			in.Policy.MoveScope = tt.scope
			ev := NewEvaluator(in)
			assert.Equal(t, tt.want0, candSchools(ev, 0), "teacher 0")
			assert.Equal(t, tt.want8, candSchools(ev, 8), "teacher 8")
			got := ev.Invalid(0, tinyR2)
			if tt.invalid0 == "" {
				assert.Empty(t, got)
			} else {
				assert.Contains(t, got, tt.invalid0)
			}
		})
	}
}

// TestPairBonus: with U paired to R2 and pair_bonus 7, the move of teacher
// 0 (a volunteer without a graduating class) to R2 costs 10 + km − 7, its
// move to R1 10 + km; every candidate's cost is MoveCost's, and Score sums
// the same.
func TestPairBonus(t *testing.T) {
	in := tinyCounty()
	in.Pairs = []model.Pair{{SourceID: "U", ReceiverID: "R2"}}
	in.Index()
	plain := NewEvaluator(tinyCounty())
	in.Policy.PairBonus = 7
	ev := NewEvaluator(in)

	kmR2 := in.DistanceKm(tinyU, tinyR2)
	kmR1 := in.DistanceKm(tinyU, tinyR1)
	c, km := ev.MoveCost(0, tinyR2)
	assert.InDelta(t, 10+kmR2-7, c, 1e-9, "teacher 0 to R2 along the pair")
	assert.InDelta(t, kmR2, km, 1e-12)
	c, _ = ev.MoveCost(0, tinyR1)
	assert.InDelta(t, 10+kmR1, c, 1e-9, "teacher 0 to R1, no pair")
	c, _ = ev.MoveCost(8, tinyR2)
	assert.InDelta(t, 10+in.DistanceKm(tinyV, tinyR2)+20, c, 1e-9, "teacher 8 (V, not a volunteer) to R2: V is not paired")

	for ti := range in.Teachers {
		for k, cd := range ev.Cands[ti] {
			want, _ := ev.MoveCost(ti, int(cd.School))
			assert.InDelta(t, want, cd.Cost, 1e-9, "teacher %d candidate %s", ti, in.Schools[cd.School].ID)
			base := plain.Cands[ti][k].Cost
			if ti < 8 && cd.School == tinyR2 {
				assert.InDelta(t, base-7, cd.Cost, 1e-9, "teacher %d to R2", ti)
			} else {
				assert.InDelta(t, base, cd.Cost, 1e-9, "teacher %d to %s", ti, in.Schools[cd.School].ID)
			}
		}
	}
	p := NewPlan(len(in.Teachers))
	p.Dest[0] = tinyR2
	assert.InDelta(t, plain.Score(p).Soft-7, ev.Score(p).Soft, 1e-9, "Score sees the bonus")
}

// TestCBCScopeAndPairs solves tinyCounty under the district scope with a
// pair bonus large enough to make a move's soft cost negative, from the LP
// and the MPS export, and checks CBC's optimum against the score of its
// plan and against enumeration.
func TestCBCScopeAndPairs(t *testing.T) {
	cbc := cbcPath(t)
	in := tinyCounty()
	for i, d := range []string{"东片", "西片", "东片", "西片", "西片"} {
		in.Schools[i].District = d
	}
	in.Schools[tinyV].District = "" // not held by the scope
	in.Pairs = []model.Pair{{SourceID: "U", ReceiverID: "R1"}, {SourceID: "V", ReceiverID: "R1"}}
	in.Index()
	in.Policy.MoveScope = model.ScopeDistrict
	in.Policy.PairBonus = 45
	ev := NewEvaluator(in)
	require.Equal(t, []string{"R1"}, candSchools(ev, 0), "the district scope holds U")
	cost, _ := ev.MoveCost(0, tinyR1)
	require.Negative(t, cost, "a move along a pair with pair_bonus 45 costs less than nothing")
	m := ev.MIP()
	_, want := bruteForce(ev)
	res := Solve(context.Background(), ev, Options{Seed: 1, Iterations: 20_000})
	assert.InDelta(t, want, res.Score.Total, 1e-6, "got search total %v, want brute-force optimum %v", res.Score.Total, want)
	assert.LessOrEqual(t, res.Bound, want+1e-6, "got bound %v above the optimum %v", res.Bound, want)
	for _, format := range []string{"lp", "mps"} {
		t.Run(format, func(t *testing.T) {
			s := solveCBC(t, cbc, ev, m, format)
			got := ev.Score(s.Plan).Total
			assert.InDelta(t, want, got, 1e-6, "got CBC optimum %v, want enumerated optimum %v", got, want)
			for ti, d := range s.Plan.Dest {
				if d != Stay {
					assert.Empty(t, ev.Invalid(ti, int(d)), "teacher %d to %s", ti, in.Schools[d].ID)
				}
			}
		})
	}
}

// structureCounty: source S (100 primary students) with four teachers,
// titles first, senior, second, none at ages 30, 40, 50, 33, the first
// with 7 years at S; receiver R (50 students) with two teachers titled
// second, aged 45 and 50.
func structureCounty() *model.Instance {
	c := newCounty()
	s := c.school("S", model.PrimarySchool, model.Urban, false, 100, 0, 113.00, 28.00)
	r := c.school("R", model.PrimarySchool, model.Rural, false, 50, 0, 113.05, 28.00)
	for _, x := range []struct {
		school, age, years int
		title              model.Title
	}{{s, 30, 7, model.First}, {s, 40, 3, model.Senior}, {s, 50, 3, model.Second}, {s, 33, 3, model.NoTitle},
		{r, 45, 3, model.Second}, {r, 50, 3, model.Second}} {
		i := c.teacher(x.school, tspec{stage: model.Primary, subject: model.Chinese, edu: model.Bachelor, years: x.years, age: x.age})
		c.in.Teachers[i].Title = x.title
	}
	return c.build()
}

// TestStructureRows works the structure by hand. Before: S has 2 of 4
// titled first or higher and 2 of 4 under 35, R 0 of 2 of each; the county
// share is 2/6 = 1/3 for both; the shares 1/2 (100 students) and 0 (50)
// have the weighted mean 1/3, variance (2/3)(1/6)² + (1/3)(1/3)² = 1/18 and
// CV √(1/18)·3 = 1/√2; the shortfall is R's 1/3·2 − 0 = 2/3. Moving the
// first-titled 30-year-old to R leaves 1 of 3 at each: CV 0, shortfall 0.
func TestStructureRows(t *testing.T) {
	in := structureCounty()
	ev := NewEvaluator(in)
	p := NewPlan(len(in.Teachers))
	p.Dest[0] = 1
	require.Empty(t, ev.Invalid(0, 1))
	rep := ev.Report(p)
	rows := map[string]StructureRow{}
	for _, r := range rep.Structure {
		rows[r.Stage+" "+r.Measure] = r
	}
	require.Len(t, rep.Structure, 4, "two measures per stage")
	for _, m := range []string{MeasureTitle, MeasureYoung} {
		r := rows["primary "+m]
		assert.InDelta(t, 1.0/3, r.ShareBefore, 1e-12, m)
		assert.InDelta(t, 1.0/3, r.ShareAfter, 1e-12, m)
		require.NotNil(t, r.CVBefore, m)
		assert.InDelta(t, 1/math.Sqrt2, *r.CVBefore, 1e-12, m)
		require.NotNil(t, r.CVAfter, m)
		assert.InDelta(t, 0, *r.CVAfter, 1e-12, m)
		assert.InDelta(t, 2.0/3, r.ShortfallBefore, 1e-12, m)
		assert.InDelta(t, 0, r.ShortfallAfter, 1e-12, m)
	}
	j := rows["junior "+MeasureTitle]
	assert.Nil(t, j.CVBefore, "no junior parts")
	assert.Zero(t, j.ShareBefore)
}

// TestUnitReports: with S and R in one district the district's compliance
// and CVs are the county's; in two districts each has one part, whose CV
// is 0. Schools of no group make no group report.
func TestUnitReports(t *testing.T) {
	in := structureCounty()
	in.Schools[0].District, in.Schools[1].District = "南片", "南片"
	ev := NewEvaluator(in)
	rep := ev.Report(NewPlan(len(in.Teachers)))
	assert.Nil(t, rep.Groups)
	require.Len(t, rep.Districts, 1)
	d := rep.Districts[0]
	assert.Equal(t, UnitReport{Name: "南片", Schools: 2, Sources: 1, Receivers: 1, Compliance: rep.Compliance, CV: d.CV}, d)
	require.Len(t, d.CV, model.NumIndicators, "primary only")
	for i, row := range d.CV {
		assert.Equal(t, rep.CV[i], row, "indicator %s", row.Indicator)
	}

	in.Schools[1].District = "北片"
	in.Schools[0].Group = "一小集团"
	rep = NewEvaluator(in).Report(NewPlan(len(in.Teachers)))
	require.Len(t, rep.Districts, 2)
	assert.Equal(t, []string{"北片", "南片"}, []string{rep.Districts[0].Name, rep.Districts[1].Name}, "by name")
	for _, u := range rep.Districts {
		assert.Equal(t, 1, u.Schools)
		defined := 0
		for _, row := range u.CV {
			if row.Before == nil { // a zero mean: no backbone, PE or art teacher, no facilities
				continue
			}
			defined++
			assert.InDelta(t, 0, *row.Before, 1e-12, "%s %s: one part", u.Name, row.Indicator)
		}
		assert.Equal(t, 1, defined, "%s: only I1 has a CV", u.Name)
	}
	require.Len(t, rep.Groups, 1)
	assert.Equal(t, "一小集团", rep.Groups[0].Name)
	assert.Equal(t, 1, rep.Groups[0].Sources)
}

// TestStructureObjective works the structure term by hand on
// structureCounty with title_structure 1: the county share titled first or
// higher is 2/6 = 1/3; the empty plan falls short at R by 1/3·2 − 0 = 2/3
// (S has 2 ≥ 1/3·4); moving the first-titled teacher from S to R leaves
// 1 of 3 at both, no shortfall. The age term (age_structure 0) counts
// nothing.
func TestStructureObjective(t *testing.T) {
	plain := NewEvaluator(structureCounty())
	in := structureCounty()
	in.Policy.Weights.TitleStructure = 1
	ev := NewEvaluator(in)
	empty := NewPlan(len(in.Teachers))
	moved := NewPlan(len(in.Teachers))
	moved.Dest[0] = 1
	assert.InDelta(t, 2.0/3, ev.Score(empty).Medium-plain.Score(empty).Medium, 1e-12)
	assert.InDelta(t, 0, ev.Score(moved).Medium-plain.Score(moved).Medium, 1e-12)
	assert.InDelta(t, 100*2.0/3, ev.Score(empty).Total-plain.Score(empty).Total, 1e-9, "W.Medium 100 × 2/3")

	rep := ev.Report(empty)
	var term *Term
	for i := range rep.Terms {
		if rep.Terms[i].Name == "title_structure" {
			term = &rep.Terms[i]
		}
	}
	require.NotNil(t, term, "the title_structure term")
	assert.Equal(t, "medium", term.Level)
	assert.InDelta(t, 2.0/3, term.Amount, 1e-12)
	assert.InDelta(t, 100*2.0/3, term.Weighted, 1e-9)
	require.Len(t, term.Items, 1)
	assert.Equal(t, "R", term.Items[0].SchoolID)
	for _, tm := range rep.Terms {
		assert.NotEqual(t, "age_structure", tm.Name, "no age term at weight 0")
	}
	for _, r := range rep.Structure {
		if r.Stage == "primary" && r.Measure == MeasureTitle {
			assert.InDelta(t, term.Amount, r.ShortfallAfter, 1e-12, "the report's shortfall is the objective's")
		}
	}

	st := ev.NewState()
	st.Assert = true
	d := st.Delta(0, 0)
	assert.InDelta(t, ev.Score(moved).Total-ev.Score(empty).Total, d.Total, 1e-9, "Delta of the move")
	st.Apply(0, 0)
}

// TestStructureDeltaAgrees moves teachers of random counties at random
// with both structure weights set; the state panics if its running score
// and a full recompute disagree.
func TestStructureDeltaAgrees(t *testing.T) {
	for seed := range uint64(3) {
		in := randomCounty(seed+1, 12)
		in.Policy.Weights.TitleStructure, in.Policy.Weights.AgeStructure = 2.5, 1.5
		rng := rand.New(rand.NewPCG(seed, 11))
		for i := range in.Teachers {
			in.Teachers[i].Title = model.Title(rng.IntN(6))
		}
		ev := NewEvaluator(in)
		require.Positive(t, ev.Score(NewPlan(len(in.Teachers))).Medium-structureFree(in), "the structure terms count")
		var movers []int
		for ti := range in.Teachers {
			if len(ev.Cands[ti]) > 0 {
				movers = append(movers, ti)
			}
		}
		require.NotEmpty(t, movers)
		st := ev.NewState()
		st.Assert = true
		for range 2000 {
			ti := movers[rng.IntN(len(movers))]
			st.Apply(ti, rng.IntN(len(ev.Cands[ti])+1)-1)
		}
		assert.InDelta(t, ev.Score(st.Plan()).Total, st.Score().Total, 1e-6)
	}
}

// TestMIPStructureEveryPlan: with both structure weights set, the MIP
// objective at every plan of tinyCounty is its score; CBC's optimum on the
// export is the enumerated one.
func TestMIPStructureEveryPlan(t *testing.T) {
	in := tinyCounty()
	for i := range in.Teachers {
		in.Teachers[i].Title = model.Title(i % 5)
	}
	in.Policy.Weights.TitleStructure, in.Policy.Weights.AgeStructure = 30, 20
	ev := NewEvaluator(in)
	m := ev.MIP()
	require.NotNil(t, m.strc, "structure rows")
	n := 0
	enumerate(ev, func(p Plan) {
		n++
		got, err := objectiveAt(m, p)
		require.NoError(t, err)
		want := ev.Score(p).Total
		require.InDelta(t, want, got, 1e-6, "plan %v: got MIP objective %v, want score %v", p.Dest, got, want)
	})
	assert.Greater(t, n, 100)
	_, want := bruteForce(ev)
	res := Solve(context.Background(), ev, Options{Seed: 1, Iterations: 20_000})
	assert.InDelta(t, want, res.Score.Total, 1e-6, "got search total %v, want brute-force optimum %v", res.Score.Total, want)
	assert.LessOrEqual(t, res.Bound, want+1e-6, "got bound %v above the optimum %v", res.Bound, want)

	s := solveCBC(t, cbcPath(t), ev, m, "lp")
	got := ev.Score(s.Plan).Total
	assert.InDelta(t, want, got, 1e-6, "got CBC optimum %v, want enumerated optimum %v", got, want)
}

// structureFree is the medium score of the empty plan of in without the
// structure weights.
func structureFree(in *model.Instance) float64 {
	c := *in
	c.Policy.Weights.TitleStructure, c.Policy.Weights.AgeStructure = 0, 0
	return NewEvaluator(&c).Score(NewPlan(len(in.Teachers))).Medium
}
