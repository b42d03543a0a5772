package model

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestLoadCounty(t *testing.T) {
	in, warns, err := Load(countyDir, LoadOptions{})
	require.NoError(t, err)
	assert.Empty(t, warns)
	assert.Equal(t, countyDir, in.Dir)

	names := make([]string, len(in.Files))
	for i, f := range in.Files {
		names[i] = f.Name
		assert.Len(t, f.SHA256, 64)
	}
	assert.Equal(t, []string{"schools.csv", "teachers.csv", "distances.csv", "pins.csv", "policy.toml"}, names)

	nine, ok := in.SchoolByID("4301000003")
	require.True(t, ok)
	s := in.Schools[nine]
	assert.Equal(t, School{
		ID: "4301000003", Name: "青山镇中心学校", Type: NineYear, Locale: Town, LocaleCode: "121",
		Students: [NumStages]int{200, 120}, Classes: [NumStages]int{6, 3},
		Lon: 113.012, Lat: 28.301, HasCoords: true, StaffQuota: 22,
		BuildingArea: 1650, SportsArea: 2500, EquipmentValue: 610000, MultimediaRooms: 12, Line: 4,
	}, s)
	point := in.Schools[4]
	assert.Equal(t, TeachingPoint, point.Type)
	assert.Equal(t, "rural", point.LocaleCode)
	assert.False(t, in.Schools[5].HasCoords)
	assert.True(t, in.Schools[3].Weak)

	t3, ok := in.TeacherByID("10003")
	require.True(t, ok)
	tc := in.Teachers[t3]
	assert.Equal(t, 0, tc.School)
	assert.Equal(t, 3, tc.Serving)
	assert.True(t, tc.OnRotation())
	assert.Equal(t, Math, tc.Subject)
	assert.Equal(t, Master, tc.Education)
	assert.Equal(t, CountyBackbone, tc.Backbone)
	assert.Equal(t, MonthOf(1975, 2), tc.Birth)
	assert.Equal(t, MonthOf(2014, 9), tc.Joined)
	assert.Equal(t, "430102197502029469", tc.IDNumber)
	assert.Equal(t, 4, tc.Line)
	t5, _ := in.TeacherByID("10005")
	assert.False(t, in.Teachers[t5].OnRotation(), "serving school equal to the post is no rotation")
	t14, _ := in.TeacherByID("10014")
	assert.Equal(t, "孕期", in.Teachers[t14].Exempt)

	assert.Equal(t, 24.5, in.DistanceKm(0, 5))
	assert.Equal(t, 24.5, in.DistanceKm(5, 0))
	assert.Equal(t, 31.7, in.DistanceKm(3, 0))
	assert.InDelta(t, GreatCircleKm(28.228, 112.938, 28.215, 112.951)*1.3, in.DistanceKm(0, 1), 1e-9)
	assert.Len(t, in.Distances, 12)

	t2, _ := in.TeacherByID("10002")
	t13, _ := in.TeacherByID("10013")
	t7, _ := in.TeacherByID("10007")
	assert.Equal(t, []Pin{
		{Teacher: t2, Action: PinMove, School: 3, Line: 2},
		{Teacher: t13, Action: PinStay, School: NoSchool, Line: 3},
		{Teacher: t7, Action: PinForbid, School: 4, Line: 4},
		{Teacher: t7, Action: PinForbid, School: 5, Line: 5},
	}, in.Pins)

	want := DefaultPolicy(MonthOf(2026, 9))
	want.RotationRate, want.MinYearsAtSchool, want.MaxDistanceKm = 0.15, 8, 40
	want.Thresholds[Junior][BackboneI] = 1.2
	want.Weights.PerKm = 2
	want.FixedRetirementAge = true // [retirement_age] fixes both ages; male keeps 60
	assert.Equal(t, want, in.Policy)
}

// problemKey is where a problem is: file, line and column.
type problemKey struct {
	file   string
	line   int
	column string
}

