package solver

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
)

// with returns a copy of p with teacher t sent to d (Stay for home).
func with(p Plan, moves ...[2]int32) Plan {
	q := p.Clone()
	for _, m := range moves {
		q.Dest[m[0]] = m[1]
	}
	return q
}

// TestExplainChangesEqualRescoring: every option's change and every
// replacement's change equals re-scoring the changed plan, for every
// teacher of random plans with all the defensible terms on.
func TestExplainChangesEqualRescoring(t *testing.T) {
	for seed := uint64(1); seed <= 2; seed++ {
		in := defensibleCounty(t, seed)
		ev := NewEvaluator(in)
		rng := rand.New(rand.NewPCG(seed, 17))
		p := randomPlan(ev, rng, 0.3)
		base := ev.Score(p).Total
		x := ev.Explainer(p)
		checked, repl := 0, 0
		for ti := range in.Teachers {
			e := x.Explain(ti)
			for _, o := range e.Options {
				d := Stay
				if o.ToSchoolID != "" {
					s, ok := in.SchoolByID(o.ToSchoolID)
					require.True(t, ok)
					d = int32(s)
				}
				want := ev.Score(with(p, [2]int32{int32(ti), d})).Total - base
				require.InDelta(t, want, o.Change.Total, 1e-6*math.Max(1, math.Abs(want)), "teacher %s to %q: got change %v, want %v", e.TeacherID, o.ToSchoolID, o.Change.Total, want)
				checked++
			}
			if r := e.Replacement; r != nil {
				want := ev.Score(with(p, [2]int32{int32(ti), Stay}, [2]int32{int32(r.Teacher), p.Dest[ti]})).Total - base
				require.InDelta(t, want, r.Change.Total, 1e-6*math.Max(1, math.Abs(want)), "replacing %s by %s: got %v, want %v", e.TeacherID, r.TeacherID, r.Change.Total, want)
				repl++
			}
		}
		require.Positive(t, checked)
		require.Positive(t, repl)
		// Explaining leaves the state as it was.
		assert.InDelta(t, base, x.st.Score().Total, 1e-6)
	}
}

// TestExplainByHand explains keepCounty's plan "t2 to R" (t6 joined U two
// years ago).
func TestExplainByHand(t *testing.T) {
	in := keepCounty(func(c *county) {
		c.teacher(0, tspec{stage: model.Primary, subject: model.Chinese, edu: model.Bachelor, years: 2})
	})
	ev := NewEvaluator(in)
	p := planOf(len(in.Teachers), [2]int{2, 1})
	x := ev.Explainer(p)

	moved := x.Explain(2)
	assert.Equal(t, StatusMoved, moved.Status)
	assert.Equal(t, "R", moved.Destination)
	// R has no teacher: t2 fills one of its I1 need (4.2) and one of its
	// Chinese need (3 classes·6.8/15 = 1.36).
	assert.Equal(t, []Reason{{Counter: "qualified", Filled: 1}, {Counter: "subject:chinese", Filled: 1}}, moved.Fills)
	require.Len(t, moved.Options, 2, "got %+v, want R2 and staying home", moved.Options)
	assert.Equal(t, "R2", moved.Options[0].ToSchoolID)
	assert.Equal(t, "", moved.Options[1].ToSchoolID)
	// Staying home: the quota (⌈0.1·6⌉ = 1) falls short by one while the
	// backbone share (⌈0.2·1⌉ = 1, unmet by t2) no longer asks for one, so
	// hard is unchanged; the two deficits come back (+2) and the move's
	// disruption goes (10 + 6.38 km + 20 for a non-volunteer).
	assert.Equal(t, 0, moved.Options[1].Change.Hard)
	assert.InDelta(t, 2.0, moved.Options[1].Change.Medium, 1e-9)
	assert.InDelta(t, -36.381654, moved.Options[1].Change.Soft, 1e-6)
	require.NotNil(t, moved.Replacement)
	// Another Chinese teacher at U does exactly what t2 does: a change of 0.
	assert.InDelta(t, 0, moved.Replacement.Change.Total, 1e-9)
	assert.Equal(t, "eligible", moved.Eligibility.Rule)
	require.NotNil(t, moved.Points)

	home := x.Explain(3)
	assert.Equal(t, StatusNotMoved, home.Status)
	require.NotEmpty(t, home.Options)
	assert.Equal(t, []string{"T0002"}, home.Instead, "t2 went instead: same post school, stage and subject")

	young := x.Explain(6)
	assert.Equal(t, StatusNotEligible, young.Status)
	assert.Equal(t, "too_few_years", young.Eligibility.Rule)
	assert.Equal(t, "2.0 years at school, 6 required", young.Eligibility.Detail)
	assert.Equal(t, "2024-09", young.Eligibility.ServiceSince)
	assert.Equal(t, "2026-09", young.Eligibility.PlanDate)
	assert.Empty(t, young.Options)
	assert.Nil(t, young.Points)

	list := EligibilityList(in, p)
	require.Len(t, list, 7, "every teacher of U")
	assert.Equal(t, StatusMoved, list[2].Status)
	assert.Equal(t, "R", list[2].To)
	assert.Equal(t, StatusNotMoved, list[3].Status)
	assert.Equal(t, StatusNotEligible, list[6].Status)
	assert.Equal(t, "too_few_years", list[6].Rule)
}
