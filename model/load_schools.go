package model

import "fmt"

// Fields of schools.csv: indices into SchoolColumns.
const (
	scID = iota
	scName
	scType
	scLocale
	scWeak
	scStudentsPrimary
	scStudentsJunior
	scClassesPrimary
	scClassesJunior
	scLon
	scLat
	scQuota
	scBuilding
	scSports
	scEquipment
	scMultimedia
	scDistrict
	scGroup
)

// loadSchools parses schools.csv into l.in.Schools. Every row with an ID
// that is not a duplicate becomes a school, so that references to it can be
// checked even when another of its cells is wrong.
func (l *loader) loadSchools(t *Table) {
	m, probs := mapHeader(t, schoolColumnSet, true)
	l.probs = append(l.probs, probs...)
	if len(probs.Errors()) > 0 {
		return
	}
	r := newRowCursor(t, schoolColumnSet, m, &l.probs)
	l.schoolRows = r
	l.schoolsOK = true
	l.schoolByID = make(map[string]int, t.Len())
	l.untyped = make(map[int]bool)
	types := newEnumCache(ParseSchoolType)
	locales := newEnumCache(ParseLocale)
	l.in.Schools = make([]School, 0, t.Len())
	for i := range t.Len() {
		r.at(i)
		s := School{Line: r.line}
		id, idOK := r.required(scID, "a unique school code")
		if idOK {
			r.checkCode(scID, id)
			if ValidIDNumber(id) {
				// Kept as a school, so that its teachers are not reported
				// as at an unknown school too.
				r.errorf(scID, schoolIDIsIDNumber)
			}
			if first, dup := l.schoolByID[id]; dup {
				r.errorf(scID, "duplicate school_id %s, first on line %d", id, l.in.Schools[first].Line)
				idOK = false
			}
		}
		s.ID = id
		s.Name, _ = r.required(scName, "the school name")
		s.Name = r.text(scName, s.Name)

		var typeOK bool
		s.Type, typeOK = enumField(r, scType, types)
		if loc, ok := enumField(r, scLocale, locales); ok {
			s.Locale = loc
			s.LocaleCode = loc.String()
			if v := r.get(scLocale); isDigits(v) {
				s.LocaleCode = v
			}
		}
		s.Weak = r.flag(scWeak)

		for _, st := range Stages {
			taught := typeOK && s.Type.Teaches(st)
			var counted [2]bool
			for k, c := range [2]int{scStudentsPrimary + int(st), scClassesPrimary + int(st)} {
				n, ok := r.count(c, taught)
				if ok && n > 0 && typeOK && !taught {
					r.errorf(c, "a %s (%s) school teaches no %s stage; want 0 or empty", s.Type, s.Type.ZH(), st)
					n, ok = 0, false
				}
				counted[k] = ok
				if k == 0 {
					s.Students[st] = n
				} else {
					s.Classes[st] = n
				}
			}
			if counted[0] && counted[1] {
				classCheck(r, &s, st)
			}
		}

		l.coords(r, &s)
		if r.get(scQuota) != "" {
			s.StaffQuota, _ = r.count(scQuota, false)
		}
		s.BuildingArea, _ = r.amount(scBuilding, true, maxArea, "m²")
		s.SportsArea, _ = r.amount(scSports, true, maxArea, "m²")
		s.EquipmentValue, _ = r.amount(scEquipment, true, maxEquipmentValue, "yuan")
		s.MultimediaRooms, _ = r.count(scMultimedia, true)
		s.District = r.text(scDistrict, r.get(scDistrict))
		s.Group = r.text(scGroup, r.get(scGroup))

		if idOK {
			if !typeOK {
				l.untyped[len(l.in.Schools)] = true
			}
			l.schoolByID[id] = len(l.in.Schools)
			l.in.Schools = append(l.in.Schools, s)
		}
	}
}

