package solver

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
)

// scatteredCounty spreads n receiving schools over about 400 km of
// latitude, with one eligible teacher each at as many source schools.
func scatteredCounty(seed uint64, n int) *model.Instance {
	c := newCounty()
	rng := rand.New(rand.NewPCG(seed, 11))
	for i := range n {
		lon, lat := 112+2*rng.Float64(), 26+3.6*rng.Float64()
		if i%5 == 0 && i > 0 { // some share a latitude
			lat = c.in.Schools[len(c.in.Schools)-1].Lat
		}
		r := c.school(fmt.Sprintf("R%03d", i), model.PrimarySchool, model.Rural, false, 200, 0, lon, lat)
		c.teacher(r, tspec{stage: model.Primary, subject: model.Chinese, edu: model.College, years: 3})
		s := c.school(fmt.Sprintf("S%03d", i), model.PrimarySchool, model.Urban, false, 600, 0, lon+0.05*rng.NormFloat64(), lat+0.05*rng.NormFloat64())
		c.teacher(s, tspec{stage: model.Primary, subject: model.Math, edu: model.Bachelor, years: 8})
	}
	return c.build()
}

// measured returns an instance like in whose distances are all measured
// pair by pair: a distance table, even one that names no pair in use,
// turns off the latitude index.
func measured(in *model.Instance) *model.Instance {
	out := *in
	out.Distances = map[uint64]float64{model.PairKey(0, 0): 0}
	return &out
}

func TestCandidatesMatchEveryPairMeasured(t *testing.T) {
	for _, seed := range []uint64{1, 2} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			in := scatteredCounty(seed, 300)
			got, want := NewEvaluator(in), NewEvaluator(measured(in))
			require.NotNil(t, newLatIndex(in, []int32{0, 1}), "the index is in use")
			moves := 0
			for tc := range want.Cands {
				moves += len(want.Cands[tc])
				assert.Equal(t, want.Cands[tc], got.Cands[tc], "teacher %d", tc)
			}
			require.Positive(t, moves)
			require.Less(t, moves, 300*300/4, "most receivers are out of reach")
		})
	}
}

func TestNearReceiversMatchEveryPairMeasured(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			in := scatteredCounty(seed, 200)
			in.Policy.MaxDistanceKm = 150
			ev := NewEvaluator(in)
			s := newSearch(context.Background(), ev, Options{})
			require.True(t, s.prepare())
			s.nearReceivers()
			require.NotNil(t, s.near)
			for _, a := range s.recv {
				type nd struct {
					r int32
					d float64
				}
				var all []nd
				for _, b := range s.recv {
					if b != a {
						all = append(all, nd{b, in.DistanceKm(int(a), int(b))})
					}
				}
				slices.SortFunc(all, func(x, y nd) int {
					if c := cmp.Compare(x.d, y.d); c != 0 {
						return c
					}
					return cmp.Compare(x.r, y.r)
				})
				var want []int32
				for _, x := range all[:min(nearCount, len(all))] {
					want = append(want, x.r)
				}
				assert.Equal(t, want, s.near[a], "receiver %d", a)
			}
		})
	}
}

func TestNewLatIndex(t *testing.T) {
	in := scatteredCounty(1, 4)
	noCoords := *in
	noCoords.Schools = slices.Clone(in.Schools)
	noCoords.Schools[2].HasCoords = false
	noRoad := *in
	noRoad.Policy.RoadFactor = 0
	tests := []struct {
		name   string
		in     *model.Instance
		usable bool
	}{
		{"coordinates", in, true},
		{"a distance table", measured(in), false},
		{"a school without coordinates", &noCoords, false},
		{"no road factor", &noRoad, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			li := newLatIndex(tt.in, []int32{0, 2, 4, 6})
			assert.Equal(t, tt.usable, li != nil, "got index %v, want usable %v", li != nil, tt.usable)
		})
	}
}