func TestLoadBroken(t *testing.T) {
	_, probs, err := Load("testdata/broken", LoadOptions{})
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, probs, ie.Problems)

	got := map[problemKey]Severity{}
	for _, p := range probs {
		got[problemKey{p.File, p.Line, p.Column}] = p.Severity
		assert.NotEmpty(t, p.Message)
	}
	want := []struct {
		key      problemKey
		severity Severity
		why      string
	}{
		{problemKey{"schools.csv", 1, ""}, Warning, "unknown column 备注"},
		{problemKey{"schools.csv", 3, "type"}, Error, "unknown school type"},
		{problemKey{"schools.csv", 4, "school_id"}, Error, "duplicate school_id"},
		{problemKey{"schools.csv", 5, "students_primary"}, Error, "negative student count"},
		{problemKey{"schools.csv", 6, "lat"}, Error, "latitude out of range"},
		{problemKey{"schools.csv", 7, "students_junior"}, Error, "junior students at a primary school"},
		{problemKey{"schools.csv", 8, "students_primary"}, Error, "students but no teachers"},
		{problemKey{"schools.csv", 9, "urban_rural"}, Error, "unknown urban-rural code"},
		{problemKey{"schools.csv", 10, "building_area_m2"}, Error, "non-numeric area"},
		{problemKey{"schools.csv", 10, "lon"}, Warning, "no coordinates and no distances"},
		{problemKey{"teachers.csv", 2, "学校代码"}, Error, "unknown school"},
		{problemKey{"teachers.csv", 3, "出生年月"}, Error, "month 13"},
		{problemKey{"teachers.csv", 4, "进本校年月"}, Error, "February 30"},
		{problemKey{"teachers.csv", 5, "进本校年月"}, Error, "joined before birth"},
		{problemKey{"teachers.csv", 6, "任教学段"}, Error, "junior teacher at a primary school"},
		{problemKey{"teachers.csv", 7, "最高学历"}, Error, "empty education"},
		{problemKey{"teachers.csv", 8, "教职工号"}, Error, "duplicate teacher_id"},
		{problemKey{"teachers.csv", 9, "性别"}, Error, "unknown gender"},
		{problemKey{"teachers.csv", 10, "现任教学校"}, Error, "unknown serving school"},
		{problemKey{"distances.csv", 2, "km"}, Error, "negative km"},
		{problemKey{"distances.csv", 3, "to_school_id"}, Error, "unknown school"},
		{problemKey{"pins.csv", 2, "to_school_id"}, Error, "move without a school"},
		{problemKey{"pins.csv", 4, "action"}, Error, "stay contradicts move"},
		{problemKey{"pins.csv", 5, "teacher_id"}, Error, "unknown teacher"},
		{problemKey{"pins.csv", 6, "to_school_id"}, Warning, "stay with a school"},
		{problemKey{"policy.toml", 3, "rotation_rate"}, Error, "rate above 1"},
		{problemKey{"policy.toml", 4, "max_distance_km"}, Error, "string for a number"},
		{problemKey{"policy.toml", 5, "rotaton_rate"}, Warning, "unknown key"},
	}
	errs := 0
	for _, w := range want {
		sev, ok := got[w.key]
		if !assert.True(t, ok, "%s: got no problem at %v", w.why, w.key) {
			continue
		}
		assert.Equal(t, w.severity, sev, "%s at %v: got %s, want %s", w.why, w.key, sev, w.severity)
		if w.severity == Error {
			errs++
		}
	}
	assert.GreaterOrEqual(t, errs, 12)
	assert.Len(t, probs, len(want), "got problems:\n%s", problemList(probs))
	assert.IsNonDecreasing(t, fileLines(probs), "problems are sorted")
}

// problemsAbout are the problems whose message holds sub.
func problemsAbout(ps Problems, sub string) Problems {
	var out Problems
	for _, p := range ps {
		if strings.Contains(p.Message, sub) {
			out = append(out, p)
		}
	}
	return out
}

func problemList(ps Problems) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "  %s [%s]\n", p, p.Value)
	}
	return b.String()
}

// fileLines orders problems as Problems.Sort does, for IsNonDecreasing.
func fileLines(ps Problems) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = fmt.Sprintf("%s\x00%06d\x00%s", p.File, p.Line, p.Column)
	}
	return out
}

func TestLoadMissing(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "schools.csv")
	require.NoError(t, os.WriteFile(file, []byte(miniSchools), 0o644))
	tests := []struct {
		name    string
		dir     string
		file    string
		message string
	}{
		{"no folder", filepath.Join(dir, "nope"), filepath.Join(dir, "nope"), "dataset folder not found"},
		{"a file, not a folder", file, file, "not a folder"},
		{"no teachers file", dir, "teachers.csv (教师.csv)", "missing file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, probs, err := Load(tt.dir, LoadOptions{})
			assert.Nil(t, in)
			var ie *InputError
			require.ErrorAs(t, err, &ie)
			require.NotEmpty(t, probs)
			assert.Equal(t, tt.file, probs[0].File)
			assert.Contains(t, probs[0].Message, tt.message)
		})
	}
	in, probs, err := LoadFS(fstest.MapFS{}, LoadOptions{})
	assert.Nil(t, in)
	assert.Error(t, err)
	assert.Len(t, probs.Errors(), 2, "both schools and teachers are missing")
}

