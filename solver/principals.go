package solver

import (
	"cmp"
	"slices"

	"github.com/rotaplan/rotaplan/model"
)

// The preference of the principal exchange for its direction, in km of
// detour it is worth: strong → weak (a source school's principal to a
// receiving school) costs nothing extra, between two schools of one class
// PrincipalSameClassKm, weak → strong PrincipalUpwardKm (DOMAIN §8:
// "nearest first, strong → weak preferred").
const (
	PrincipalSameClassKm = 25
	PrincipalUpwardKm    = 50
)

// PrincipalExchange is the proposed exchange of principals (校长交流名单,
// DOMAIN §8): the principals due to rotate, with principal_max_years of
// tenure or more at the plan date, assigned to the principal posts of
// their schools and of the schools whose post is vacant, each to another
// school than their own and no two to one school, within move_scope and
// max_distance_km, at least total cost: km plus the direction's detour
// (PrincipalSameClassKm, PrincipalUpwardKm). It is a min-cost assignment,
// solved as a min-cost flow.
type PrincipalExchange struct {
	MaxYears   float64             `json:"principal_max_years"`
	Due        int                 `json:"due"`
	Posts      int                 `json:"posts"`  // the posts open to the due principals: theirs and the vacant ones
	Vacant     int                 `json:"vacant"` // of Posts, the schools without a principal
	Cost       float64             `json:"cost"`
	Moves      []PrincipalMove     `json:"moves"`
	Unassigned []PrincipalUnplaced `json:"unassigned"`
	Missing    []string            `json:"missing_principal_since,omitempty"` // principals without principal_since: tenure unknown, not in the exchange
	LeftOut    []PrincipalLeftOut  `json:"-"`
}

// PrincipalMove is one principal of the exchange.
type PrincipalMove struct {
	Teacher   int     `json:"-"`
	ID        string  `json:"teacher_id"`
	Since     string  `json:"principal_since"`
	Years     float64 `json:"years"`
	From      string  `json:"from_school_id"`
	To        string  `json:"to_school_id"`
	Km        float64 `json:"km"`
	Direction string  `json:"direction"` // strong_to_weak, same_class or weak_to_strong
	Vacant    bool    `json:"vacant"`    // the destination had no principal
	Cost      float64 `json:"cost"`
}

// PrincipalUnplaced is a due principal the exchange found no post for.
type PrincipalUnplaced struct {
	ID     string `json:"teacher_id"`
	School string `json:"school_id"`
	Why    string `json:"why"`
}

// PrincipalLeftOut is a principal who is due but left out of the
// exchange, and why (on a stint, exempt, moved by the teachers' plan).
type PrincipalLeftOut struct {
	Teacher int
	Why     string
}

// Directions of a principal's move.
const (
	DirStrongToWeak = "strong_to_weak"
	DirSameClass    = "same_class"
	DirWeakToStrong = "weak_to_strong"
)

// principalDirection is the direction of a move from school a to school b
// and its detour in km.
func principalDirection(a, b *model.School) (string, float64) {
	switch {
	case a.IsSource() && b.IsReceiver():
		return DirStrongToWeak, 0
	case a.IsReceiver() && b.IsSource():
		return DirWeakToStrong, PrincipalUpwardKm
	}
	return DirSameClass, PrincipalSameClassKm
}

