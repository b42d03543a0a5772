package solver

import (
	"cmp"
	"math"
	"slices"

	"github.com/rotaplan/rotaplan/model"
)

// latIndex lists schools by latitude, so that the schools near another one
// are found without measuring the distance of every pair: the great circle
// between two points is at least the arc between their parallels, so a
// school whose latitude differs by more than a distance allows is beyond
// it. The bound holds only for distances computed from coordinates; with a
// distance table (Instance.Distances), a school without coordinates or a
// road factor that is not positive, the index is not usable and callers
// measure every pair.
type latIndex struct {
	in    *model.Instance
	order []int32   // schools by latitude, then index
	lat   []float64 // their latitudes
	// kmPerDeg is a lower bound on the road km per degree of latitude
	// apart, shaded for rounding.
	kmPerDeg float64
}

// newLatIndex indexes the given schools, or returns nil when the bound
// does not hold for them.
func newLatIndex(in *model.Instance, schools []int32) *latIndex {
	rf := in.Policy.RoadFactor
	if len(in.Distances) > 0 || !(rf > 0) {
		return nil
	}
	for _, s := range schools {
		if !in.Schools[s].HasCoords {
			return nil
		}
	}
	li := &latIndex{in: in, order: slices.Clone(schools), kmPerDeg: rf * earthRadiusKm * math.Pi / 180 * (1 - 1e-9)}
	slices.SortFunc(li.order, func(a, b int32) int {
		if c := cmp.Compare(in.Schools[a].Lat, in.Schools[b].Lat); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	li.lat = make([]float64, len(li.order))
	for i, s := range li.order {
		li.lat[i] = in.Schools[s].Lat
	}
	return li
}

// earthRadiusKm is the radius of model.GreatCircleKm.
const earthRadiusKm = 6371.0

// within appends to buf the indexed schools whose latitude is close enough
// to school home's to lie within km of it, in latitude order, and returns
// buf: a superset of the schools within km, to be measured.
func (li *latIndex) within(buf []int32, home int, km float64) []int32 {
	lat := li.in.Schools[home].Lat
	d := km / li.kmPerDeg
	i, _ := slices.BinarySearch(li.lat, lat-d)
	for ; i < len(li.lat) && li.lat[i] <= lat+d; i++ {
		buf = append(buf, li.order[i])
	}
	return buf
}

// nearest calls visit with the indexed schools in order of latitude apart
// from school a's, nearest first, until visit returns a distance below
// which it wants no more: every school left is at least that far from a.
// visit is not called for a itself.
func (li *latIndex) nearest(a int, visit func(s int32) (enough float64)) {
	lat := li.in.Schools[a].Lat
	hi, _ := slices.BinarySearch(li.lat, lat)
	lo := hi - 1
	enough := math.Inf(1)
	for lo >= 0 || hi < len(li.lat) {
		// The side whose next school is nearer in latitude.
		var s int32
		var dlat float64
		if hi >= len(li.lat) || (lo >= 0 && lat-li.lat[lo] <= li.lat[hi]-lat) {
			s, dlat = li.order[lo], lat-li.lat[lo]
			lo--
		} else {
			s, dlat = li.order[hi], li.lat[hi]-lat
			hi++
		}
		if dlat*li.kmPerDeg > enough {
			return
		}
		if int(s) != a {
			enough = visit(s)
		}
	}
}