// A minimal valid dataset for row-level cases.
const (
	miniSchools = `school_id,name,type,urban_rural,weak,students_primary,students_junior,classes_primary,classes_junior,lon,lat,building_area_m2,sports_area_m2,equipment_value_yuan,multimedia_rooms
S1,城关小学,primary,111,no,60,0,3,0,112.9,28.2,500,800,200000,4
S2,乡村小学,primary,210,yes,40,,2,,113.0,28.3,200,300,50000,1
S3,城关中学,junior,111,no,0,30,0,2,112.95,28.25,400,700,150000,3
`
	miniTeachers = `teacher_id,name,gender,birth,school_id,stage,subject,education,backbone,joined_school
T1,张三,male,1980-01,S1,primary,chinese,bachelor,none,2010-09
T2,李四,female,1985-05,S1,primary,math,college,county,2012-09
T3,王五,male,1990-03,S2,primary,chinese,bachelor,,2015-09
T4,赵六,female,1988-07,S3,junior,math,bachelor,none,2011-09
`
)

// edit changes one file of the mini dataset: old is replaced by new, or new
// is appended when old is empty; a nil-like "-" new deletes the file.
type edit struct{ file, old, new string }

func miniFS(t testing.TB, edits ...edit) fstest.MapFS {
	t.Helper()
	files := map[string]string{"schools.csv": miniSchools, "teachers.csv": miniTeachers}
	for _, e := range edits {
		switch {
		case e.new == "-" && e.old == "":
			delete(files, e.file)
		case e.old == "":
			files[e.file] += e.new
		default:
			require.Contains(t, files[e.file], e.old, "edit of %s", e.file)
			files[e.file] = strings.Replace(files[e.file], e.old, e.new, 1)
		}
	}
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

func TestLoadMini(t *testing.T) {
	in, warns, err := LoadFS(miniFS(t), LoadOptions{Now: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	assert.Empty(t, warns)
	assert.Len(t, in.Schools, 3)
	assert.Len(t, in.Teachers, 4)
	assert.Equal(t, MonthOf(2025, 9), in.Policy.PlanDate, "plan date from LoadOptions.Now")
	assert.Equal(t, [NumStages]int{40, 0}, in.Schools[1].Students)
	assert.Equal(t, NotBackbone, in.Teachers[2].Backbone, "empty backbone is none")
	assert.Equal(t, NoTitle, in.Teachers[0].Title, "missing title column is none")
}

func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name     string
		edits    []edit
		severity Severity
		file     string
		line     int
		column   string
		message  string
	}{
		{"missing required school column", []edit{{"schools.csv", "multimedia_rooms\n", "rooms\n"}},
			Error, "schools.csv", 1, "", "missing required column multimedia_rooms (网络多媒体教室数)"},
		{"missing required teacher column", []edit{{"teachers.csv", ",education,", ",edu,"}},
			Error, "teachers.csv", 1, "", "missing required column education (最高学历)"},
		{"unknown columns", []edit{{"teachers.csv", "joined_school\n", "joined_school,备注\n"}},
			Warning, "teachers.csv", 1, "", "unknown column(s) ignored: 备注"},
		{"empty school id", []edit{{"schools.csv", "S2,乡村小学", ",乡村小学"}},
			Error, "schools.csv", 3, "school_id", "missing value"},
		{"escape sequence in a school id", []edit{{"schools.csv", "S3,城关中学", "S3\x1b[2J,城关中学"}, {"teachers.csv", ",S3,", ",S3\x1b[2J,"}},
			Error, "schools.csv", 4, "school_id", "holds control characters (an escape, a tab): want a code of letters and digits"},
		{"teacher id in scientific notation", []edit{{"teachers.csv", "T2,李四", "4.301E+09,李四"}},
			Error, "teachers.csv", 3, "teacher_id", "looks like a number Excel wrote in scientific notation, which loses digits: format the column as text (设置单元格格式 → 文本) and enter the codes again"},
		{"school id in scientific notation", []edit{{"schools.csv", "S3,城关中学", "4.301E+07,城关中学"}, {"teachers.csv", ",S3,", ",4.301E+07,"}},
			Error, "schools.csv", 4, "school_id", "looks like a number Excel wrote in scientific notation"},
		{"escape sequence in a teacher id", []edit{{"teachers.csv", "T2,李四", "T2\x1b]0;x\a,李四"}},
			Error, "teachers.csv", 3, "teacher_id", "holds control characters (an escape, a tab): want a code of letters and digits"},
		{"duplicate school", []edit{{"schools.csv", "S3,城关中学", "S1,城关中学"}},
			Error, "schools.csv", 4, "school_id", "duplicate school_id S1, first on line 2"},
		{"unknown type", []edit{{"schools.csv", "S2,乡村小学,primary", "S2,乡村小学,college"}},
			Error, "schools.csv", 3, "type", `got "college", want one of primary/小学`},
		{"unknown locale", []edit{{"schools.csv", "primary,210", "primary,999"}},
			Error, "schools.csv", 3, "urban_rural", `got "999"`},
		{"bad weak", []edit{{"schools.csv", "210,yes", "210,maybe"}},
			Error, "schools.csv", 3, "weak", "want 是/否"},
		{"negative students", []edit{{"schools.csv", "no,60,0", "no,-100,0"}},
			Error, "schools.csv", 2, "students_primary", `got "-100", want an integer ≥ 0`},
		{"fractional classes", []edit{{"schools.csv", "60,0,3,0", "60,0,3.5,0"}},
			Error, "schools.csv", 2, "classes_primary", `got "3.5", want an integer ≥ 0`},
		{"empty students of a taught stage", []edit{{"schools.csv", "no,60,0", "no,,0"}},
			Error, "schools.csv", 2, "students_primary", "missing value"},
		{"students of an untaught stage", []edit{{"schools.csv", "no,60,0,3,0", "no,60,5,3,0"}},
			Error, "schools.csv", 2, "students_junior", "teaches no junior stage"},
		{"classes of an untaught stage", []edit{{"schools.csv", "no,0,30,0,2", "no,0,30,1,2"}},
			Error, "schools.csv", 4, "classes_primary", "teaches no primary stage"},
		{"lon out of range", []edit{{"schools.csv", "112.9,28.2", "212.9,28.2"}},
			Error, "schools.csv", 2, "lon", "want a longitude from -180 to 180"},
		{"lat not a number", []edit{{"schools.csv", "112.9,28.2", "112.9,北纬28"}},
			Error, "schools.csv", 2, "lat", "want a latitude"},
		{"lon without lat", []edit{{"schools.csv", "112.9,28.2", "112.9,"}},
			Error, "schools.csv", 2, "lat", "lon and lat are given together"},
		{"no coordinates", []edit{{"schools.csv", "112.9,28.2", ","}},
			Warning, "schools.csv", 2, "lon", "no coordinates (lon, lat) and no distances.csv"},
		{"zero coordinates", []edit{{"schools.csv", "112.9,28.2", "0,0"}},
			Warning, "schools.csv", 2, "lon", "0,0 are taken as missing"},
		{"negative area", []edit{{"schools.csv", "500,800,200000", "500,-800,200000"}},
			Error, "schools.csv", 2, "sports_area_m2", `got "-800", want a number ≥ 0`},
		{"empty equipment", []edit{{"schools.csv", "500,800,200000", "500,800,"}},
			Error, "schools.csv", 2, "equipment_value_yuan", "missing value"},
		{"school without teachers", []edit{{"teachers.csv", "T4,赵六,female,1988-07,S3", "T4,赵六,female,1988-07,S1"}, {"teachers.csv", "S1,junior", "S1,primary"}},
			Error, "schools.csv", 4, "students_junior", "has 30 junior students but no junior teacher"},
		{"too many students per teacher", []edit{{"schools.csv", "yes,40,,2", "yes,90,,2"}},
			Warning, "schools.csv", 3, "students_primary", "90.0 students per teacher, above 40"},
		{"large classes", []edit{{"schools.csv", "no,0,30,0,2", "no,0,60,0,1"}},
			Warning, "schools.csv", 4, "students_junior", "60.0 junior students per class, above the limit of 50"},
		{"students in no class", []edit{{"schools.csv", "no,0,30,0,2", "no,0,30,0,0"}},
			Warning, "schools.csv", 4, "classes_junior", "in 0 classes"},
		{"oversized school", []edit{{"schools.csv", "no,0,30,0,2", "no,0,2100,0,50"}},
			Warning, "schools.csv", 4, "students_junior", "2100 students, above the size limit of 2000 for a junior school"},
		{"duplicate teacher", []edit{{"teachers.csv", "T2,李四", "T1,李四"}},
			Error, "teachers.csv", 3, "teacher_id", "duplicate teacher_id T1, first on line 2"},
		{"empty name", []edit{{"teachers.csv", "T2,李四", "T2,"}},
			Error, "teachers.csv", 3, "name", "missing value"},
		{"unknown gender", []edit{{"teachers.csv", "T2,李四,female", "T2,李四,x"}},
			Error, "teachers.csv", 3, "gender", `got "x", want one of male/男, female/女`},
		{"impossible month", []edit{{"teachers.csv", "1985-05", "2023-13"}},
			Error, "teachers.csv", 3, "birth", `got "2023-13", want a date`},
		{"impossible day", []edit{{"teachers.csv", "2012-09", "2023-02-30"}},
			Error, "teachers.csv", 3, "joined_school", `got "2023-02-30"`},
		{"empty birth", []edit{{"teachers.csv", "1985-05", ""}},
			Error, "teachers.csv", 3, "birth", "missing value, want a date"},
		{"joined before birth", []edit{{"teachers.csv", "2012-09", "1984-09"}},
			Error, "teachers.csv", 3, "joined_school", "joined the school in 1984-09, before the birth date 1985-05"},
		{"unknown school", []edit{{"teachers.csv", "1985-05,S1", "1985-05,S9"}},
			Error, "teachers.csv", 3, "school_id", "unknown school S9: not in schools.csv"},
		{"stage not taught at post", []edit{{"teachers.csv", "S1,primary,math", "S1,junior,math"}},
			Error, "teachers.csv", 3, "stage", "post school S1 城关小学 is a primary (小学) school and teaches no junior (初中) stage"},
		{"unknown stage", []edit{{"teachers.csv", "S1,primary,math", "S1,高中,math"}},
			Error, "teachers.csv", 3, "stage", `got "高中"`},
		{"unknown subject", []edit{{"teachers.csv", "primary,math", "primary,书法"}},
			Error, "teachers.csv", 3, "subject", `got "书法", want one of morality/道德与法治`},
		{"empty education", []edit{{"teachers.csv", "math,college", "math,"}},
			Error, "teachers.csv", 3, "education", "missing value, want the highest education"},
		{"unknown education", []edit{{"teachers.csv", "math,college", "math,大学"}},
			Error, "teachers.csv", 3, "education", `got "大学"`},
		{"unknown backbone", []edit{{"teachers.csv", "college,county", "college,特级"}},
			Error, "teachers.csv", 3, "backbone", `got "特级"`},
		{"serving school unknown", []edit{{"teachers.csv", "joined_school\n", "joined_school,serving_school_id\n"}, {"teachers.csv", "2012-09\n", "2012-09,S8\n"}},
			Error, "teachers.csv", 3, "serving_school_id", "unknown school S8"},
		{"serving school of another stage", []edit{{"teachers.csv", "joined_school\n", "joined_school,serving_school_id\n"}, {"teachers.csv", "2012-09\n", "2012-09,S3\n"}},
			Error, "teachers.csv", 3, "stage", "serving school S3 城关中学 is a junior (初中) school"},
		{"bad bool", []edit{{"teachers.csv", "joined_school\n", "joined_school,principal\n"}, {"teachers.csv", "2012-09\n", "2012-09,maybe\n"}},
			Error, "teachers.csv", 3, "principal", "want 是/否"},
		{"distance to unknown school", []edit{{"distances.csv", "", "from_school_id,to_school_id,km\nS1,S7,3\n"}},
			Error, "distances.csv", 2, "to_school_id", "unknown school S7"},
		{"negative distance", []edit{{"distances.csv", "", "学校代码1,学校代码2,距离公里\nS1,S2,-3\n"}},
			Error, "distances.csv", 2, "距离公里", `got "-3", want a number ≥ 0`},
		{"empty distance", []edit{{"distances.csv", "", "from_school_id,to_school_id,km\nS1,S2,\n"}},
			Error, "distances.csv", 2, "km", "missing value"},
		{"distance given twice differently", []edit{{"distances.csv", "", "from_school_id,to_school_id,km\nS1,S2,3\nS2,S1,4\n"}},
			Error, "distances.csv", 3, "km", "given twice: 3 km on line 2, 4 km here"},
		{"distance to itself", []edit{{"distances.csv", "", "from_school_id,to_school_id,km\nS1,S1,3\n"}},
			Warning, "distances.csv", 2, "to_school_id", "distance to itself"},
		{"school covered by distances", []edit{{"schools.csv", "112.9,28.2", ","}, {"distances.csv", "", "from_school_id,to_school_id,km\nS1,S2,3\nS2,S1,3\n"}},
			Severity(99), "", 0, "", ""},
		{"pin of unknown teacher", []edit{{"pins.csv", "", "teacher_id,action,to_school_id\nT9,stay,\n"}},
			Error, "pins.csv", 2, "teacher_id", "unknown teacher T9"},
		{"pin with unknown action", []edit{{"pins.csv", "", "teacher_id,action,to_school_id\nT1,jump,S2\n"}},
			Error, "pins.csv", 2, "action", `got "jump", want one of move/交流, stay/留任, forbid/禁止`},
		{"move without school", []edit{{"pins.csv", "", "teacher_id,action,to_school_id\nT1,move,\n"}},
			Error, "pins.csv", 2, "to_school_id", "a move pin needs the code of the target school"},
		{"forbid without school", []edit{{"pins.csv", "", "教职工号,操作,目标学校代码\nT1,禁止,\n"}},
			Error, "pins.csv", 2, "目标学校代码", "a forbid pin needs"},
		{"move to unknown school", []edit{{"pins.csv", "", "teacher_id,action,to_school_id\nT1,move,S5\n"}},
			Error, "pins.csv", 2, "to_school_id", "unknown school S5"},
		{"move to the post school", []edit{{"pins.csv", "", "teacher_id,action,to_school_id\nT1,move,S1\n"}},
			Error, "pins.csv", 2, "to_school_id", "already holds the post"},
		{"stay with a school", []edit{{"pins.csv", "", "teacher_id,action,to_school_id\nT1,stay,S2\n"}},
			Warning, "pins.csv", 2, "to_school_id", "a stay pin takes no school"},
		{"two moves", []edit{{"pins.csv", "", "teacher_id,action,to_school_id\nT1,move,S2\nT1,move,S3\n"}},
			Error, "pins.csv", 3, "action", "contradicts the move pin on line 2"},
		{"move and stay", []edit{{"pins.csv", "", "teacher_id,action,to_school_id\nT1,stay,\nT1,move,S2\n"}},
			Error, "pins.csv", 3, "action", "contradicts the stay pin on line 2"},
		{"move and forbid the same school", []edit{{"pins.csv", "", "teacher_id,action,to_school_id\nT1,move,S2\nT1,forbid,S2\n"}},
			Error, "pins.csv", 3, "action", "both moves to and is forbidden from S2"},
		{"repeated pin", []edit{{"pins.csv", "", "teacher_id,action,to_school_id\nT1,move,S2\nT1,move,S2\n"}},
			Warning, "pins.csv", 3, "action", "repeats the pin on line 2"},
		{"policy error", []edit{{"policy.toml", "", "rotation_rate = -1\n"}},
			Error, "policy.toml", 1, "rotation_rate", "want a number from 0 to 1"},
		{"unreadable pins", []edit{{"pins.xlsx", "", "not a workbook"}},
			Error, "pins.xlsx", 0, "", "cannot read table"},
		{"empty pins", []edit{{"pins.csv", "", "\n\n"}},
			Error, "pins.csv", 0, "", "empty file"},
		{"schools and Chinese schools", []edit{{"学校.csv", "", "whatever"}},
			Warning, "学校.csv", 0, "", "ignored: schools.csv is used instead"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs, err := LoadFS(miniFS(t, tt.edits...), LoadOptions{})
			if tt.severity == Severity(99) {
				assert.NoError(t, err)
				assert.Empty(t, probs)
				return
			}
			if tt.severity == Error {
				var ie *InputError
				require.ErrorAs(t, err, &ie)
			} else {
				require.NoError(t, err, "problems:\n%s", problemList(probs))
			}
			for _, p := range probs {
				if p.Severity == tt.severity && p.File == tt.file && p.Line == tt.line && p.Column == tt.column &&
					strings.Contains(p.Message, tt.message) {
					return
				}
			}
			t.Errorf("got problems:\n%swant %s %s:%d column %q containing %q",
				problemList(probs), tt.severity, tt.file, tt.line, tt.column, tt.message)
		})
	}
}

