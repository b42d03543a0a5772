package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The field constants index the column tables; a reordering would silently
// read the wrong cells.
func TestFieldConstants(t *testing.T) {
	tests := []struct {
		name string
		cols []Column
		idx  int
		key  string
	}{
		{"school id", SchoolColumns, scID, "school_id"},
		{"school name", SchoolColumns, scName, "name"},
		{"school type", SchoolColumns, scType, "type"},
		{"locale", SchoolColumns, scLocale, "urban_rural"},
		{"weak", SchoolColumns, scWeak, "weak"},
		{"students primary", SchoolColumns, scStudentsPrimary, "students_primary"},
		{"students junior", SchoolColumns, scStudentsPrimary + int(Junior), "students_junior"},
		{"classes primary", SchoolColumns, scClassesPrimary, "classes_primary"},
		{"classes junior", SchoolColumns, scClassesPrimary + int(Junior), "classes_junior"},
		{"lon", SchoolColumns, scLon, "lon"},
		{"lat", SchoolColumns, scLat, "lat"},
		{"quota", SchoolColumns, scQuota, "staff_quota"},
		{"building", SchoolColumns, scBuilding, "building_area_m2"},
		{"sports", SchoolColumns, scSports, "sports_area_m2"},
		{"equipment", SchoolColumns, scEquipment, "equipment_value_yuan"},
		{"multimedia", SchoolColumns, scMultimedia, "multimedia_rooms"},
		{"teacher id", TeacherColumns, tcID, "teacher_id"},
		{"teacher name", TeacherColumns, tcName, "name"},
		{"id number", TeacherColumns, tcIDNumber, "id_number"},
		{"gender", TeacherColumns, tcGender, "gender"},
		{"birth", TeacherColumns, tcBirth, "birth"},
		{"post school", TeacherColumns, tcSchool, "school_id"},
		{"stage", TeacherColumns, tcStage, "stage"},
		{"subject", TeacherColumns, tcSubject, "subject"},
		{"education", TeacherColumns, tcEducation, "education"},
		{"title", TeacherColumns, tcTitle, "title"},
		{"backbone", TeacherColumns, tcBackbone, "backbone"},
		{"joined", TeacherColumns, tcJoined, "joined_school"},
		{"principal", TeacherColumns, tcPrincipal, "principal"},
		{"volunteer", TeacherColumns, tcVolunteer, "volunteer"},
		{"exempt", TeacherColumns, tcExempt, "exempt"},
		{"serving", TeacherColumns, tcServing, "serving_school_id"},
		{"graduating", TeacherColumns, tcGraduating, "graduating_class"},
		{"from", DistanceColumns, dcFrom, "from_school_id"},
		{"to", DistanceColumns, dcTo, "to_school_id"},
		{"km", DistanceColumns, dcKm, "km"},
		{"pin teacher", PinColumns, pcTeacher, "teacher_id"},
		{"pin action", PinColumns, pcAction, "action"},
		{"pin school", PinColumns, pcSchool, "to_school_id"},
		{"plan teacher", AssignmentColumns, acTeacher, "teacher_id"},
		{"plan to", AssignmentColumns, acTo, "to_school_id"},
		{"plan from", AssignmentColumns, acFrom, "from_school_id"},
		{"school district", SchoolColumns, scDistrict, "district"},
		{"school group", SchoolColumns, scGroup, "group"},
		{"principal since", TeacherColumns, tcPrincipalSince, "principal_since"},
		{"pair source", PairColumns, prSource, "source_school_id"},
		{"pair receiver", PairColumns, prReceiver, "receiver_school_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.cols[tt.idx].Key
			assert.Equal(t, tt.key, got, "got %s, want %s", got, tt.key)
		})
	}
	assert.Len(t, SchoolColumns, scGroup+1)
	assert.Len(t, TeacherColumns, tcPrincipalSince+1)
	assert.Len(t, PairColumns, prReceiver+1)
}

