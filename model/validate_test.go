package model

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// teachersWithIDs is miniTeachers with an id_number column.
const teachersWithIDs = `teacher_id,name,id_number,gender,birth,school_id,stage,subject,education,backbone,joined_school
T1,张三,` + idA + `,male,1980-01,S1,primary,chinese,bachelor,none,2010-09
T2,李四,` + idB + `,female,1985-05,S1,primary,math,college,county,2012-09
T3,王五,` + idC + `,male,1990-03,S2,primary,chinese,bachelor,,2015-09
T4,赵六,,female,1988-07,S3,junior,math,bachelor,none,2011-09
`

// swapIDColumns rewrites teacher rows "Tn,name,ID" as "ID,name,Tn".
func swapIDColumns(rows string) string {
	lines := strings.Split(rows, "\n")
	for i, l := range lines[1:] {
		f := strings.Split(l, ",")
		if len(f) > 2 && f[2] != "" {
			f[0], f[2] = f[2], f[0]
		}
		lines[i+1] = strings.Join(f, ",")
	}
	return strings.Join(lines, "\n")
}

// TestLoadMasksIDNumbers loads a roster with a row shifted by a stray
// comma, which puts an identity number in the gender column, and other
// damaged identity numbers: no field of any problem holds one unmasked.
func TestLoadMasksIDNumbers(t *testing.T) {
	_, probs, err := Load("testdata/idnumber", LoadOptions{})
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	require.NotEmpty(t, probs)
	assert.True(t, findProblem(probs, Error, "teachers.csv", 3, "gender", `got "439*************20", want one of male/男`),
		"got problems:\n%swant the shifted identity number masked in the gender error", problemList(probs))
	for _, p := range probs {
		for _, field := range []string{p.File, p.Column, p.Value, p.Message, p.String()} {
			if m := fullIDNumber.FindStringSubmatch(field); m != nil {
				t.Errorf("%s: got identity number %s unmasked", p, MaskIDNumber(m[1]))
			}
		}
	}
	assert.NotContains(t, ie.Error(), idA)
}

func TestIDNumberChecks(t *testing.T) {
	_, probs, _ := Load("testdata/idnumber", LoadOptions{})
	tests := []struct {
		name    string
		line    int
		value   string
		message string
	}{
		{"duplicate", 4, "439*************20", "same identity number as line 2"},
		{"scientific notation", 5, "4.3******17", "scientific notation has lost its last digits; format the column as text"},
		{"cut to 15 digits", 6, "439*************00", "a spreadsheet kept only its first 15 digits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, p := range probs {
				if p.Severity == Warning && p.File == "teachers.csv" && p.Line == tt.line && p.Column == "id_number" {
					assert.Equal(t, tt.value, p.Value)
					assert.Contains(t, p.Message, tt.message)
					return
				}
			}
			t.Errorf("got problems:\n%swant a warning on teachers.csv:%d column id_number", problemList(probs), tt.line)
		})
	}
}

func TestTeacherIDLooksLikeIDNumber(t *testing.T) {
	tests := []struct {
		name     string
		teachers string
		line     int
		message  string
		errors   int
	}{
		{"swapped columns", swapIDColumns(teachersWithIDs), 1,
			"3 of 4 values look like identity numbers (身份证件号), the first on line 2: are the columns teacher_id (教职工号) and id_number (身份证件号) swapped?", 1},
		{"one identity number", strings.Replace(teachersWithIDs, "T3,王五", idX+",王五", 1), 4,
			"looks like an identity number (身份证件号), not a teacher number (教职工号)", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"schools.csv":  {Data: []byte(miniSchools)},
				"teachers.csv": {Data: []byte(tt.teachers)},
			}
			_, probs, err := LoadFS(fsys, LoadOptions{})
			var ie *InputError
			require.ErrorAs(t, err, &ie)
			assert.True(t, findProblem(probs, Error, "teachers.csv", tt.line, "teacher_id", tt.message),
				"got problems:\n%swant teachers.csv:%d column teacher_id containing %q", problemList(probs), tt.line, tt.message)
			assert.Len(t, probs.Errors(), tt.errors, "got problems:\n%s", problemList(probs))
			for _, p := range probs {
				assert.NotRegexp(t, fullIDNumber, p.Value+p.Message)
			}
		})
	}

	t.Run("valid roster", func(t *testing.T) {
		fsys := fstest.MapFS{
			"schools.csv":  {Data: []byte(miniSchools)},
			"teachers.csv": {Data: []byte(teachersWithIDs)},
		}
		in, probs, err := LoadFS(fsys, LoadOptions{})
		require.NoError(t, err)
		assert.Empty(t, probs)
		assert.Equal(t, idA, in.Teachers[0].IDNumber, "the instance keeps the number unmasked")
	})
}

