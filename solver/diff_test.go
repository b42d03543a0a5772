package solver

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
)

// TestDiffInvalidMoves compares plans in which a move breaks a rule, as an
// edited plan may: the teacher is still listed by what changed.
func TestDiffInvalidMoves(t *testing.T) {
	c := newCounty()
	u := c.school("U", model.PrimarySchool, model.Urban, false, 400, 0, 113, 28)
	town := c.school("N", model.PrimarySchool, model.Town, false, 300, 0, 113.02, 28)
	r1 := c.school("R1", model.PrimarySchool, model.Rural, false, 100, 0, 113.05, 28)
	r2 := c.school("R2", model.PrimarySchool, model.Rural, true, 100, 0, 113.1, 28)
	c.many(u, 10, tspec{stage: model.Primary, years: 10})
	c.many(town, 10, tspec{stage: model.Primary, years: 10})
	c.many(r1, 5, tspec{stage: model.Primary, years: 10})
	c.many(r2, 5, tspec{stage: model.Primary, years: 10})
	in := c.build()
	ev := NewEvaluator(in)
	const teacher = 0 // at U
	require.NotEmpty(t, ev.Invalid(teacher, town), "a move to a town school breaks a rule")
	require.Empty(t, ev.Invalid(teacher, r1))
	require.Empty(t, ev.Invalid(teacher, r2))

	tests := []struct {
		name         string
		a, b         int32 // destination of the teacher in each plan
		onlyA, onlyB int
		changed      bool
		wantToA, toB string
	}{
		{"valid to valid", int32(r1), int32(r2), 0, 0, true, "R1", "R2"},
		{"invalid to valid", int32(town), int32(r1), 0, 0, true, "N", "R1"},
		{"valid to invalid", int32(r2), int32(town), 0, 0, true, "R2", "N"},
		{"same invalid move", int32(town), int32(town), 0, 0, false, "", ""},
		{"invalid move dropped", int32(town), Stay, 1, 0, false, "", ""},
		{"invalid move added", Stay, int32(town), 0, 1, false, "", ""},
		{"valid move added", Stay, int32(r1), 0, 1, false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := NewPlan(len(in.Teachers)), NewPlan(len(in.Teachers))
			a.Dest[teacher], b.Dest[teacher] = tt.a, tt.b
			d := ev.Diff(a, b)
			assert.Len(t, d.OnlyA, tt.onlyA, "only in a: got %v", d.OnlyA)
			assert.Len(t, d.OnlyB, tt.onlyB, "only in b: got %v", d.OnlyB)
			if !tt.changed {
				assert.Empty(t, d.Changed, "got changed %v, want none", d.Changed)
			} else if assert.Len(t, d.Changed, 1, "got changed %v, want one", d.Changed) {
				want := Change{TeacherID: in.Teachers[teacher].ID, ToA: tt.wantToA, ToB: tt.toB}
				assert.Equal(t, want, d.Changed[0], "got %+v, want %+v", d.Changed[0], want)
			}
			for _, mv := range append(d.OnlyA, d.OnlyB...) {
				assert.Equal(t, in.Teachers[teacher].ID, mv.ID)
				assert.Equal(t, "U", mv.From)
				assert.NotNil(t, mv.Reasons, "reasons are an empty list, not null, in JSON")
			}
			want := ev.Score(b).Total - ev.Score(a).Total
			assert.InDelta(t, want, d.Score.Total, 1e-6, "got total change %v, want %v", d.Score.Total, want)
		})
	}
}
