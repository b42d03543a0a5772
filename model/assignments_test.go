package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

func loadCounty(t testing.TB) *Instance {
	t.Helper()
	in, _, err := Load(countyDir, LoadOptions{})
	require.NoError(t, err)
	return in
}

func TestParseAssignments(t *testing.T) {
	in := loadCounty(t)
	idx := func(id string) int {
		i, ok := in.TeacherByID(id)
		require.True(t, ok, id)
		return i
	}
	tests := []struct {
		name string
		data []byte
		want []Assignment
	}{
		{
			name: "english, as rotaplan writes it",
			data: []byte("\ufeffteacher_id,name,stage,subject,backbone,from_school_id,to_school_id,km,reasons\n" +
				"10002,张涛,primary,chinese,none,4301000001,4301000004,31.7,fills I1\n" +
				"10012,王伟,primary,chinese,none,4301000001,4301000005,40.1,\n"),
			want: []Assignment{{Teacher: idx("10002"), To: 3, Line: 2}, {Teacher: idx("10012"), To: 4, Line: 3}},
		},
		{
			name: "chinese GBK edited in Excel, with a title row",
			data: gbkBytes([]byte("交流名单,,\r\n序号,教职工号,姓名,调出学校代码,交流学校代码,距离公里,理由,备注\r\n" +
				"1,10002,张涛,4301000001,4301000004,31.7,补足骨干,\r\n,,,,,,,\r\n")),
			want: []Assignment{{Teacher: idx("10002"), To: 3, Line: 3}},
		},
		{
			name: "target school by name",
			data: []byte("教职工号,调入学校\n10002,石门乡中心小学\n"),
			want: []Assignment{{Teacher: idx("10002"), To: 3, Line: 2}},
		},
		{
			name: "empty plan",
			data: []byte("teacher_id,to_school_id\n"),
			want: []Assignment{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, probs, err := ParseAssignments("plan.csv", tt.data, in, LoadOptions{})
			require.NoError(t, err, "problems:\n%s", problemList(probs))
			assert.Empty(t, probs, "no warnings for the plan's own columns")
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseAssignmentsProblems(t *testing.T) {
	in := loadCounty(t)
	in.Teachers[len(in.Teachers)-1].ID = "007"
	in.Index()
	tests := []struct {
		name     string
		data     string
		severity Severity
		line     int
		column   string
		message  string
	}{
		{"missing teacher column", "name,to_school_id\n张涛,4301000004\n", Error, 1, "", "missing required column teacher_id (教职工号)"},
		{"missing target column", "teacher_id,name\n10002,张涛\n", Error, 1, "", "missing required column to_school_id (调入学校代码)"},
		{"unknown teacher", "teacher_id,to_school_id\n99999,4301000004\n", Error, 2, "teacher_id", "unknown teacher 99999"},
		{"unknown school", "教职工号,调入学校代码\n10002,4309999999\n", Error, 2, "调入学校代码", "unknown school 4309999999"},
		{"empty school", "teacher_id,to_school_id\n10002,\n", Error, 2, "to_school_id", "missing value"},
		{"empty teacher", "teacher_id,to_school_id\n,4301000004\n", Error, 2, "teacher_id", "missing value"},
		{"teacher twice", "teacher_id,to_school_id\n10002,4301000004\n10002,4301000005\n", Error, 3, "teacher_id", "listed twice, first on line 2"},
		{"wrong from school", "teacher_id,from_school_id,to_school_id\n10002,4301000002,4301000004\n", Error, 2, "from_school_id", "holds the post at 4301000001, not 4301000002"},
		{"move to the post school", "teacher_id,to_school_id\n10002,4301000001\n", Error, 2, "to_school_id", "already holds the post"},
		{"unknown column", "teacher_id,to_school_id,审批人\n10002,4301000004,张局\n", Warning, 1, "", "unknown column(s) ignored: 审批人"},
		{"leading zeros dropped", "teacher_id,to_school_id\n7,4301000004\n", Error, 2, "teacher_id",
			"unknown teacher 7: not in the dataset; teacher 007 has the same digits: Excel drops the leading zeros of a number, so format the column as text (设置单元格格式 → 文本) and enter the codes again"},
		{"name of another teacher", "教职工号,姓名,调入学校代码\n10002,李磊,4301000004\n", Warning, 2, "姓名",
			"李磊 is not the name of teacher 10002 (张涛) but of another teacher in the dataset; were the rows shifted, as sorting a single column does? the plan is read by 教职工号"},
		{"not a table", "", Error, 0, "", "empty file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, probs, err := ParseAssignments("plan.csv", []byte(tt.data), in, LoadOptions{})
			if tt.severity == Error {
				var ie *InputError
				require.ErrorAs(t, err, &ie)
				assert.Nil(t, got)
			} else {
				require.NoError(t, err)
			}
			for _, p := range probs {
				if p.Severity == tt.severity && p.File == "plan.csv" && p.Line == tt.line && p.Column == tt.column &&
					strings.Contains(p.Message, tt.message) {
					return
				}
			}
			t.Errorf("got problems:\n%swant %s line %d column %q containing %q", problemList(probs), tt.severity, tt.line, tt.column, tt.message)
		})
	}
}

func TestReadAssignmentsXLSX(t *testing.T) {
	in := loadCounty(t)
	data := xlsxBytes(t, func(f *excelize.File, s string) {
		require.NoError(t, f.SetSheetRow(s, "A1", &[]any{"教职工号", "姓名", "调出学校代码", "调入学校代码", "距离公里"}))
		require.NoError(t, f.SetSheetRow(s, "A2", &[]any{10002, "张涛", 4301000001, 4301000004, 31.7}))
	})
	path := filepath.Join(t.TempDir(), "方案.xlsx")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	got, probs, err := ReadAssignments(path, in, LoadOptions{})
	require.NoError(t, err)
	assert.Empty(t, probs)
	i, _ := in.TeacherByID("10002")
	assert.Equal(t, []Assignment{{Teacher: i, To: 3, Line: 2}}, got)

	_, _, err = ReadAssignments(filepath.Join(t.TempDir(), "none.csv"), in, LoadOptions{})
	assert.ErrorIs(t, err, os.ErrNotExist)
	_, _, err = ParseAssignments("p.csv", nil, nil, LoadOptions{})
	assert.Error(t, err)
}

func FuzzReadAssignments(f *testing.F) {
	in := loadCounty(f)
	f.Add([]byte("teacher_id,to_school_id\n10002,4301000004\n"))
	f.Add([]byte("教职工号,调出学校代码,调入学校\n10002,4301000001,石门乡中心小学\n10003,x,4301000002\n"))
	f.Add(gbkBytes([]byte("教职工号,交流学校代码\r\n10002,4301000004\r\n10002,4301000004\r\n")))
	f.Add([]byte("teacher_id\tto_school_id\tfrom_school_id\n10001\t4301000001\t\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, probs, err := ParseAssignments("plan.csv", data, in, LoadOptions{})
		if err != nil {
			if len(probs.Errors()) == 0 || got != nil {
				t.Fatalf("got %v with %d errors and %d moves", err, len(probs.Errors()), len(got))
			}
			return
		}
		seen := map[int]bool{}
		for _, a := range got {
			if a.Teacher < 0 || a.Teacher >= len(in.Teachers) || a.To < 0 || a.To >= len(in.Schools) {
				t.Fatalf("assignment out of range: %+v", a)
			}
			if seen[a.Teacher] || a.To == in.Teachers[a.Teacher].School {
				t.Fatalf("bad assignment accepted: %+v", a)
			}
			seen[a.Teacher] = true
		}
	})
}

// TestParseAssignmentsEdited reads plans as a planner edits them: the
// destination code and name out of step, codes Excel turned into
// scientific notation, identity numbers in the rotation list or pasted
// where a teacher number belongs.
func TestParseAssignmentsEdited(t *testing.T) {
	in := loadCounty(t)
	t2, _ := in.TeacherByID("10002")
	tests := []struct {
		name     string
		data     string
		want     []Assignment // nil when the plan is refused
		severity Severity
		column   string
		message  string // "" when no problem is expected
	}{
		{"name and code disagree",
			"teacher_id,to_school_id,to_school_name\n10002,4301000004,白水村教学点\n",
			[]Assignment{{Teacher: t2, To: 3, Line: 2}}, Warning, "to_school_name",
			"白水村教学点 is the name of 4301000005, not of 4301000004 in column to_school_id (石门乡中心小学); using the code 4301000004: edit both columns together"},
		{"name of no school",
			"教职工号,调入学校代码,调入学校名称\n10002,4301000004,石门小学\n",
			[]Assignment{{Teacher: t2, To: 3, Line: 2}}, Warning, "调入学校名称", "石门小学 is not the name of 4301000004 in column 调入学校代码 (石门乡中心小学); using the code 4301000004"},
		{"name without code",
			"教职工号,调入学校代码,调入学校名称\n10002,,石门乡中心小学\n",
			[]Assignment{{Teacher: t2, To: 3, Line: 2}}, Warning, "调入学校代码", "empty; using 4301000004 石门乡中心小学, the school of column 调入学校名称"},
		{"name and code agree",
			"教职工号,调入学校代码,调入学校名称\n10002,4301000004,石门乡中心小学\n",
			[]Assignment{{Teacher: t2, To: 3, Line: 2}}, Warning, "", ""},
		{"teacher number in scientific notation",
			"teacher_id,to_school_id\n1.0002E+04,4301000004\n", nil, Error, "teacher_id",
			"unknown teacher 1.0002E+04: not in the dataset; it looks like a number Excel wrote in scientific notation, which loses digits: format the column as text"},
		{"school code in scientific notation",
			"teacher_id,to_school_id\n10002,4.301E+09\n", nil, Error, "to_school_id", "scientific notation"},
		{"from school in scientific notation",
			"teacher_id,from_school_id,to_school_id\n10002,4.301E+09,4301000004\n", nil, Error, "from_school_id", "not 4.301E+09; it looks like a number Excel wrote"},
		{"identity number column of the rotation list",
			"序号,教职工号,姓名,身份证件号,调入学校代码\n1,10002,张涛,430102198601021886,4301000004\n",
			[]Assignment{{Teacher: t2, To: 3, Line: 2}}, Warning, "", ""},
		{"identity number of another teacher",
			"教职工号,姓名,身份证件号,调入学校代码\n10002,张涛,430102197502029469,4301000004\n",
			[]Assignment{{Teacher: t2, To: 3, Line: 2}}, Warning, "身份证件号", "not the identity number of teacher 10002 in the dataset; were the rows shifted"},
		{"identity number pasted as teacher number",
			"教职工号,调入学校代码\n" + idA + ",4301000004\n", nil, Error, "教职工号",
			"unknown teacher 439*************20: not in the dataset; it looks like an identity number (身份证件号)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, probs, err := ParseAssignments("plan.csv", []byte(tt.data), in, LoadOptions{})
			if tt.want == nil {
				var ie *InputError
				require.ErrorAs(t, err, &ie)
				assert.NotContains(t, ie.Error(), idA)
			} else {
				require.NoError(t, err, "problems:\n%s", problemList(probs))
				assert.Equal(t, tt.want, got)
			}
			for _, p := range probs {
				assert.NotRegexp(t, fullIDNumber, p.Value+p.Message+p.String())
			}
			if tt.message == "" {
				assert.Empty(t, probs, "got problems:\n%s", problemList(probs))
				return
			}
			assert.True(t, findProblem(probs, tt.severity, "plan.csv", 2, tt.column, tt.message),
				"got problems:\n%swant %s on line 2 column %q containing %q", problemList(probs), tt.severity, tt.column, tt.message)
		})
	}
}
