package solver

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
)

// TestRegionsFollowGeography: one component made of a western and an
// eastern cluster, linked through a school between them, is cut into two
// regions along the gap.
func TestRegionsFollowGeography(t *testing.T) {
	c := newCounty()
	var west, east []int
	for i := range 3 {
		d := 0.02 * float64(i)
		west = append(west, c.school("W"+string(rune('0'+i)), model.PrimarySchool, model.Urban, false, 400, 0, 113.00+d, 28.00))
		c.school("WR"+string(rune('0'+i)), model.PrimarySchool, model.Rural, false, 100, 0, 113.01+d, 28.02)
		east = append(east, c.school("E"+string(rune('0'+i)), model.PrimarySchool, model.Urban, false, 400, 0, 113.60+d, 28.00))
		c.school("ER"+string(rune('0'+i)), model.PrimarySchool, model.Rural, false, 100, 0, 113.61+d, 28.02)
	}
	c.school("M", model.PrimarySchool, model.Rural, false, 100, 0, 113.30, 28.01)
	for _, s := range append(append([]int(nil), west...), east...) {
		c.many(s, 8, tspec{stage: model.Primary, subject: model.Math, edu: model.Bachelor, years: 8})
	}
	ev := NewEvaluator(c.build())
	s := newSearch(context.Background(), ev, Options{})
	require.True(t, s.prepare())
	require.Equal(t, 1, s.comps, "the middle school links the clusters")
	s.regions(len(s.mobile) / 2)
	require.Equal(t, 2, s.comps)
	region := func(school int) int32 {
		for t := range ev.In.Teachers {
			if ev.In.Teachers[t].School == school {
				return s.compOf[t]
			}
		}
		t.Fatalf("no teacher at school %d", school)
		return -1
	}
	for _, w := range west {
		assert.Equal(t, region(west[0]), region(w), "west school %d", w)
	}
	for _, e := range east {
		assert.Equal(t, region(east[0]), region(e), "east school %d", e)
	}
	assert.NotEqual(t, region(west[0]), region(east[0]))
}