// TestSchoolIDLooksLikeIDNumber checks that a school code that is an
// identity number is refused as a teacher number is: school codes appear
// in every output (plan.csv, schools.csv, plan.json), identity numbers in
// none.
func TestSchoolIDLooksLikeIDNumber(t *testing.T) {
	fsys := miniFS(t,
		edit{"schools.csv", "S2,乡村小学", idX + ",乡村小学"},
		edit{"teachers.csv", "1990-03,S2,", "1990-03," + idX + ","})
	_, probs, err := LoadFS(fsys, LoadOptions{})
	var ie *InputError
	require.ErrorAs(t, err, &ie, "got problems:\n%swant an error", problemList(probs))
	const message = "looks like an identity number (身份证件号), not a school code (学校代码)"
	assert.True(t, findProblem(probs, Error, "schools.csv", 3, "school_id", message),
		"got problems:\n%swant schools.csv:3 column school_id containing %q", problemList(probs), message)
	for _, p := range probs {
		assert.NotRegexp(t, fullIDNumber, p.Value+p.Message)
	}
}

func TestPinRules(t *testing.T) {
	const pinsHeader = "teacher_id,action,to_school_id\n"
	// S4 is a rural junior school, S5 a town primary school, S6 a rural
	// primary school far away.
	moreSchools := edit{"schools.csv", "", "S4,乡村中学,junior,220,no,0,30,0,2,113.1,28.4,400,700,150000,3\n" +
		"S5,镇小学,primary,121,no,30,0,3,0,112.92,28.22,500,800,200000,4\n" +
		"S6,远村小学,primary,220,no,30,0,3,0,114.5,29.5,500,800,200000,4\n"}
	moreTeachers := edit{"teachers.csv", "", "T5,孙七,male,1980-01,S4,junior,math,bachelor,none,2010-09\n" +
		"T6,周八,male,1980-01,S5,primary,math,bachelor,none,2010-09\n" +
		"T7,吴九,male,1980-01,S6,primary,math,bachelor,none,2010-09\n"}
	optional := edit{"teachers.csv", "joined_school\n", "joined_school,principal,exempt,serving_school_id\n"}
	tests := []struct {
		name     string
		edits    []edit
		severity Severity
		column   string
		message  string
	}{
		{"to an urban school", []edit{{"pins.csv", "", pinsHeader + "T1,move,S3\n"}}, Error, "to_school_id",
			"school S3 城关中学 cannot receive teacher T1: it is neither rural nor weak"},
		{"to a town school", []edit{moreSchools, moreTeachers, {"pins.csv", "", pinsHeader + "T1,move,S5\n"}}, Error, "to_school_id",
			"school S5 镇小学 cannot receive teacher T1: it is neither rural nor weak"},
		{"to a school of another stage", []edit{moreSchools, moreTeachers, {"pins.csv", "", pinsHeader + "T1,move,S4\n"}}, Error, "to_school_id",
			"school S4 乡村中学 cannot receive teacher T1: it is a junior (初中) school and teaches no primary (小学) stage"},
		{"of a teacher on rotation", []edit{optional, {"teachers.csv", "2012-09\n", "2012-09,,,S2\n"}, moreSchools, moreTeachers,
			{"pins.csv", "", pinsHeader + "T2,move,S6\n"}}, Error, "teacher_id",
			"teacher T2 already serves at S2 on rotation (serving_school_id); a move starts from the post school S1"},
		{"of a teacher not at a source", []edit{moreSchools, moreTeachers, {"pins.csv", "", pinsHeader + "T3,move,S6\n"}}, Warning, "teacher_id",
			"the move pin is honoured although teacher T3 is not eligible: the post school S2 is rural or weak, not a source"},
		{"of an exempt principal", []edit{optional, {"teachers.csv", "2010-09\n", "2010-09,yes,病休,\n"}, {"pins.csv", "", pinsHeader + "T1,move,S2\n"}},
			Warning, "teacher_id", "not eligible: the teacher is exempt this year (暂缓原因 病休); the teacher is a principal and include_principals is false"},
		{"beyond the distance limit", []edit{moreSchools, moreTeachers, {"pins.csv", "", pinsHeader + "T1,move,S6\n"}}, Warning, "to_school_id",
			"km, beyond max_distance_km 50"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs, err := LoadFS(miniFS(t, tt.edits...), LoadOptions{})
			if tt.severity == Error {
				var ie *InputError
				require.ErrorAs(t, err, &ie)
				assert.Len(t, probs.Errors(), 1, "got problems:\n%s", problemList(probs))
			} else {
				require.NoError(t, err, "problems:\n%s", problemList(probs))
			}
			assert.True(t, findProblem(probs, tt.severity, "pins.csv", 2, tt.column, tt.message),
				"got problems:\n%swant %s pins.csv:2 column %s containing %q", problemList(probs), tt.severity, tt.column, tt.message)
		})
	}

	t.Run("valid pins", func(t *testing.T) {
		in, probs, err := LoadFS(miniFS(t, moreSchools, moreTeachers,
			edit{"pins.csv", "", pinsHeader + "T1,move,S2\nT2,forbid,S3\nT4,move,S4\nT5,stay,\n"}), LoadOptions{})
		require.NoError(t, err)
		assert.Empty(t, probs, "got problems:\n%s", problemList(probs))
		assert.Len(t, in.Pins, 4)
	})
}

