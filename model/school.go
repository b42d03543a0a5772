package model

// School is one row of schools.csv.
type School struct {
	ID   string // 学校代码, unique in the county
	Name string
	Type SchoolType
	// Locale is the coarse urban/rural class; LocaleCode keeps the national
	// code when one was given (e.g. "121"), else the English word.
	Locale     Locale
	LocaleCode string
	Weak       bool // 薄弱学校

	Students [NumStages]int // in-school students per stage
	Classes  [NumStages]int // classes per stage

	Lon, Lat  float64
	HasCoords bool

	StaffQuota int // 核定编制数; 0 when not given

	BuildingArea    float64 // 教学及辅助用房面积, m²
	SportsArea      float64 // 体育运动场馆面积, m²
	EquipmentValue  float64 // 教学仪器设备值, yuan
	MultimediaRooms int     // 网络多媒体教室数

	// District (学区/片区) and Group (教育集团) name the structures the
	// school belongs to; empty when it belongs to none (see
	// Instance.WithinScope).
	District, Group string

	Line int // line in the source file, for messages; 0 when built in code
}

// Teaches reports whether the school teaches the stage.
func (s *School) Teaches(st Stage) bool { return s.Type.Teaches(st) }

// TotalStudents is the number of students over both stages.
func (s *School) TotalStudents() int { return s.Students[Primary] + s.Students[Junior] }

// IsSource reports whether the school is a rotation source under the
// reference model: neither rural nor weak.
func (s *School) IsSource() bool { return s.Locale != Rural && !s.Weak }

// IsReceiver reports whether the school may receive rotated teachers: rural or weak.
func (s *School) IsReceiver() bool { return !s.IsSource() }

// FacilityShare is the share of the school's facilities attributed to a
// stage. A nine-year school splits them by weighted students, primary:junior
// = 1:1.1; a single-stage school gives everything to its stage.
func (s *School) FacilityShare(st Stage) float64 {
	if !s.Teaches(st) {
		return 0
	}
	if s.Type != NineYear {
		return 1
	}
	a, b := float64(s.Students[Primary]), 1.1*float64(s.Students[Junior])
	if a+b == 0 {
		return 0
	}
	if st == Primary {
		return a / (a + b)
	}
	return b / (a + b)
}
