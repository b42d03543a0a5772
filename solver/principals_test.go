package solver

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
)

// principalCounty: A (urban, 113.00/28.00) and B (town, 113.05/28.00) are
// sources, R1 (113.10/28.00) and R2 (113.02/28.05) rural, TP a teaching
// point. Principals (plan date 2026-09, principal_max_years 6): P_A since
// 2018-09 (8 years, due), P_B since 2022-09 (4 years), P_R1 since 2019-09
// (7 years, due), P_X at B without principal_since; R2 has no principal.
func principalCounty() *model.Instance {
	c := newCounty()
	a := c.school("A", model.PrimarySchool, model.Urban, false, 400, 0, 113.00, 28.00)
	b := c.school("B", model.PrimarySchool, model.Town, false, 300, 0, 113.05, 28.00)
	r1 := c.school("R1", model.PrimarySchool, model.Rural, false, 150, 0, 113.10, 28.00)
	r2 := c.school("R2", model.PrimarySchool, model.Rural, false, 120, 0, 113.02, 28.05)
	tp := c.school("TP", model.TeachingPoint, model.Rural, false, 30, 0, 113.03, 28.03)
	pr := tspec{stage: model.Primary, subject: model.Chinese, edu: model.Bachelor, years: 10, age: 48, principal: true}
	c.teacher(a, pr)
	c.teacher(b, pr)
	c.teacher(r1, pr)
	c.teacher(b, pr)
	for _, s := range []int{a, b, r1, r2, tp} {
		c.many(s, 3, tspec{stage: model.Primary, subject: model.Math, edu: model.Bachelor, years: 3})
	}
	in := c.build()
	in.Teachers[0].PrincipalSince = model.MonthOf(2018, 9)
	in.Teachers[1].PrincipalSince = model.MonthOf(2022, 9)
	in.Teachers[2].PrincipalSince = model.MonthOf(2019, 9)
	return in
}

// TestPrincipalExchange works the exchange by hand. Due: P_A (at A) and
// P_R1 (at R1); posts: A and R1, theirs, and R2, vacant (TP is a teaching
// point, B has principals). Costs, km plus the direction's detour:
// P_A→R1 km(A,R1)≈12.8, P_A→R2 km(A,R2)≈7.7 (strong→weak, +0);
// P_R1→A km≈12.8+50 (weak→strong), P_R1→R2 km(R1,R2)≈12.5+25 (same class).
// The assignments: {P_A→R1, P_R1→R2} ≈ 50.3, {P_A→R2, P_R1→A} ≈ 70.5,
// {P_A→R1, P_R1→A} ≈ 75.6: the first, although R2 is P_A's nearest post.
func TestPrincipalExchange(t *testing.T) {
	in := principalCounty()
	ev := NewEvaluator(in)
	x := ev.PrincipalExchange(NewPlan(len(in.Teachers)))
	kmAR1, kmR1R2 := in.DistanceKm(0, 2), in.DistanceKm(2, 3)
	require.InDelta(t, 12.8, kmAR1, 0.1)
	require.InDelta(t, 12.5, kmR1R2, 0.1)
	assert.Equal(t, 2, x.Due)
	assert.Equal(t, 3, x.Posts)
	assert.Equal(t, 1, x.Vacant)
	assert.Equal(t, []string{"T0003"}, x.Missing)
	require.Len(t, x.Moves, 2)
	assert.Empty(t, x.Unassigned)
	got := []string{}
	for _, m := range x.Moves {
		got = append(got, fmt.Sprintf("%s %s→%s %s vacant=%v", m.ID, m.From, m.To, m.Direction, m.Vacant))
	}
	assert.Equal(t, []string{"T0000 A→R1 strong_to_weak vacant=false", "T0002 R1→R2 same_class vacant=true"}, got)
	assert.InDelta(t, 8.0, x.Moves[0].Years, 1e-12)
	assert.InDelta(t, kmAR1+kmR1R2+PrincipalSameClassKm, x.Cost, 1e-9)

	t.Run("district scope", func(t *testing.T) {
		in := principalCounty()
		for i, d := range []string{"东片", "东片", "西片", "东片", "东片"} {
			in.Schools[i].District = d
		}
		in.Policy.MoveScope = model.ScopeDistrict
		x := NewEvaluator(in).PrincipalExchange(NewPlan(len(in.Teachers)))
		require.Len(t, x.Moves, 1)
		assert.Equal(t, "R2", x.Moves[0].To, "P_A keeps to 东片: R2")
		require.Len(t, x.Unassigned, 1)
		assert.Equal(t, PrincipalUnplaced{ID: "T0002", School: "R1", Why: "no open post within max_distance_km and move_scope"}, x.Unassigned[0])
	})
	t.Run("nine years", func(t *testing.T) {
		in := principalCounty()
		in.Policy.PrincipalMaxYears = 9
		x := NewEvaluator(in).PrincipalExchange(NewPlan(len(in.Teachers)))
		assert.Zero(t, x.Due)
		assert.Empty(t, x.Moves)
	})
	t.Run("moved by the plan", func(t *testing.T) {
		in := principalCounty()
		in.Policy.IncludePrincipals = true
		p := NewPlan(len(in.Teachers))
		p.Dest[0] = 3
		x := NewEvaluator(in).PrincipalExchange(p)
		assert.Equal(t, 1, x.Due)
		require.Len(t, x.LeftOut, 1)
		assert.Equal(t, PrincipalLeftOut{0, "moved by the teachers' plan"}, x.LeftOut[0])
		require.Len(t, x.Moves, 1)
		assert.Equal(t, "T0002", x.Moves[0].ID)
		assert.NotEqual(t, "R1", x.Moves[0].To)
	})
}