func TestLoadChineseNames(t *testing.T) {
	fsys := fstest.MapFS{
		"学校信息.CSV": {Data: []byte(miniSchools)},
		"教师.csv":   {Data: []byte(miniTeachers)},
		"固定.csv":   {Data: []byte("教职工号,动作,调入学校代码\nT1,交流,S2\n")},
		"政策.toml":  {Data: []byte("plan_date = \"2027-09\"\n")},
	}
	in, probs, err := LoadFS(fsys, LoadOptions{})
	require.NoError(t, err)
	assert.Empty(t, probs)
	assert.Equal(t, MonthOf(2027, 9), in.Policy.PlanDate)
	require.Len(t, in.Pins, 1)
	assert.Equal(t, Pin{Teacher: 0, Action: PinMove, School: 1, Line: 2}, in.Pins[0])
	var names []string
	for _, f := range in.Files {
		names = append(names, f.Name)
	}
	assert.Equal(t, []string{"学校信息.CSV", "教师.csv", "固定.csv", "政策.toml"}, names)
}

func TestLoadOptions(t *testing.T) {
	dir := t.TempDir()
	pins := filepath.Join(dir, "my-pins.csv")
	require.NoError(t, os.WriteFile(pins, []byte("teacher_id,action,to_school_id\nT2,move,S2\n"), 0o644))

	t.Run("pins file", func(t *testing.T) {
		fsys := miniFS(t, edit{"pins.csv", "", "teacher_id,action,to_school_id\nT1,stay,\n"})
		in, _, err := LoadFS(fsys, LoadOptions{PinsFile: pins})
		require.NoError(t, err)
		assert.Equal(t, []Pin{{Teacher: 1, Action: PinMove, School: 1, Line: 2}}, in.Pins)
		assert.Equal(t, pins, in.Files[len(in.Files)-1].Name)
	})
	t.Run("missing pins file", func(t *testing.T) {
		_, probs, err := LoadFS(miniFS(t), LoadOptions{PinsFile: filepath.Join(dir, "nope.csv")})
		require.Error(t, err)
		assert.Contains(t, probs[0].Message, "cannot read pins file")
	})
	t.Run("forced encoding", func(t *testing.T) {
		fsys := fstest.MapFS{
			"schools.csv":  {Data: gbkBytes([]byte(miniSchools))},
			"teachers.csv": {Data: gbkBytes([]byte(miniTeachers))},
		}
		in, _, err := LoadFS(fsys, LoadOptions{Encoding: "gbk"})
		require.NoError(t, err)
		assert.Equal(t, "城关小学", in.Schools[0].Name)
		assert.Equal(t, EncGB18030, in.Files[0].Encoding)
	})
	t.Run("bad encoding", func(t *testing.T) {
		_, probs, err := LoadFS(miniFS(t), LoadOptions{Encoding: "ebcdic"})
		require.Error(t, err)
		assert.Contains(t, probs[0].Message, "unknown encoding")
	})
}