// No two columns of one file may share a name, or one would shadow the other.
func TestColumnNamesUnique(t *testing.T) {
	sets := map[string][]Column{
		"schools": SchoolColumns, "teachers": TeacherColumns, "distances": DistanceColumns,
		"pins": PinColumns, "plan": AssignmentColumns, "pairs": PairColumns,
	}
	for name, cols := range sets {
		t.Run(name, func(t *testing.T) {
			seen := map[string]string{}
			for _, c := range cols {
				for _, n := range append([]string{c.Key, c.ZH}, c.Aliases...) {
					k := headerKey(n)
					if prev, dup := seen[k]; dup && prev != c.Key {
						t.Errorf("name %q of %s is also a name of %s", n, c.Key, prev)
					}
					seen[k] = c.Key
				}
			}
		})
	}
}

func TestHeaderFind(t *testing.T) {
	tests := []struct {
		header string
		want   string // "" for unknown
	}{
		{"school_id", "school_id"},
		{"School ID", "school_id"},
		{"SCHOOL-ID", "school_id"},
		{"*学校代码", "school_id"},
		{"\ufeff学校代码", "school_id"},
		{"\u3000学校标识码 ", "school_id"},
		{"学校代码（必填）", "school_id"},
		{"教学及辅助用房面积(㎡)", "building_area_m2"},
		{"教学及辅助用房面积（平方米）", "building_area_m2"},
		{"城乡分类", "urban_rural"},
		{"城乡类型", "urban_rural"},
		{"是否薄弱学校", "weak"},
		{"小学 在校生数", "students_primary"},
		{"校长姓名", ""},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			ref, ok := schoolColumnSet.find(tt.header)
			got := ""
			if ok {
				got = SchoolColumns[ref.col].Key
			}
			assert.Equal(t, tt.want, got, "got %q, want %q", got, tt.want)
		})
	}
	teacherTests := []struct{ header, want string }{
		{"教职工号", "teacher_id"}, {"工号", "teacher_id"}, {"出生日期", "birth"}, {"出生年月", "birth"},
		{"进本校年月", "joined_school"}, {"进入本校年月", "joined_school"}, {"骨干教师", "backbone"},
		{"骨干教师级别", "backbone"}, {"最高学历", "education"}, {"学历", "education"}, {"任教学段", "stage"},
		{"学段", "stage"}, {"任教学科", "subject"}, {"学科", "subject"}, {"现任教学校", "serving_school_id"},
	}
	for _, tt := range teacherTests {
		t.Run(tt.header, func(t *testing.T) {
			ref, ok := teacherColumnSet.find(tt.header)
			require.True(t, ok, "got no column for %s, want %s", tt.header, tt.want)
			assert.Equal(t, tt.want, TeacherColumns[ref.col].Key)
		})
	}
}

func TestMapHeader(t *testing.T) {
	tests := []struct {
		name     string
		header   string
		errors   []string // messages of the errors
		warnings []string
	}{
		{
			name:   "all required",
			header: "teacher_id,action,to_school_id",
		},
		{
			name:   "missing required",
			header: "teacher_id,to_school_id",
			errors: []string{"missing required column action (操作)"},
		},
		{
			name:     "unknown columns in one warning",
			header:   "教职工号,操作,调入学校代码,备注,校长签字",
			warnings: []string{"unknown column(s) ignored: 备注, 校长签字"},
		},
		{
			name:     "duplicate field keeps the canonical name",
			header:   "工号,教职工号,操作",
			warnings: []string{"column 工号 also gives teacher_id (教职工号); using column 教职工号"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := ParseTable("pins.csv", []byte(tt.header+"\n"), LoadOptions{})
			require.NoError(t, err)
			m, probs := mapHeader(tab, pinColumnSet, true)
			var errs, warns []string
			for _, p := range probs {
				assert.Equal(t, "pins.csv", p.File)
				assert.Equal(t, 1, p.Line)
				if p.Severity == Error {
					errs = append(errs, p.Message)
				} else {
					warns = append(warns, p.Message)
				}
			}
			assert.Equal(t, tt.errors, errs)
			assert.Equal(t, tt.warnings, warns)
			if len(tt.errors) == 0 {
				assert.True(t, m.has(pcTeacher) && m.has(pcAction))
			}
		})
	}
}