func TestSchoolConsistency(t *testing.T) {
	tests := []struct {
		name    string
		edits   []edit
		line    int
		column  string
		message string
	}{
		{"teachers but no students", []edit{{"schools.csv", "no,60,0,3,0", "no,0,0,0,0"}}, 2, "students_primary",
			"school S1 城关小学 has 2 primary teachers but 0 primary students"},
		{"classes but no students", []edit{{"schools.csv", "no,60,0,3,0", "no,0,0,3,0"}}, 2, "classes_primary",
			"school S1 has 3 primary classes but 0 primary students"},
		{"more classes than students", []edit{{"schools.csv", "yes,40,,2,", "yes,3,,5,"}}, 3, "classes_primary",
			"school S2 has 5 primary classes for 3 primary students, more classes than students"},
		{"no source", []edit{{"schools.csv", "S1,城关小学,primary,111", "S1,城关小学,primary,210"},
			{"schools.csv", "S3,城关中学,junior,111", "S3,城关中学,junior,220"}}, 0, "urban_rural",
			"no school is a source: every school is rural or weak"},
		{"no receiver", []edit{{"schools.csv", "primary,210,yes", "primary,111,no"}}, 0, "urban_rural",
			"no school is a receiver"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs, err := LoadFS(miniFS(t, tt.edits...), LoadOptions{})
			require.NoError(t, err, "problems:\n%s", problemList(probs))
			assert.True(t, findProblem(probs, Warning, "schools.csv", tt.line, tt.column, tt.message),
				"got problems:\n%swant a warning on schools.csv:%d column %s containing %q", problemList(probs), tt.line, tt.column, tt.message)
		})
	}

	t.Run("a bad count adds no warning", func(t *testing.T) {
		_, probs, err := LoadFS(miniFS(t, edit{"schools.csv", "no,60,0,3,0", "no,-60,0,3,0"}), LoadOptions{})
		require.Error(t, err)
		assert.Len(t, probs, 1, "got problems:\n%s", problemList(probs))
	})
}

