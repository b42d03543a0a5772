package model

// Indicator is one of the seven per-school indicators of the 2017 county
// quality-balance assessment (《县域义务教育优质均衡发展督导评估办法》).
type Indicator uint8

// The seven indicators; the first three are teacher counts per 100 students
// and change with rotation, the last four are facilities.
const (
	Qualified     Indicator = iota // I1 teachers above required qualification per 100 students
	BackboneI                      // I2 county-level-or-higher backbone teachers per 100 students
	PEArt                          // I3 PE and art full-time teachers per 100 students
	Building                       // I4 teaching and auxiliary floor area per student, m²
	Sports                         // I5 sports ground and hall area per student, m²
	Equipment                      // I6 teaching equipment value per student, yuan
	Multimedia                     // I7 networked multimedia classrooms per 100 students
	NumIndicators int       = iota
)

// NumTeacherIndicators is the number of indicators rotation changes (I1-I3).
const NumTeacherIndicators = 3

var indicatorNames = enumNames{
	codes: []string{"qualified", "backbone", "pe_art", "building_area", "sports_area", "equipment_value", "multimedia_rooms"},
	zh:    []string{"高于规定学历教师数", "县级以上骨干教师数", "体育艺术专任教师数", "生均教学及辅助用房面积", "生均体育运动场馆面积", "生均教学仪器设备值", "网络多媒体教室数"},
	alias: map[string]int{"i1": 0, "i2": 1, "i3": 2, "i4": 3, "i5": 4, "i6": 5, "i7": 6},
}

// String is the stable English key of the indicator, used in JSON and policy.toml.
func (i Indicator) String() string { return indicatorNames.code(int(i)) }

// ZH is the Chinese name of the indicator.
func (i Indicator) ZH() string { return indicatorNames.chinese(int(i)) }

// Code is the short official number, I1..I7.
func (i Indicator) Code() string { return "I" + string(rune('1'+i)) }

// PerStudents is the student base of the indicator: 100 for per-100-student
// indicators, 1 for per-student ones.
func (i Indicator) PerStudents() float64 {
	switch i {
	case Building, Sports, Equipment:
		return 1
	}
	return 100
}

// ParseIndicator accepts the English key, the Chinese name or I1..I7.
func ParseIndicator(v string) (Indicator, error) {
	i, err := indicatorNames.parse(v)
	return Indicator(i), err
}
