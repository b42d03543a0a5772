package solver

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/rotaplan/rotaplan/model"
)

// priority holds what the justified complaints of a plan (DOMAIN §6) are
// counted from: the published ranking of the eligible teachers, their
// priority groups and their classes of interchangeable teachers. Pinned
// teachers take no part. It is built once per evaluator, when the policy's
// priority mode is not off.
//
// An inversion is a moved teacher B of a priority group while a better
// ranked teacher A of the group stays; it is counted once per B, so a
// group's inversions are its moved members after its first unmoved one.
// Envy is a moved teacher A whose own destination is below a wish Y of A
// (or outside A's wishes) while a worse ranked, interchangeable teacher B
// moved to Y, a school A could move to; it is counted once per A.
type priority struct {
	rank *model.Ranking

	groups  [][]int32 // per priority group: the members taking part, best first
	groupOf []int32   // per teacher: its group, or -1
	posOf   []int32   // per teacher: its index in its group, or -1

	// Interchange classes (stage and counters) that hold a teacher with
	// wishes; only their members can envy or be envied.
	classOf []int32 // per teacher: its class, or -1
	classes int
	// wishers of bucket class·schools+school: the members of the class
	// who wish that school and can move there, best first (a window of
	// wishList).
	wishStart []int32
	wishList  []int32
	// reach is, per teacher, whether each of its wishes (as WishesOf lists
	// them) is one of its candidates: a wish the teacher cannot move to
	// (beyond max_distance_km, outside move_scope) grounds no envy.
	reach [][]bool
}

// Complaint is one justified complaint of a plan (DOMAIN §6): Teacher
// complains about Other. For an inversion, Teacher moves to TeacherTo
// while Other, better ranked, stays at Other's post school; for envy,
// Teacher (better ranked) moves to TeacherTo while Other moves to OtherTo,
// one of Teacher's better wishes.
type Complaint struct {
	Kind          string  `json:"kind"` // inversion or envy
	TeacherID     string  `json:"teacher_id"`
	Points        float64 `json:"points"`
	Rank          int     `json:"rank"`
	SchoolID      string  `json:"school_id"` // Teacher's post school
	TeacherTo     string  `json:"to_school_id"`
	OtherID       string  `json:"other_teacher_id"`
	OtherPoints   float64 `json:"other_points"`
	OtherRank     int     `json:"other_rank"`
	OtherSchoolID string  `json:"other_school_id"`
	OtherTo       string  `json:"other_to_school_id,omitempty"` // empty: Other stays
	Teacher       int     `json:"-"`
	Other         int     `json:"-"`
}

// Complaint kinds.
const (
	Inversion = "inversion"
	Envy      = "envy"
)