// Load must never panic, and what it accepts must be consistent.
func FuzzLoadSchools(f *testing.F) {
	f.Add([]byte(miniSchools), []byte(miniTeachers))
	f.Add([]byte("学校代码,学校名称,办学类型\n1,a,小学\n"), []byte(miniTeachers))
	f.Add([]byte(strings.ReplaceAll(miniSchools, "S2,", "S1,")), []byte(strings.ReplaceAll(miniTeachers, "S1", "S2")))
	f.Add([]byte(miniSchools), []byte("teacher_id,stage\n\"x\n"))
	f.Add([]byte(strings.SplitAfter(miniSchools, "\n")[0]), []byte(miniTeachers)) // header only
	// Districts, groups and a principal's tenure (DOMAIN §8).
	f.Add([]byte(strings.Replace(strings.Replace(miniSchools, "multimedia_rooms\n", "multimedia_rooms,学区,教育集团\n", 1), "200000,4\n", "200000,4,东片,\"一中, 集团\"\n", 1)),
		[]byte(strings.Replace(strings.Replace(miniTeachers, "joined_school\n", "joined_school,principal,任现职年月\n", 1), "none,2010-09\n", "none,2010-09,是,2019-13\n", 1)))
	f.Fuzz(func(t *testing.T, schools, teachers []byte) {
		fsys := fstest.MapFS{
			"schools.csv":  {Data: schools},
			"teachers.csv": {Data: teachers},
			"pins.csv":     {Data: []byte("teacher_id,action,to_school_id\nT1,move,S2\n")},
		}
		in, probs, err := LoadFS(fsys, LoadOptions{})
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || len(probs.Errors()) == 0 || in != nil {
				t.Fatalf("got %v with %d errors", err, len(probs.Errors()))
			}
			return
		}
		for i, tc := range in.Teachers {
			if tc.School < 0 || tc.School >= len(in.Schools) || tc.Serving < 0 || tc.Serving >= len(in.Schools) {
				t.Fatalf("teacher %d refers to school %d/%d of %d", i, tc.School, tc.Serving, len(in.Schools))
			}
			if !in.Schools[tc.School].Teaches(tc.Stage) {
				t.Fatalf("teacher %d teaches a stage its school lacks", i)
			}
		}
		for _, s := range in.Schools {
			for _, st := range Stages {
				if s.Students[st] < 0 || (!s.Teaches(st) && s.Students[st] > 0) {
					t.Fatalf("school %s has %d %s students", s.ID, s.Students[st], st)
				}
			}
			if math.IsNaN(s.BuildingArea) || s.BuildingArea < 0 {
				t.Fatalf("school %s has area %v", s.ID, s.BuildingArea)
			}
		}
	})
}

