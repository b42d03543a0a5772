package gen

import (
	"cmp"
	"math"
	"slices"

	"github.com/rotaplan/rotaplan/model"
)

// Structures of a generated county.
const (
	// schoolsPerDistrict sets the number of districts (片区): the county
	// is cut into this many sectors around its seat per school, between
	// minDistricts and maxDistricts.
	schoolsPerDistrict = 15
	minDistricts       = 3
	maxDistricts       = 6
	// schoolsPerGroup sets the number of education groups (教育集团): one
	// per this many schools, at least one, each led by an urban primary
	// school with groupMembers receiving primary schools nearby.
	schoolsPerGroup = 20
	groupMembers    = 3
	// pairKm bounds the distance of a pair (结对); secondPairP is the chance
	// a source school supports a second receiving school.
	pairKm      = 30.0
	secondPairP = 0.4
	// principalYearsMean is the mean tenure of a principal; about a third
	// have six years or more.
	principalYearsMean = 5.0
)

var (
	compassDistricts  = []string{"东片区", "北片区", "西片区", "南片区"}
	numberedDistricts = []string{"第一片区", "第二片区", "第三片区", "第四片区", "第五片区", "第六片区"}
)

// structures gives every generated county its districts, education groups,
// pairs and principals' tenure, drawn after everything else so that the
// rest of a seed stays as it was. Districts are sectors around the county
// seat, so that each holds schools of the seat (sources) and the towns,
// townships and villages behind them; the seat's first urban primary
// schools lead the groups, with the receiving primary schools nearest to
// them; every source school other than a teaching point supports the one
// or two receiving schools of its stage near it; principals took their
// post at their school a few years ago (principalYearsMean). In a
// prefecture the districts carry the county's name.
func (g *generator) structures(prefixed bool) {
	in := g.in
	for _, c := range g.laid {
		k := min(maxDistricts, max(minDistricts, int(math.Round(float64(c.end-c.first)/schoolsPerDistrict))))
		names := numberedDistricts
		if k == len(compassDistricts) {
			names = compassDistricts
		}
		for s := c.first; s < c.end; s++ {
			sc := &in.Schools[s]
			x := (sc.Lon - c.lon) * math.Cos(c.lat*math.Pi/180)
			a := math.Atan2(sc.Lat-c.lat, x) + math.Pi/float64(k)
			if a < 0 {
				a += 2 * math.Pi
			}
			d := min(k-1, int(a/(2*math.Pi/float64(k))))
			sc.District = names[d]
			if prefixed {
				sc.District = c.name + names[d]
			}
		}
		g.groups(c)
		g.pairs(c)
	}
	for ti := range in.Teachers {
		t := &in.Teachers[ti]
		if !t.Principal {
			continue
		}
		months := 1 + int(g.r.ExpFloat64()*principalYearsMean*12)
		since := model.MonthOf((PlanDate - model.Month(months)).Year(), 9)
		t.PrincipalSince = max(since, t.Joined, t.Birth+12*30)
		if t.PrincipalSince > PlanDate {
			t.PrincipalSince = PlanDate
		}
	}
	in.Index()
}

// kmBetween is the straight-line distance of two schools.
func (g *generator) kmBetween(a, b int) float64 {
	sa, sb := &g.in.Schools[a], &g.in.Schools[b]
	return model.GreatCircleKm(sa.Lat, sa.Lon, sb.Lat, sb.Lon)
}

// nearestOf returns the schools of cands nearest to school a, nearest
// first (ties by index), at most n of them within km.
func (g *generator) nearestOf(a int, cands []int, n int, km float64) []int {
	type sk struct {
		s  int
		km float64
	}
	var all []sk
	for _, s := range cands {
		if d := g.kmBetween(a, s); s != a && d <= km {
			all = append(all, sk{s, d})
		}
	}
	slices.SortFunc(all, func(x, y sk) int {
		if c := cmp.Compare(x.km, y.km); c != 0 {
			return c
		}
		return cmp.Compare(x.s, y.s)
	})
	out := make([]int, 0, n)
	for _, x := range all[:min(n, len(all))] {
		out = append(out, x.s)
	}
	return out
}

// groups forms the education groups of county c.
func (g *generator) groups(c laidCounty) {
	in := g.in
	n := max(1, (c.end-c.first)/schoolsPerGroup)
	var free []int // receiving primary schools in no group yet
	for s := c.first; s < c.end; s++ {
		sc := &in.Schools[s]
		if sc.IsReceiver() && sc.Type != model.TeachingPoint && sc.Teaches(model.Primary) {
			free = append(free, s)
		}
	}
	for i := range min(n, c.urbanSchool) {
		lead := c.first + i
		ls := &in.Schools[lead]
		if !ls.IsSource() {
			continue
		}
		name := ls.Name + "教育集团"
		ls.Group = name
		for _, m := range g.nearestOf(lead, free, groupMembers, math.Inf(1)) {
			in.Schools[m].Group = name
			free = slices.DeleteFunc(free, func(s int) bool { return s == m })
		}
	}
}

// pairs pairs the source schools of county c with receiving schools of a
// stage they teach near them.
func (g *generator) pairs(c laidCounty) {
	in := g.in
	var receivers []int
	for s := c.first; s < c.end; s++ {
		if sc := &in.Schools[s]; sc.IsReceiver() && sc.Type != model.TeachingPoint {
			receivers = append(receivers, s)
		}
	}
	for s := c.first; s < c.end; s++ {
		sc := &in.Schools[s]
		if !sc.IsSource() || sc.Type == model.TeachingPoint {
			continue
		}
		var same []int
		for _, r := range receivers {
			rs := &in.Schools[r]
			if (sc.Teaches(model.Primary) && rs.Teaches(model.Primary)) || (sc.Teaches(model.Junior) && rs.Teaches(model.Junior)) {
				same = append(same, r)
			}
		}
		near := g.nearestOf(s, same, 3, pairKm)
		if len(near) == 0 {
			continue
		}
		first := g.r.IntN(len(near))
		picked := []int{near[first]}
		if len(near) > 1 && g.chance(secondPairP) {
			picked = append(picked, near[(first+1+g.r.IntN(len(near)-1))%len(near)])
		}
		slices.Sort(picked)
		for _, r := range picked {
			in.Pairs = append(in.Pairs, model.Pair{SourceID: sc.ID, ReceiverID: in.Schools[r].ID})
		}
	}
}