func newPriority(ev *Evaluator) *priority {
	in := ev.In
	nt, ns := len(in.Teachers), len(in.Schools)
	elig := make([]int, len(ev.Eligible))
	for i, t := range ev.Eligible {
		elig[i] = int(t)
	}
	pr := &priority{rank: model.Rank(in, elig), groupOf: make([]int32, nt), posOf: make([]int32, nt), classOf: make([]int32, nt)}
	takesPart := func(t int) bool { return pr.rank.Ranks[t] > 0 && !ev.isPinned(t) }
	for t := range pr.groupOf {
		pr.groupOf[t], pr.posOf[t], pr.classOf[t] = -1, -1, -1
	}
	for _, g := range pr.rank.Groups {
		var members []int32
		for _, t := range g.Teachers {
			if takesPart(t) {
				pr.groupOf[t], pr.posOf[t] = int32(len(pr.groups)), int32(len(members))
				members = append(members, int32(t))
			}
		}
		if len(members) > 0 {
			pr.groups = append(pr.groups, members)
		}
	}

	// Classes: only those with a teacher who has wishes matter.
	type classKey struct {
		stage model.Stage
		mask  uint32
	}
	keyOf := func(t int) classKey { return classKey{in.Teachers[t].Stage, ev.mask[t]} }
	index := map[classKey]int32{}
	for _, t := range pr.rank.Order {
		if takesPart(t) && len(in.WishesOf(t)) > 0 {
			if _, ok := index[keyOf(t)]; !ok {
				index[keyOf(t)] = int32(len(index))
			}
		}
	}
	pr.classes = len(index)
	if pr.classes == 0 {
		return pr
	}
	pr.reach = make([][]bool, nt)
	for _, t := range pr.rank.Order {
		if ws := in.WishesOf(t); len(ws) > 0 {
			pr.reach[t] = make([]bool, len(ws))
			for i, y := range ws {
				pr.reach[t][i] = ev.candIndex(t, int32(y)) >= 0
			}
		}
	}
	for _, t := range pr.rank.Order {
		if c, ok := index[keyOf(t)]; ok && takesPart(t) {
			pr.classOf[t] = c
		}
	}
	count := make([]int32, pr.classes*ns+1)
	for _, t := range pr.rank.Order { // best first
		if c := pr.classOf[t]; c >= 0 {
			for i, y := range in.WishesOf(t) {
				if pr.reach[t][i] {
					count[int(c)*ns+y+1]++
				}
			}
		}
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	pr.wishStart = slices.Clone(count)
	pr.wishList = make([]int32, count[len(count)-1])
	for _, t := range pr.rank.Order {
		if c := pr.classOf[t]; c >= 0 {
			for i, y := range in.WishesOf(t) {
				if pr.reach[t][i] {
					b := int(c)*ns + y
					pr.wishList[count[b]] = int32(t)
					count[b]++
				}
			}
		}
	}
	return pr
}

// wishers are the members of class c who wish school y, best first.
func (pr *priority) wishers(c int32, ns, y int) []int32 {
	b := int(c)*ns + y
	return pr.wishList[pr.wishStart[b]:pr.wishStart[b+1]]
}

// better reports whether teacher a ranks before teacher b.
func (pr *priority) better(a, b int) bool { return pr.rank.Better(a, b) }

// isPinned reports whether teacher t has any pin.
func (ev *Evaluator) isPinned(t int) bool {
	_, ok := slices.BinarySearch(ev.pinned, int32(t))
	return ok
}

// Ranking is the published ranking of the eligible teachers (DOMAIN §6),
// or nil when the priority mode is off.
func (ev *Evaluator) Ranking() *model.Ranking {
	if ev.prio == nil {
		return nil
	}
	return ev.prio.rank
}

// Complaints lists the justified complaints of plan p: inversions, then
// envy, each in rank order of the complaining teacher. Moves that break a
// structural rule count as staying. Nil when the priority mode is off.
func (ev *Evaluator) Complaints(p Plan) (inversions, envy []Complaint) {
	pr := ev.prio
	if pr == nil {
		return nil, nil
	}
	in := ev.In
	moved := func(t int) bool { return p.Dest[t] != Stay && ev.Invalid(t, int(p.Dest[t])) == "" }
	for _, g := range pr.groups {
		first := -1 // the best unmoved member
		for _, b := range g {
			switch {
			case !moved(int(b)):
				if first < 0 {
					first = int(b)
				}
			case first >= 0:
				inversions = append(inversions, ev.complaint(Inversion, int(b), first, p))
			}
		}
	}
	slices.SortStableFunc(inversions, func(a, b Complaint) int { return a.Rank - b.Rank })
	if pr.classes == 0 {
		return inversions, envy
	}
	ns := len(in.Schools)
	at := map[int][]int{} // bucket → moved members there, best first
	for _, t := range pr.rank.Order {
		if c := pr.classOf[t]; c >= 0 && moved(t) {
			b := int(c)*ns + int(p.Dest[t])
			at[b] = append(at[b], t)
		}
	}
	for _, a := range pr.rank.Order {
		c := pr.classOf[a]
		if c < 0 || !moved(a) {
			continue
		}
		ws := in.WishesOf(a)
		for i, y := range ws[:wishesAbove(in, a, int(p.Dest[a]))] {
			if !pr.reach[a][i] {
				continue
			}
			there := at[int(c)*ns+y]
			// The worst ranked there is the most telling rival.
			if len(there) > 0 && pr.better(a, there[len(there)-1]) {
				envy = append(envy, ev.complaint(Envy, a, there[len(there)-1], p))
				break
			}
		}
	}
	return inversions, envy
}

// wishesAbove is how many of teacher a's wishes rank above destination d:
// all of them when d is not a wish.
func wishesAbove(in *model.Instance, a, d int) int {
	if r := in.WishRank(a, d); r > 0 {
		return r - 1
	}
	return len(in.WishesOf(a))
}

func (ev *Evaluator) complaint(kind string, t, o int, p Plan) Complaint {
	in, rk := ev.In, ev.prio.rank
	tc, oc := &in.Teachers[t], &in.Teachers[o]
	c := Complaint{
		Kind: kind, Teacher: t, Other: o,
		TeacherID: tc.ID, Points: rk.Terms[t].Total(), Rank: rk.Ranks[t], SchoolID: in.Schools[tc.School].ID,
		OtherID: oc.ID, OtherPoints: rk.Terms[o].Total(), OtherRank: rk.Ranks[o], OtherSchoolID: in.Schools[oc.School].ID,
	}
	if d := p.Dest[t]; d != Stay {
		c.TeacherTo = in.Schools[d].ID
	}
	if d := p.Dest[o]; d != Stay && kind == Envy {
		c.OtherTo = in.Schools[d].ID
	}
	return c
}

// fairState is a State's incremental count of the complaints, kept in
// enforce mode only: per bucket (class, destination) a list of the moved
// members there, linked through next and prev; per moved teacher its
// grounds for envy (src: the worse ranked members of its class moved to
// its wishes above its destination) and whether it envies (src > 0); per
// group its moved members, its lead (the length of its moved
// prefix: the index of its first unmoved member) and its inversions, the
// moved members after the lead.
type fairState struct {
	head        []int32
	next, prev  []int32
	src         []int32
	envious     []bool
	moved, lead []int32
	inv         []int32
	n           int
}

func (s *State) newFair() {
	ev := s.ev
	pr := ev.prio
	nt := len(ev.In.Teachers)
	f := &fairState{
		head: make([]int32, pr.classes*len(ev.In.Schools)), next: make([]int32, nt), prev: make([]int32, nt),
		src: make([]int32, nt), envious: make([]bool, nt),
		moved: make([]int32, len(pr.groups)), lead: make([]int32, len(pr.groups)), inv: make([]int32, len(pr.groups)),
	}
	s.fair = f
	s.resyncFair()
}

// resyncFair recounts every complaint of the state's plan.
func (s *State) resyncFair() {
	f, pr, ns := s.fair, s.ev.prio, len(s.ev.In.Schools)
	for i := range f.head {
		f.head[i] = -1
	}
	for t := range s.dest {
		if c := pr.classOf[t]; c >= 0 && s.dest[t] != Stay {
			s.link(int32(t), int(c)*ns+int(s.dest[t]))
		}
	}
	f.n = 0
	for g, ms := range pr.groups {
		f.moved[g], f.lead[g] = 0, -1
		for i, m := range ms {
			if s.dest[m] != Stay {
				f.moved[g]++
			} else if f.lead[g] < 0 {
				f.lead[g] = int32(i)
			}
		}
		if f.lead[g] < 0 {
			f.lead[g] = int32(len(ms))
		}
		f.inv[g] = f.moved[g] - f.lead[g]
		f.n += int(f.inv[g])
	}
	for t := range s.dest {
		f.src[t] = 0
		if pr.classOf[t] >= 0 {
			f.src[t] = s.envySources(t)
		}
		f.envious[t] = f.src[t] > 0
		f.n += b2i(f.envious[t])
	}
}

func (s *State) link(t int32, b int) {
	f := s.fair
	f.prev[t], f.next[t] = -1, f.head[b]
	if f.head[b] >= 0 {
		f.prev[f.head[b]] = t
	}
	f.head[b] = t
}

func (s *State) unlink(t int32, b int) {
	f := s.fair
	if f.prev[t] >= 0 {
		f.next[f.prev[t]] = f.next[t]
	} else {
		f.head[b] = f.next[t]
	}
	if f.next[t] >= 0 {
		f.prev[f.next[t]] = f.prev[t]
	}
}

// inversionsIf is what the inversions and the lead of group g would be
// if member t, moved or not now, were the other. It costs the run of
// moved members after t's place when t fills the lead, which in a plan
// without inversions is none.
func (s *State) inversionsIf(g, t int) (inv, lead int32) {
	f, pr := s.fair, s.ev.prio
	p, n, lead := pr.posOf[t], f.moved[g], f.lead[g]
	if s.dest[t] == Stay {
		n++
		if p == lead {
			ms := pr.groups[g]
			for lead++; int(lead) < len(ms) && s.dest[ms[lead]] != Stay; lead++ {
			}
		}
	} else {
		n--
		lead = min(lead, p)
	}
	return n - lead, lead
}

// envies reports whether teacher a envies someone, with teacher t (or -1)
// taken to be at destination to.
func (s *State) envies(a, t int, to int32) bool { return s.grounds(a, t, to, 1) > 0 }

// envySources counts moved teacher a's grounds for envy: the worse ranked
// members of its class moved to one of its wishes above its destination
// that it can move to.
func (s *State) envySources(a int) int32 { return s.grounds(a, -1, Stay, math.MaxInt32) }

// grounds counts teacher a's grounds for envy, up to limit, with teacher
// t (or -1) taken to be at destination to.
func (s *State) grounds(a, t int, to int32, limit int32) int32 {
	ev, pr := s.ev, s.ev.prio
	d := s.dest[a]
	if a == t {
		d = to
	}
	if d == Stay {
		return 0
	}
	c := pr.classOf[a]
	ns := len(ev.In.Schools)
	tRival := t >= 0 && t != a && pr.classOf[t] == c && pr.better(a, t)
	n := int32(0)
	for i, y := range ev.In.WishesOf(a)[:wishesAbove(ev.In, a, int(d))] {
		if !pr.reach[a][i] {
			continue
		}
		if tRival && to == int32(y) {
			n++
		}
		for b := s.fair.head[int(c)*ns+y]; b >= 0 && n < limit; b = s.fair.next[b] {
			if int(b) != t && pr.better(a, int(b)) {
				n++
			}
		}
		if n >= limit {
			break
		}
	}
	return n
}

// wishAbove reports whether school y is a wish of teacher a that a can
// move to, ranked above a's destination (always, when that is no wish).
func (s *State) wishAbove(a int, y int32) bool {
	r := s.reachableWish(a, y)
	return r > 0 && r-1 < wishesAbove(s.ev.In, a, int(s.dest[a]))
}

// reachableWish is the rank of school y among teacher a's wishes when a
// can move there (when a is among y's wishers of its class), else 0.
func (s *State) reachableWish(a int, y int32) int {
	if y == Stay {
		return 0
	}
	if r := s.ev.In.WishRank(a, int(y)); r > 0 && s.ev.prio.reach[a][r-1] {
		return r
	}
	return 0
}

// rivalShift is the change of rival a's grounds for envy when teacher t
// goes from school from to school to (either may be Stay).
func (s *State) rivalShift(a int, from, to int32) int32 {
	return int32(b2i(s.wishAbove(a, to)) - b2i(s.wishAbove(a, from)))
}

// fairDelta is the change of the complaints if teacher t went from its
// destination to school to (or Stay).
func (s *State) fairDelta(t int, to int32) int {
	pr, f := s.ev.prio, s.fair
	from := s.dest[t]
	d := 0
	if g := pr.groupOf[t]; g >= 0 && (from == Stay) != (to == Stay) {
		inv, _ := s.inversionsIf(int(g), t)
		d += int(inv - f.inv[g])
	}
	if pr.classOf[t] < 0 {
		return d
	}
	d += b2i(s.envies(t, t, to)) - b2i(f.envious[t])
	s.rivalsOf(t, from, to, func(a int) {
		d += b2i(f.src[a]+s.rivalShift(a, from, to) > 0) - b2i(f.envious[a])
	})
	return d
}

// rivalsOf calls fn once for each moved teacher better ranked than t, of
// t's class, who wishes t's old or new destination and can move there:
// the teachers whose envy t's change can alter.
func (s *State) rivalsOf(t int, from, to int32, fn func(a int)) {
	ev, pr := s.ev, s.ev.prio
	c, ns := pr.classOf[t], len(ev.In.Schools)
	for _, y := range [2]int32{from, to} {
		if y == Stay {
			continue
		}
		for _, a := range pr.wishers(c, ns, int(y)) {
			if !pr.better(int(a), t) {
				break
			}
			if s.dest[a] == Stay || (y == to && s.reachableWish(int(a), from) > 0) {
				continue // staying, or already called for from
			}
			fn(int(a))
		}
	}
}

// applyFair updates the complaint counts for teacher t going from its
// current destination to school to; called before dest changes.
func (s *State) applyFair(t int, to int32) {
	pr, f := s.ev.prio, s.fair
	from := s.dest[t]
	if g := pr.groupOf[t]; g >= 0 && (from == Stay) != (to == Stay) {
		inv, lead := s.inversionsIf(int(g), t)
		f.n += int(inv - f.inv[g])
		f.inv[g], f.lead[g] = inv, lead
		f.moved[g] += int32(b2i(to != Stay) - b2i(from != Stay))
	}
	c := pr.classOf[t]
	if c < 0 {
		return
	}
	set := func(a int, n int32) {
		e := n > 0
		f.n += b2i(e) - b2i(f.envious[a])
		f.src[a], f.envious[a] = n, e
	}
	s.rivalsOf(t, from, to, func(a int) {
		set(a, f.src[a]+s.rivalShift(a, from, to))
	})
	ns := len(s.ev.In.Schools)
	if from != Stay {
		s.unlink(int32(t), int(c)*ns+int(from))
	}
	s.dest[t] = to // envySources reads the new destination and lists
	if to != Stay {
		s.link(int32(t), int(c)*ns+int(to))
	}
	set(t, s.envySources(t))
	s.dest[t] = from // the caller moves it
}

// pts is a number of points as points.csv writes it: to a millionth of a
// point, as the ranking compares totals, without trailing zeros.
func pts(v float64) string {
	s := strings.TrimSuffix(strings.TrimRight(strconv.FormatFloat(v, 'f', 6, 64), "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// Detail says in one line what the complaint is about.
func (c Complaint) Detail() string {
	if c.Kind == Inversion {
		return fmt.Sprintf("moves to %s (%s points, rank %d) while %s (%s points, rank %d) stays at %s",
			c.TeacherTo, pts(c.Points), c.Rank, c.OtherID, pts(c.OtherPoints), c.OtherRank, c.OtherSchoolID)
	}
	return fmt.Sprintf("moves to %s (%s points, rank %d) while %s (%s points, rank %d) moves to %s, a better wish",
		c.TeacherTo, pts(c.Points), c.Rank, c.OtherID, pts(c.OtherPoints), c.OtherRank, c.OtherTo)
}