// TestMonthCutByExcel checks the warning for a date written YYYY.1: it is
// read as January, but Excel turns 2015.10 typed in a General cell into
// the number 2015.1, so October may be meant.
func TestMonthCutByExcel(t *testing.T) {
	tests := []struct {
		name   string
		edits  []edit
		file   string
		line   int
		column string
		want   string // "" for no warning
	}{
		{"joined_school", []edit{{"teachers.csv", "county,2012-09", "county,2012.1"}}, "teachers.csv", 3, "joined_school",
			"2012.1 is read as 2012-01, but Excel saves 2012.10 typed in a General cell as the number 2012.1: if October is meant, write 2012-10 (or format the column as text)"},
		{"birth", []edit{{"teachers.csv", "1985-05,S1", "1985.1,S1"}}, "teachers.csv", 3, "birth", "1985.1 is read as 1985-01"},
		{"history start", []edit{{"history.csv", "", historyHeader + "T2,S2,2016.1,2017-09,,\n"}}, "history.csv", 2, "start", "2016.1 is read as 2016-01"},
		{"history end", []edit{{"history.csv", "", historyHeader + "T2,S2,2016-09,2017.1,,\n"}}, "history.csv", 2, "end", "2017.1 is read as 2017-01"},
		{"two digits", []edit{{"teachers.csv", "county,2012-09", "county,2012.10"}}, "", 0, "", ""},
		{"January with a zero", []edit{{"teachers.csv", "county,2012-09", "county,2012.01"}}, "", 0, "", ""},
		{"other month", []edit{{"teachers.csv", "county,2012-09", "county,2012.9"}}, "", 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs, err := LoadFS(planFS(t, tt.edits...), LoadOptions{})
			require.NoError(t, err, "problems:\n%s", problemList(probs))
			got := problemsAbout(probs, "General cell")
			if tt.want == "" {
				assert.Empty(t, got)
				return
			}
			assert.True(t, findProblem(probs, Warning, tt.file, tt.line, tt.column, tt.want),
				"got problems:\n%swant a warning %s:%d column %s containing %q", problemList(probs), tt.file, tt.line, tt.column, tt.want)
		})
	}
}

