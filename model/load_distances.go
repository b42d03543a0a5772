package model

import "math"

// Fields of distances.csv: indices into DistanceColumns.
const (
	dcFrom = iota
	dcTo
	dcKm
)

// loadDistances parses distances.csv into l.in.Distances, both directions.
// A pair listed twice, in either direction, must give the same km.
func (l *loader) loadDistances(t *Table) {
	m, probs := mapHeader(t, distanceColumnSet, true)
	l.probs = append(l.probs, probs...)
	if len(probs.Errors()) > 0 {
		return
	}
	r := newRowCursor(t, distanceColumnSet, m, &l.probs)
	l.in.Distances = make(map[uint64]float64, 2*t.Len())
	first := make(map[uint64]int, t.Len()) // pair (low, high) → line
	for i := range t.Len() {
		r.at(i)
		a, aOK := l.rowSchool(r, dcFrom)
		b, bOK := l.rowSchool(r, dcTo)
		km, kmOK := r.amount(dcKm, true, maxKm, "km")
		if !aOK || !bOK || !kmOK {
			continue
		}
		if a == b {
			if km != 0 {
				r.report(Warning, dcTo, r.get(dcTo), "a school's distance to itself is 0; row ignored")
			}
			continue
		}
		key := PairKey(min(a, b), max(a, b))
		if line, dup := first[key]; dup {
			if prev := l.in.Distances[key]; math.Abs(prev-km) > 1e-9 {
				r.errorf(dcKm, "distance between %s and %s given twice: %g km on line %d, %g km here", r.get(dcFrom), r.get(dcTo), prev, line, km)
			}
			continue
		}
		first[key] = r.line
		l.in.Distances[PairKey(a, b)] = km
		l.in.Distances[PairKey(b, a)] = km
		l.covered[a], l.covered[b] = true, true
	}
}

// rowSchool resolves the required school code in field c.
func (l *loader) rowSchool(r *rowCursor, c int) (int, bool) {
	id, ok := r.required(c, "a school code of "+l.schoolsName())
	if !ok || !l.schoolsOK {
		return NoSchool, false
	}
	i, ok := l.schoolByID[id]
	if !ok {
		r.errorf(c, "unknown school %s: not in %s%s", id, l.schoolsName(), l.schoolHint(id))
		return NoSchool, false
	}
	return i, true
}

// schoolsName is the name of the schools file, for messages.
func (l *loader) schoolsName() string {
	if f := l.files[fileSchools]; f != nil {
		return f.Name
	}
	return "schools.csv"
}

// policyName is the name of the policy file, for messages.
func (l *loader) policyName() string {
	if f := l.files[filePolicy]; f != nil {
		return f.Name
	}
	return "policy.toml"
}