// classCheck warns about classes that hold no student of the stage: classes
// without students, or more classes than students. The subject needs are
// counted per class, so either inflates them.
func classCheck(r *rowCursor, s *School, st Stage) {
	n, c := s.Students[st], s.Classes[st]
	switch {
	case n == 0 && c > 0:
		r.report(Warning, scClassesPrimary+int(st), fmt.Sprint(c),
			"school %s has %d %s classes but 0 %s students; subject needs are counted per class", s.ID, c, st, st)
	case c > n:
		r.report(Warning, scClassesPrimary+int(st), fmt.Sprint(c),
			"school %s has %d %s classes for %d %s students, more classes than students; subject needs are counted per class", s.ID, c, st, n, st)
	}
}

// coords parses lon and lat; both or neither must be given.
func (l *loader) coords(r *rowCursor, s *School) {
	lonV, latV := r.get(scLon), r.get(scLat)
	if lonV == "" && latV == "" {
		return
	}
	if lonV == "" || latV == "" {
		c := scLon
		if latV == "" {
			c = scLat
		}
		r.report(Error, c, "", "missing value: lon and lat are given together or not at all")
		return
	}
	lon, err1 := parseNumber(lonV)
	lat, err2 := parseNumber(latV)
	ok := true
	if err1 != nil || lon < -180 || lon > 180 {
		r.errorf(scLon, "got %q, want a longitude from -180 to 180 (decimal degrees)", lonV)
		ok = false
	}
	if err2 != nil || lat < -90 || lat > 90 {
		r.errorf(scLat, "got %q, want a latitude from -90 to 90 (decimal degrees)", latV)
		ok = false
	}
	if !ok {
		return
	}
	if lon == 0 && lat == 0 {
		r.report(Warning, scLon, lonV, "coordinates 0,0 are taken as missing")
		return
	}
	s.Lon, s.Lat, s.HasCoords = lon, lat, true
}

// schoolIDIsIDNumber is the problem of a school_id that passes the
// identity number's check.
const schoolIDIsIDNumber = "looks like an identity number (身份证件号), not a school code (学校代码): school codes appear in every output, identity numbers in none"

// ValueProblem is a value of a school that schools.csv refuses: its
// column and what is wrong with it.
type ValueProblem struct {
	Column, Message string
}

// SchoolValueProblems lists the values of school s that schools.csv would
// refuse (NaN and infinities included), for schools made elsewhere, such
// as a scenario's new school; nil when every value is in range.
func SchoolValueProblems(s *School) []ValueProblem {
	var out []ValueProblem
	in := func(v, lo, hi float64) bool { return v >= lo && v <= hi } // false for NaN
	if ValidIDNumber(s.ID) {
		out = append(out, ValueProblem{"school_id", schoolIDIsIDNumber})
	}
	if s.HasCoords && !in(s.Lon, -180, 180) {
		out = append(out, ValueProblem{"lon", "out of range: want a longitude from -180 to 180 (decimal degrees)"})
	}
	if s.HasCoords && !in(s.Lat, -90, 90) {
		out = append(out, ValueProblem{"lat", "out of range: want a latitude from -90 to 90 (decimal degrees)"})
	}
	for _, c := range []struct {
		col   string
		v, hi float64
	}{
		{"building_area_m2", s.BuildingArea, maxArea},
		{"sports_area_m2", s.SportsArea, maxArea},
		{"equipment_value_yuan", s.EquipmentValue, maxEquipmentValue},
		{"staff_quota", float64(s.StaffQuota), maxCount},
		{"multimedia_rooms", float64(s.MultimediaRooms), maxCount},
		{"students_primary", float64(s.Students[Primary]), maxCount},
		{"students_junior", float64(s.Students[Junior]), maxCount},
		{"classes_primary", float64(s.Classes[Primary]), maxCount},
		{"classes_junior", float64(s.Classes[Junior]), maxCount},
	} {
		if !in(c.v, 0, c.hi) {
			out = append(out, ValueProblem{c.col, fmt.Sprintf("out of range: want a number from 0 to %g", c.hi)})
		}
	}
	return out
}