// TestLoadGBKFileNameInProblems checks that a problem about a file with a
// GBK name names it as text, not as its bytes.
func TestLoadGBKFileNameInProblems(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("交流记录.csv")
	require.NoError(t, err)
	dir := t.TempDir()
	for name, f := range planFS(t) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), f.Data, 0o644))
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "history.csv"), []byte(historyHeader), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, gbk), []byte(historyHeader), 0o644))
	_, probs, err := Load(dir, LoadOptions{})
	require.NoError(t, err, "problems:\n%s", problemList(probs))
	assert.True(t, findProblem(probs, Warning, "交流记录.csv", 0, "", "ignored: history.csv is used instead"),
		"got problems:\n%swant a warning on 交流记录.csv", problemList(probs))
}

// TestLoadFileNames checks how Load finds the optional tables by name: a
// Chinese name written in GBK bytes (a zip made on Chinese Windows and
// unpacked elsewhere) is read, and a table file named close to a dataset
// file is reported instead of being ignored without a word.
func TestLoadFileNames(t *testing.T) {
	gbkName := func(s string) string {
		b, err := simplifiedchinese.GBK.NewEncoder().String(s)
		require.NoError(t, err)
		return b
	}
	history := historyHeader + "T2,S2,2016-09,2017-09,,\n"
	tests := []struct {
		name    string
		file    string // the history file's name on disk
		stints  int    // stints loaded
		warning string // a warning on the file, "" for none
	}{
		{"English", "history.csv", 1, ""},
		{"Chinese in UTF-8", "交流记录.csv", 1, ""},
		{"Chinese in GBK", gbkName("交流记录.csv"), 1, ""},
		{"misspelt", "histroy.csv", 0, "not read: is it history.csv (交流记录.csv)? rename it to be read"},
		{"singular", "wish.csv", 0, "not read: is it wishes.csv (志愿.csv)? rename it to be read"},
		{"browser download", "history (1).csv", 0, "not read: is it history.csv (交流记录.csv)? rename it to be read"},
		{"Windows copy", "交流记录 - 副本.csv", 0, "not read: is it history.csv (交流记录.csv)? rename it to be read"},
		{"extension twice, as hidden extensions make it", "history.csv.csv", 0, "not read: is it history.csv (交流记录.csv)? rename it to be read"},
		{"unrelated", "plan.csv", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, f := range planFS(t) {
				require.NoError(t, os.WriteFile(filepath.Join(dir, name), f.Data, 0o644))
			}
			require.NoError(t, os.WriteFile(filepath.Join(dir, tt.file), []byte(history), 0o644))
			in, probs, err := Load(dir, LoadOptions{})
			require.NoError(t, err, "problems:\n%s", problemList(probs))
			assert.Len(t, in.History, tt.stints, "got %d stints, want %d", len(in.History), tt.stints)
			for _, f := range in.Files {
				assert.True(t, utf8.ValidString(f.Name), "got file name %q, want it as text", f.Name)
			}
			var got []string
			for _, p := range probs {
				if p.Severity == Warning && p.File == tt.file {
					got = append(got, p.Message)
				}
			}
			if tt.warning == "" {
				assert.Empty(t, got)
			} else {
				assert.Equal(t, []string{tt.warning}, got)
			}
		})
	}
}

// TestSheetUnused: --sheet on a dataset of CSV files names nothing it
// could choose, and says so; on a dataset of workbooks it is no news.
func TestSheetUnused(t *testing.T) {
	const want = `worksheet "Sheet1" was named, but no table of the dataset is a workbook (.xlsx): it is ignored`
	for _, tc := range []struct {
		dir  string
		warn bool
	}{{"testdata/county", true}, {"testdata/county_xlsx", false}} {
		t.Run(tc.dir, func(t *testing.T) {
			_, probs, err := Load(tc.dir, LoadOptions{Sheet: "Sheet1"})
			require.NoError(t, err)
			var msgs []string
			for _, p := range probs {
				msgs = append(msgs, p.Message)
			}
			if tc.warn {
				assert.Contains(t, msgs, want)
			} else {
				assert.NotContains(t, msgs, want)
			}
		})
	}
}
