package solver_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/scenarios/gen"
	"github.com/rotaplan/rotaplan/solver"
)

// TestPrincipalExchangeGenerated checks the exchange of a generated county
// against its rules: every move leaves the own school, no two share a
// destination, every destination is the post of a due principal or a
// school without one, and the direction matches the schools.
func TestPrincipalExchangeGenerated(t *testing.T) {
	in, err := gen.Generate(gen.County, 1)
	require.NoError(t, err)
	ev := solver.NewEvaluator(in)
	x := ev.PrincipalExchange(solver.NewPlan(len(in.Teachers)))
	require.Positive(t, x.Due, "the generated county has due principals")
	hasPrincipal := map[string]bool{}
	dueAt := map[string]bool{}
	for i := range in.Teachers {
		tc := &in.Teachers[i]
		if tc.Principal {
			hasPrincipal[in.Schools[tc.School].ID] = true
			if in.PrincipalDue(tc) {
				dueAt[in.Schools[tc.School].ID] = true
			}
		}
	}
	to := map[string]bool{}
	for _, m := range x.Moves {
		assert.NotEqual(t, m.From, m.To, "principal %s stays", m.ID)
		assert.False(t, to[m.To], "two principals to %s", m.To)
		to[m.To] = true
		assert.True(t, dueAt[m.To] || !hasPrincipal[m.To], "principal %s to %s, whose principal is not due", m.ID, m.To)
		assert.GreaterOrEqual(t, m.Years, in.Policy.PrincipalMaxYears)
		a, _ := in.SchoolByID(m.From)
		b, _ := in.SchoolByID(m.To)
		dir := solver.DirSameClass
		switch {
		case in.Schools[a].IsSource() && in.Schools[b].IsReceiver():
			dir = solver.DirStrongToWeak
		case in.Schools[a].IsReceiver() && in.Schools[b].IsSource():
			dir = solver.DirWeakToStrong
		}
		assert.Equal(t, dir, m.Direction)
		assert.LessOrEqual(t, m.Km, in.Policy.MaxDistanceKm)
	}
	assert.Equal(t, x.Due, len(x.Moves)+len(x.Unassigned))
}

func BenchmarkPrincipalExchange(b *testing.B) {
	for _, size := range []gen.Size{gen.County, gen.Prefecture} {
		b.Run(string(size), func(b *testing.B) {
			in, err := gen.Generate(size, 1)
			require.NoError(b, err)
			ev := solver.NewEvaluator(in)
			p := solver.NewPlan(len(in.Teachers))
			b.ReportAllocs()
			var x *solver.PrincipalExchange
			for b.Loop() {
				x = ev.PrincipalExchange(p)
			}
			b.ReportMetric(float64(x.Due), "due")
			b.ReportMetric(float64(len(x.Moves)), "moved")
		})
	}
}

// ExampleEvaluator_PrincipalExchange proposes the principal exchange of
// the generated small county: the due principals, the posts open to them
// and where the first one goes.
func ExampleEvaluator_PrincipalExchange() {
	in, err := gen.Generate(gen.Small, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	ev := solver.NewEvaluator(in)
	x := ev.PrincipalExchange(solver.NewPlan(len(in.Teachers)))
	fmt.Printf("due %d, posts %d, moved %d, unplaced %d\n", x.Due, x.Posts, len(x.Moves), len(x.Unassigned))
	if len(x.Moves) > 0 {
		m := x.Moves[0]
		fmt.Printf("%s: %s → %s, %.1f km, %s, %.0f years\n", m.ID, m.From, m.To, m.Km, m.Direction, m.Years)
	}
	// Output:
	// due 4, posts 4, moved 4, unplaced 0
	// 4301000217: 43010003 → 43010018, 17.9 km, strong_to_weak, 6 years
}
