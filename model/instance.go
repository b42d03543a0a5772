package model

import "math"

// PinAction is what a planner fixed for a teacher in pins.csv.
type PinAction uint8

// Pin actions.
const (
	PinMove   PinAction = iota // the teacher moves to the given school
	PinStay                    // the teacher does not move
	PinForbid                  // the teacher must not move to the given school
)

var pinActionNames = enumNames{
	codes: []string{"move", "stay", "forbid"},
	zh:    []string{"交流", "留任", "禁止"},
	alias: map[string]int{"调往": 0, "轮岗": 0, "不交流": 1, "不动": 1, "禁止调往": 2},
}

func (a PinAction) String() string { return pinActionNames.code(int(a)) }

// ZH returns the Chinese word of the action.
func (a PinAction) ZH() string { return pinActionNames.chinese(int(a)) }

// ParsePinAction accepts move/stay/forbid or 交流/留任/禁止.
func ParsePinAction(v string) (PinAction, error) {
	i, err := pinActionNames.parse(v)
	return PinAction(i), err
}

// Pin is one planner edit: Teacher and School are indices; School is
// NoSchool for PinStay.
type Pin struct {
	Teacher int
	Action  PinAction
	School  int
	Line    int
}

// FileInfo identifies one input file for provenance.
type FileInfo struct {
	Name     string // file name inside the dataset folder
	SHA256   string // hex digest of the bytes read
	Encoding string // detected or forced encoding, or "xlsx"
}

// Instance is a loaded and validated county: the single input of the solver.
// Schools and Teachers are in file order; all references are indices, but
// for History and Wishes, whose rows name teachers and schools by their
// codes so that they stay right when the slices are renumbered; Index
// resolves them.
type Instance struct {
	Dir      string
	Schools  []School
	Teachers []Teacher
	Policy   Policy
	Pins     []Pin
	Files    []FileInfo

	// Distances holds the km of distances.csv, both directions, keyed by
	// PairKey; pairs not listed fall back to great-circle × road factor.
	Distances map[uint64]float64

	// History holds the stints of history.csv in file order; the derived
	// facts are on each Teacher. Nil without the file.
	History []Stint
	// Wishes holds the rows of wishes.csv in file order; WishesOf gives a
	// teacher's wishes as ranked school indices. Nil without the file.
	Wishes []Wish
	// Pairs holds the rows of pairs.csv (结对.csv) in file order; Paired
	// looks a pair up. Nil without the file.
	Pairs []Pair
	// Baseline is the published plan a new plan is made against (plan
	// --baseline, a scenario's baseline): each teacher whose destination
	// differs from it costs Policy.Weights.Change. Nil without one.
	Baseline *Baseline

	schoolIndex  map[string]int
	teacherIndex map[string]int
	wishes       [][]int // by teacher: wished schools, first wish first
	stints       [][]int // by teacher: indices into History
	paired       map[uint64]bool
}

// PairKey is the key of a school pair in Instance.Distances.
func PairKey(a, b int) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// Index builds the ID lookups, resolves History and Wishes, and derives
// each teacher's facts of history at the plan date (Teacher.ServiceSince,
// RuralMonths, OngoingStint, Returning, ReturnFrom); loaders and code that
// build an Instance by hand call it once the slices are final, and again
// after changing them or the plan date. Rows of History and Wishes naming
// a teacher or school that is no longer there are skipped.
func (in *Instance) Index() {
	in.schoolIndex = make(map[string]int, len(in.Schools))
	for i := range in.Schools {
		in.schoolIndex[in.Schools[i].ID] = i
	}
	in.teacherIndex = make(map[string]int, len(in.Teachers))
	for i := range in.Teachers {
		in.teacherIndex[in.Teachers[i].ID] = i
	}
	in.indexStints()
	in.indexWishes()
	in.indexPairs()
}

// SchoolByID returns the index of the school with the ID.
func (in *Instance) SchoolByID(id string) (int, bool) {
	i, ok := in.schoolIndex[id]
	return i, ok
}

// TeacherByID returns the index of the teacher with the ID.
func (in *Instance) TeacherByID(id string) (int, bool) {
	i, ok := in.teacherIndex[id]
	return i, ok
}

// DistanceKm is the road distance between two schools: distances.csv when it
// lists the pair, else great-circle distance × road factor, or +Inf when
// either school lacks coordinates.
func (in *Instance) DistanceKm(a, b int) float64 {
	if a == b {
		return 0
	}
	if d, ok := in.Distances[PairKey(a, b)]; ok {
		return d
	}
	sa, sb := &in.Schools[a], &in.Schools[b]
	if !sa.HasCoords || !sb.HasCoords {
		return math.Inf(1)
	}
	return GreatCircleKm(sa.Lat, sa.Lon, sb.Lat, sb.Lon) * in.Policy.RoadFactor
}

// GreatCircleKm is the haversine distance in km on a sphere of radius 6371 km.
func GreatCircleKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}