// TestLoadMasksFreeText checks that an identity number pasted into a name
// or a reason is masked at load, and control characters dropped, each with
// a warning on its cell.
func TestLoadMasksFreeText(t *testing.T) {
	const id = "430102198601021886"
	masked := MaskIDNumbers(id)
	require.NotEqual(t, id, masked)
	tests := []struct {
		name   string
		edit   edit
		get    func(in *Instance) string
		want   string
		column string
	}{
		{"teacher name", edit{"teachers.csv", "T1,张三,", "T1,张三" + id + ","}, func(in *Instance) string { return in.Teachers[0].Name },
			"张三" + masked, "name"},
		{"school name", edit{"schools.csv", "S2,乡村小学,", "S2," + id + "乡村小学,"}, func(in *Instance) string { return in.Schools[1].Name },
			masked + "乡村小学", "name"},
		{"reason for exemption", edit{"teachers.csv", "teacher_id,name,gender,birth,school_id,stage,subject,education,backbone,joined_school\nT1,张三,male,1980-01,S1,primary,chinese,bachelor,none,2010-09",
			"teacher_id,name,gender,birth,school_id,stage,subject,education,backbone,joined_school,exempt\nT1,张三,male,1980-01,S1,primary,chinese,bachelor,none,2010-09,病休" + id},
			func(in *Instance) string { return in.Teachers[0].Exempt }, "病休" + masked, "exempt"},
		{"control characters", edit{"teachers.csv", "T1,张三,", "T1,张\x00三\x1b,"}, func(in *Instance) string { return in.Teachers[0].Name },
			"张三", "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, probs, err := LoadFS(miniFS(t, tt.edit), LoadOptions{})
			require.NoError(t, err, "problems:\n%s", problemList(probs))
			assert.Equal(t, tt.want, tt.get(in))
			var warned bool
			for _, p := range probs.Warnings() {
				warned = warned || p.Column == tt.column && p.Line == 2 || p.Column == tt.column && p.Line == 3
				assert.NotContains(t, p.String(), id)
			}
			assert.True(t, warned, "got no warning on column %s:\n%s", tt.column, problemList(probs))
		})
	}
}

// TestLoadWarnsJoinedAfterPlanDate checks that a joining month after the
// plan date, usually a typo of the year, is a warning on its cell.
func TestLoadWarnsJoinedAfterPlanDate(t *testing.T) {
	_, probs, err := LoadFS(miniFS(t, edit{"teachers.csv", "2010-09\nT2", "2030-09\nT2"}), LoadOptions{Now: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	var got []string
	for _, p := range probs.Warnings() {
		if p.Line == 2 && p.Column == "joined_school" {
			got = append(got, p.Message)
		}
	}
	require.Len(t, got, 1, "problems:\n%s", problemList(probs))
	assert.Contains(t, got[0], "after the plan date 2026-09")
}

// TestLoadWarnsRunawayQuote checks that a quote never closed, which makes
// the rest of the file one cell, is named at its line.
func TestLoadWarnsRunawayQuote(t *testing.T) {
	teachers := strings.Replace(miniTeachers, "T2,李四,", "T2,\"李四,", 1) + strings.Repeat("T9,x,male,1980-01,S1,primary,chinese,bachelor,none,2010-09\n", 6)
	_, probs, _ := LoadFS(miniFS(t, edit{"teachers.csv", miniTeachers, teachers}), LoadOptions{})
	var found bool
	for _, p := range probs {
		if p.File == "teachers.csv" && p.Line == 3 && strings.Contains(p.Message, "closing quote") {
			found = true
		}
	}
	assert.True(t, found, "got no warning about the quote on line 3:\n%s", problemList(probs))
}