// PrincipalExchange proposes the exchange of the due principals of the
// instance alongside plan p: a principal whom p moves as a teacher (with
// include_principals) is left out, as are principals on a stint, returning
// or exempt. Teaching points have no principal post of their own.
func (ev *Evaluator) PrincipalExchange(p Plan) *PrincipalExchange {
	in := ev.In
	pol := &in.Policy
	x := &PrincipalExchange{MaxYears: pol.PrincipalMaxYears, Moves: []PrincipalMove{}, Unassigned: []PrincipalUnplaced{}}
	hasPrincipal := make([]bool, len(in.Schools))
	var due []int
	for ti := range in.Teachers {
		t := &in.Teachers[ti]
		if !t.Principal {
			continue
		}
		hasPrincipal[t.School] = true
		if t.PrincipalSince == 0 {
			x.Missing = append(x.Missing, t.ID)
			continue
		}
		if !in.PrincipalDue(t) {
			continue
		}
		switch {
		case t.OngoingStint || t.OnRotation() || t.Returning:
			x.LeftOut = append(x.LeftOut, PrincipalLeftOut{ti, "on a stint"})
		case t.Exempt != "":
			x.LeftOut = append(x.LeftOut, PrincipalLeftOut{ti, "exempt: " + t.Exempt})
		case ti < len(p.Dest) && p.Dest[ti] != Stay:
			x.LeftOut = append(x.LeftOut, PrincipalLeftOut{ti, "moved by the teachers' plan"})
		default:
			due = append(due, ti)
		}
	}
	// The posts: the schools of the due principals, then the vacant ones.
	var posts []int
	isPost := make([]bool, len(in.Schools))
	for _, ti := range due {
		if s := in.Teachers[ti].School; !isPost[s] {
			isPost[s] = true
			posts = append(posts, s)
		}
	}
	for s := range in.Schools {
		if !hasPrincipal[s] && !isPost[s] && in.Schools[s].Type != model.TeachingPoint {
			isPost[s] = true
			posts = append(posts, s)
			x.Vacant++
		}
	}
	slices.Sort(posts)
	x.Due, x.Posts = len(due), len(posts)
	if len(due) == 0 {
		return x
	}

	// Nodes: source 0, sink 1, the due principals, then the posts.
	var g flowGraph
	g.reset(2 + len(due) + len(posts))
	postNode := make(map[int]int, len(posts))
	for j, s := range posts {
		postNode[s] = 2 + len(due) + j
		g.addArc(postNode[s], 1, 1, 0)
	}
	type arc struct {
		a, teacher, school int
		km, cost           float64
		dir                string
	}
	var arcs []arc
	byLat := newLatIndex(in, toInt32(posts))
	var near []int32
	for i, ti := range due {
		home := in.Teachers[ti].School
		g.addArc(0, 2+i, 1, 0)
		cands := toInt32(posts)
		if byLat != nil && in.Schools[home].HasCoords {
			near = byLat.within(near[:0], home, pol.MaxDistanceKm)
			cands = near
			slices.Sort(cands)
		}
		for _, s32 := range cands {
			s := int(s32)
			if s == home || !in.WithinScope(home, s) {
				continue
			}
			km := in.DistanceKm(home, s)
			if km > pol.MaxDistanceKm {
				continue
			}
			dir, detour := principalDirection(&in.Schools[home], &in.Schools[s])
			a := g.addArc(2+i, postNode[s], 1, km+detour)
			arcs = append(arcs, arc{a, ti, s, km, km + detour, dir})
		}
	}
	_, x.Cost = g.minCostFlow(0, 1, len(due), nil)
	placed := make(map[int]bool, len(due))
	for _, a := range arcs {
		if g.flow(a.a) == 0 {
			continue
		}
		t := &in.Teachers[a.teacher]
		placed[a.teacher] = true
		x.Moves = append(x.Moves, PrincipalMove{
			Teacher: a.teacher, ID: t.ID, Since: t.PrincipalSince.String(), Years: in.PrincipalYears(t),
			From: in.Schools[t.School].ID, To: in.Schools[a.school].ID, Km: a.km, Direction: a.dir,
			Vacant: !hasPrincipal[a.school], Cost: a.cost,
		})
	}
	slices.SortFunc(x.Moves, func(a, b PrincipalMove) int { return cmp.Compare(a.Teacher, b.Teacher) })
	for _, ti := range due {
		if placed[ti] {
			continue
		}
		t := &in.Teachers[ti]
		why := "no open post within max_distance_km and move_scope"
		for _, a := range arcs {
			if a.teacher == ti {
				why = "every open post within reach went to a nearer principal"
				break
			}
		}
		x.Unassigned = append(x.Unassigned, PrincipalUnplaced{ID: t.ID, School: in.Schools[t.School].ID, Why: why})
	}
	return x
}

func toInt32(xs []int) []int32 {
	out := make([]int32, len(xs))
	for i, v := range xs {
		out[i] = int32(v)
	}
	return out
}
