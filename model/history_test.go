package model

import (
	"errors"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// historyHeader is the header of history.csv in English.
const historyHeader = "teacher_id,to_school_id,start,end,kind,rural\n"

// planFS is the mini dataset of load_test.go planned for 2026-09, with the
// edits applied.
func planFS(t testing.TB, edits ...edit) fstest.MapFS {
	t.Helper()
	return miniFS(t, append([]edit{{"policy.toml", "", "plan_date = 2026-09-01\n"}}, edits...)...)
}

// servingT2 gives teacher T2 of the mini dataset the serving school s.
func servingT2(s string) []edit {
	return []edit{
		{"teachers.csv", "joined_school\n", "joined_school,serving_school_id\n"},
		{"teachers.csv", "county,2012-09\n", "county,2012-09," + s + "\n"},
	}
}

// TestDeriveHistory works the facts of history of one teacher by hand, plan
// date 2026-09, on a county built in code: S1 a town school, R1 a rural one.
func TestDeriveHistory(t *testing.T) {
	m := MonthOf
	tests := []struct {
		name       string
		post       string // the teacher's post school, S1 unless set
		title      Title
		stints     []Stint
		since      Month
		rural      int
		ongoing    bool
		returning  bool
		returnFrom int
		needsRural bool
	}{
		{name: "no stints", since: m(2010, 9), returnFrom: NoSchool},
		{
			name:   "returns at the plan date",
			stints: []Stint{{SchoolID: "R1", Start: m(2023, 9), End: m(2026, 9), Rural: true}},
			since:  m(2026, 9), rural: 36, returning: true, returnFrom: 1,
		},
		{
			name:   "returned 11 months ago",
			stints: []Stint{{SchoolID: "R1", Start: m(2022, 10), End: m(2025, 10), Rural: true}},
			since:  m(2025, 10), rural: 36, returning: true, returnFrom: 1,
		},
		{
			name:   "returned 12 months ago is no return",
			stints: []Stint{{SchoolID: "R1", Start: m(2022, 9), End: m(2025, 9), Rural: true}},
			since:  m(2025, 9), rural: 36, returnFrom: NoSchool,
		},
		{
			name:   "returning from a school no longer in schools.csv",
			stints: []Stint{{SchoolID: "CLOSED", Start: m(2024, 9), End: m(2026, 7), Rural: true}},
			since:  m(2026, 7), rural: 22, returning: true, returnFrom: NoSchool,
		},
		{
			name:   "ongoing from the plan date",
			stints: []Stint{{SchoolID: "R1", Start: m(2026, 9), End: m(2029, 9), Rural: true}},
			since:  m(2010, 9), rural: 0, ongoing: true, returnFrom: NoSchool,
		},
		{
			name:   "ongoing counts rural months up to the plan date",
			stints: []Stint{{SchoolID: "R1", Start: m(2025, 3), End: m(2026, 10), Rural: true}},
			since:  m(2010, 9), rural: 18, ongoing: true, returnFrom: NoSchool,
		},
		{
			name: "continuous service across two stints",
			stints: []Stint{
				{SchoolID: "R1", Start: m(2012, 9), End: m(2015, 8), Rural: true},
				{SchoolID: "R1", Start: m(2018, 9), End: m(2021, 8), Rural: true},
			},
			since: m(2021, 8), rural: 70, returnFrom: NoSchool,
		},
		{
			name:   "a stint before joining the post school",
			stints: []Stint{{SchoolID: "R1", Start: m(2005, 9), End: m(2008, 9), Rural: true}},
			since:  m(2010, 9), rural: 36, returnFrom: NoSchool,
		},
		{
			name:   "a stint after the plan date counts nothing",
			stints: []Stint{{SchoolID: "R1", Start: m(2027, 9), End: m(2030, 9), Rural: true}},
			since:  m(2010, 9), rural: 0, returnFrom: NoSchool,
		},
		{
			name:   "a stint at a town school is no rural service",
			stints: []Stint{{SchoolID: "S2", Start: m(2016, 9), End: m(2019, 9)}},
			since:  m(2019, 9), rural: 0, returnFrom: NoSchool,
		},
		{
			name:   "ongoing wins over returning",
			stints: []Stint{{SchoolID: "R1", Start: m(2024, 9), End: m(2026, 6), Rural: true}, {SchoolID: "S2", Start: m(2026, 6), End: m(2027, 6)}},
			since:  m(2026, 6), rural: 21, ongoing: true, returnFrom: NoSchool,
		},
		{name: "months at a rural post school", post: "R1", since: m(2010, 9), rural: 192, returnFrom: NoSchool},
		{
			name: "a rural post school's months leave out the stints away", post: "R1",
			stints: []Stint{{SchoolID: "S2", Start: m(2016, 9), End: m(2017, 9)}},
			since:  m(2017, 9), rural: 180, returnFrom: NoSchool,
		},
		{
			name: "first title short of a rural year", title: First,
			stints: []Stint{{SchoolID: "R1", Start: m(2014, 9), End: m(2015, 8), Rural: true}},
			since:  m(2015, 8), rural: 11, returnFrom: NoSchool, needsRural: true,
		},
		{
			name: "first title with a rural year", title: First,
			stints: []Stint{{SchoolID: "R1", Start: m(2014, 9), End: m(2015, 9), Rural: true}},
			since:  m(2015, 9), rural: 12, returnFrom: NoSchool,
		},
		{name: "senior title needs no rural year", title: Senior, since: m(2010, 9), returnFrom: NoSchool},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &Instance{
				Policy: DefaultPolicy(MonthOf(2026, 9)),
				Schools: []School{
					{ID: "S1", Type: PrimarySchool, Locale: Town},
					{ID: "R1", Type: PrimarySchool, Locale: Rural},
					{ID: "S2", Type: PrimarySchool, Locale: Urban},
				},
				Teachers: []Teacher{{ID: "T1", Birth: m(1980, 1), Joined: m(2010, 9), Title: tt.title}},
			}
			post := 0
			if tt.post == "R1" {
				post = 1
			}
			in.Teachers[0].School, in.Teachers[0].Serving = post, post
			for _, s := range tt.stints {
				s.TeacherID = "T1"
				in.History = append(in.History, s)
			}
			in.Index()
			tc := &in.Teachers[0]
			assert.Equal(t, tt.since, tc.ServiceSince, "service since: got %s, want %s", tc.ServiceSince, tt.since)
			assert.Equal(t, tt.rural, tc.RuralMonths, "rural months: got %d, want %d", tc.RuralMonths, tt.rural)
			assert.Equal(t, tt.ongoing, tc.OngoingStint, "ongoing: got %v, want %v", tc.OngoingStint, tt.ongoing)
			assert.Equal(t, tt.returning, tc.Returning, "returning: got %v, want %v", tc.Returning, tt.returning)
			assert.Equal(t, tt.returnFrom, tc.ReturnFrom, "return from: got %d, want %d", tc.ReturnFrom, tt.returnFrom)
			assert.Equal(t, tt.needsRural, tc.NeedsRuralForTitle(), "needs rural for title: got %v, want %v", tc.NeedsRuralForTitle(), tt.needsRural)
		})
	}
}

// TestIndexRederivesHistory checks that Index derives the facts again for
// a new plan date and follows teachers and schools by their codes when the
// slices are renumbered.
func TestIndexRederivesHistory(t *testing.T) {
	in := &Instance{
		Policy:   DefaultPolicy(MonthOf(2026, 9)),
		Schools:  []School{{ID: "S1", Locale: Town}, {ID: "R1", Locale: Rural}},
		Teachers: []Teacher{{ID: "T1", Joined: MonthOf(2010, 9), Serving: 0}, {ID: "T2", Joined: MonthOf(2008, 9), Serving: 0}},
		History:  []Stint{{TeacherID: "T2", SchoolID: "R1", Start: MonthOf(2024, 9), End: MonthOf(2027, 9), Rural: true}},
	}
	in.Index()
	require.True(t, in.Teachers[1].OngoingStint)
	assert.Equal(t, MonthOf(2008, 9), in.Teachers[1].ServiceSince)

	in.Policy.PlanDate = MonthOf(2027, 9)
	in.Index()
	tc := in.Teachers[1]
	assert.False(t, tc.OngoingStint, "got ongoing after the stint's end")
	assert.True(t, tc.Returning, "got not returning at the stint's end")
	assert.Equal(t, 1, tc.ReturnFrom)
	assert.Equal(t, MonthOf(2027, 9), tc.ServiceSince)

	// T1 leaves, R1 moves to the front: T2 is now teacher 0, R1 school 0.
	in.Teachers = in.Teachers[1:]
	in.Schools = []School{in.Schools[1], in.Schools[0]}
	in.Index()
	assert.True(t, in.Teachers[0].Returning)
	assert.Equal(t, 0, in.Teachers[0].ReturnFrom, "got return from school %d, want R1 at 0", in.Teachers[0].ReturnFrom)
	assert.Len(t, in.StintsOf(0), 1)
	assert.Nil(t, in.StintsOf(1))
}

// TestLoadHistory loads stints with English and Chinese headers and values
// and checks the rows and the serving schools they set.
func TestLoadHistory(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		history string
		edits   []edit
		want    []Stint
		serving string // T2's serving school after the load
	}{
		{
			name: "past stint at a school no longer in schools.csv", file: "history.csv",
			history: historyHeader + "T2,OLD1,2014-09,2017-08,支教,\n",
			want:    []Stint{{TeacherID: "T2", SchoolID: "OLD1", Start: MonthOf(2014, 9), End: MonthOf(2017, 8), Kind: StintSupport, Line: 2}},
			serving: "S1",
		},
		{
			name: "unknown school marked rural", file: "history.csv",
			history: historyHeader + "T2,OLD1,2014-09,2017-08,,是\n",
			want:    []Stint{{TeacherID: "T2", SchoolID: "OLD1", Start: MonthOf(2014, 9), End: MonthOf(2017, 8), Rural: true, Line: 2}},
			serving: "S1",
		},
		{
			name: "rural from schools.csv, end from stint_years", file: "history.csv",
			history: historyHeader + "T2,S2,2016-09,,shared,\n",
			want:    []Stint{{TeacherID: "T2", SchoolID: "S2", Start: MonthOf(2016, 9), End: MonthOf(2019, 9), OpenEnd: true, Kind: StintShared, Rural: true, Line: 2}},
			serving: "S1",
		},
		{
			name: "rural column overrides schools.csv", file: "history.csv",
			history: historyHeader + "T2,S2,2016-09,2017-09,group,no\n",
			want:    []Stint{{TeacherID: "T2", SchoolID: "S2", Start: MonthOf(2016, 9), End: MonthOf(2017, 9), Kind: StintGroup, Line: 2}},
			serving: "S1",
		},
		{
			name: "ongoing stint sets the serving school", file: "history.csv",
			history: historyHeader + "T2,S2,2025-09,,,\n",
			want:    []Stint{{TeacherID: "T2", SchoolID: "S2", Start: MonthOf(2025, 9), End: MonthOf(2028, 9), OpenEnd: true, Rural: true, Line: 2}},
			serving: "S2",
		},
		{
			name: "returning stint sets the serving school", file: "history.csv",
			history: historyHeader + "T2,S2,2023-09,2026-08,,\n",
			want:    []Stint{{TeacherID: "T2", SchoolID: "S2", Start: MonthOf(2023, 9), End: MonthOf(2026, 8), Rural: true, Line: 2}},
			serving: "S2",
		},
		{
			name: "ongoing stint agrees with serving_school_id", file: "history.csv",
			history: historyHeader + "T2,S2,2025-09,2027-09,,\n", edits: servingT2("S2"),
			want:    []Stint{{TeacherID: "T2", SchoolID: "S2", Start: MonthOf(2025, 9), End: MonthOf(2027, 9), Rural: true, Line: 2}},
			serving: "S2",
		},
		{
			name: "Chinese file, headers and values", file: "交流记录.csv",
			history: "教职工号,交流学校代码,开始年月,结束年月,交流方式,乡村或薄弱\nT2,S2,2014年9月,2017年8月,其他,否\n",
			want:    []Stint{{TeacherID: "T2", SchoolID: "S2", Start: MonthOf(2014, 9), End: MonthOf(2017, 8), Kind: StintOther, Line: 2}},
			serving: "S1",
		},
		{name: "header only", file: "history.csv", history: historyHeader, want: []Stint{}, serving: "S1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := planFS(t, append(tt.edits, edit{tt.file, "", tt.history})...)
			in, probs, err := LoadFS(fsys, LoadOptions{})
			require.NoError(t, err, "problems:\n%s", problemList(probs))
			for _, p := range probs {
				assert.NotEqual(t, tt.file, p.File, "got problem %s, want none", p)
			}
			assert.Equal(t, tt.want, in.History)
			t2, _ := in.TeacherByID("T2")
			want, _ := in.SchoolByID(tt.serving)
			assert.Equal(t, want, in.Teachers[t2].Serving, "serving: got %d, want %d", in.Teachers[t2].Serving, want)
			require.Len(t, in.Files, 4)
			assert.Equal(t, tt.file, in.Files[3].Name)
		})
	}
}

// TestLoadWithoutHistory checks that a dataset without history.csv gives
// every teacher the facts of no stints.
func TestLoadWithoutHistory(t *testing.T) {
	in, _, err := Load(countyDir, LoadOptions{})
	require.NoError(t, err)
	assert.Nil(t, in.History)
	assert.Nil(t, in.Wishes)
	for _, tc := range in.Teachers {
		assert.Equal(t, tc.Joined, tc.ServiceSince, "teacher %s: got service since %s, want %s", tc.ID, tc.ServiceSince, tc.Joined)
		assert.False(t, tc.OngoingStint || tc.Returning, "teacher %s on a stint", tc.ID)
		assert.Equal(t, NoSchool, tc.ReturnFrom)
		wantRural := 0
		if in.Schools[tc.School].IsReceiver() {
			wantRural = max(0, int(in.Policy.PlanDate-tc.Joined))
		}
		assert.Equal(t, wantRural, tc.RuralMonths, "teacher %s: got %d rural months, want %d", tc.ID, tc.RuralMonths, wantRural)
	}
}

func TestLoadHistoryProblems(t *testing.T) {
	tests := []struct {
		name     string
		history  string // rows below historyHeader
		edits    []edit
		severity Severity
		line     int
		column   string
		message  string
	}{
		{"missing teacher", ",S2,2014-09,2017-08,,\n", nil, Error, 2, "teacher_id", "missing value"},
		{"unknown teacher", "T9,S2,2014-09,2017-08,,\n", nil, Error, 2, "teacher_id", "unknown teacher T9: not in the teachers file"},
		{"teacher number without its leading zeros", "7,S2,2014-09,2017-08,,\n", []edit{{"teachers.csv", "T2,李四", "007,李四"}}, Error, 2, "teacher_id",
			"unknown teacher 7: not in the teachers file; teacher 007 has the same digits: Excel drops the leading zeros of a number"},
		{"missing school", "T2,,2014-09,2017-08,,\n", nil, Error, 2, "to_school_id", "missing value"},
		{"missing start", "T2,S2,,2017-08,,\n", nil, Error, 2, "start", "missing value, want a date"},
		{"identity number for a school gone", "T2,439901199001238120,2023-09,2026-09,,\n", nil, Error, 2, "to_school_id",
			"school 439*************20 is not in schools.csv; it looks like an identity number (身份证件号)"},
		{"bad start", "T2,S2,2014-13,2017-08,,\n", nil, Error, 2, "start", `got "2014-13", want a date`},
		{"bad end", "T2,S2,2014-09,soon,,\n", nil, Error, 2, "end", `got "soon", want a date`},
		{"end before start", "T2,S2,2014-09,2013-08,,\n", nil, Error, 2, "end", "ends in 2013-08, not after its start 2014-09"},
		{"end at start", "T2,S2,2014-09,2014-09,,\n", nil, Error, 2, "end", "not after its start"},
		{"unknown kind", "T2,S2,2014-09,2017-08,调动,\n", nil, Error, 2, "kind", `got "调动", want one of rotation/交流轮岗`},
		{"bad rural", "T2,S2,2014-09,2017-08,,maybe\n", nil, Error, 2, "rural", "want 是/否"},
		{"start before birth", "T2,S2,1984-09,1987-08,,\n", nil, Error, 2, "start", "starts in 1984-09, before the birth date 1985-05 of teacher T2"},
		{"stint at the post school", "T2,S1,2014-09,2017-08,,\n", nil, Error, 2, "to_school_id", "teacher T2 holds the post at S1 since 2012-09; a stint is served at another school"},
		{"overlapping stints", "T2,S2,2014-09,2017-08,,\nT1,S2,2014-09,2017-08,,\nT2,OLD,2017-07,2018-08,,\n", nil,
			Error, 4, "start", "stint of teacher T2 at OLD from 2017-07 to 2018-08 overlaps the stint at S2 from 2014-09 to 2017-08 on line 2"},
		{"same stint twice", "T2,S2,2014-09,2017-08,,\nT2,S2,2014-09,2017-08,,\n", nil,
			Error, 3, "start", "overlaps the stint at S2 from 2014-09 to 2017-08 on line 2"},
		{"ongoing stint disagrees with serving_school_id", "T2,OLD,2025-09,,,\n", servingT2("S2"),
			Error, 2, "to_school_id", "the ongoing stint of teacher T2 (2025-09 to 2028-09) is at OLD, but teachers.csv line 3 gives serving_school_id (现任教学校) S2: the two must agree"},
		{"returning stint disagrees with serving_school_id", "T2,OLD,2023-09,2026-09,,\n", servingT2("S2"),
			Error, 2, "to_school_id", "the stint of teacher T2 that ends by the plan date (2023-09 to 2026-09) is at OLD, but teachers.csv line 3 gives serving_school_id (现任教学校) S2"},
		{"ongoing stint while serving_school_id names the post school", "T2,S2,2025-09,,,\n", servingT2("S1"),
			Error, 2, "to_school_id", "the ongoing stint of teacher T2 (2025-09 to 2028-09) is at S2, but teachers.csv line 3 gives serving_school_id (现任教学校) S1: the two must agree"},
		{"returning stint while serving_school_id names the post school", "T2,S2,2023-09,2026-08,,\n", servingT2("S1"),
			Error, 2, "to_school_id", "the stint of teacher T2 that ends by the plan date (2023-09 to 2026-08) is at S2, but teachers.csv line 3 gives serving_school_id (现任教学校) S1"},
		{"ongoing stint at a school of another stage", "T2,S3,2025-09,,,\n", nil,
			Error, 2, "to_school_id", "the ongoing stint of teacher T2 is at S3 城关中学, a junior (初中) school that teaches no primary (小学) stage"},
		{"ongoing stint at a school not in schools.csv", "T2,OUT1,2025-09,,支教,\n", nil,
			Warning, 2, "to_school_id", "the ongoing stint of teacher T2 is at OUT1, which is not in schools.csv: the teacher is not eligible this year but counts at the post school S1"},
		{"returning stint at a school not in schools.csv", "T2,OUT1,2023-09,2026-08,支教,\n", nil,
			Warning, 2, "to_school_id", "the stint of teacher T2 that ends by the plan date is at OUT1, which is not in schools.csv: the teacher counts at the post school S1 in the current standing too"},
		{"school by its name", "T2,乡村小学,2014-09,2017-08,,\n", nil,
			Warning, 2, "to_school_id", "乡村小学 is the name of school S2, not a code: the stint is read as at S2; give the code (学校代码)"},
		{"school by a shared name", "T2,城关小学,2014-09,2017-08,,\n", []edit{{"schools.csv", "S3,城关中学", "S3,城关小学"}},
			Error, 2, "to_school_id", "城关小学 is the name of 2 schools, not a code: give the code (学校代码) of the school"},
		{"stint after the plan date", "T2,S2,2027-09,,,\n", nil,
			Warning, 2, "start", "starts in 2027-09, after the plan date 2026-09"},
		{"missing column", "", []edit{{"history.csv", "", "teacher_id,start\n"}},
			Error, 1, "", "missing required column to_school_id (交流学校代码)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := historyHeader + tt.history
			if tt.history == "" {
				file = ""
			}
			_, probs, err := LoadFS(planFS(t, append(tt.edits, edit{"history.csv", "", file})...), LoadOptions{})
			if tt.severity == Error {
				var ie *InputError
				require.ErrorAs(t, err, &ie)
			} else {
				require.NoError(t, err, "problems:\n%s", problemList(probs))
			}
			assert.True(t, findProblem(probs, tt.severity, "history.csv", tt.line, tt.column, tt.message),
				"got problems:\n%swant %s history.csv:%d column %q containing %q", problemList(probs), tt.severity, tt.line, tt.column, tt.message)
		})
	}
}

// TestLoadHistoryBad loads a dataset whose history.csv and wishes.csv hold
// one problem a row, and checks that every row is reported.
func TestLoadHistoryBad(t *testing.T) {
	in, probs, err := Load("testdata/history-bad", LoadOptions{})
	require.Error(t, err)
	require.Nil(t, in)
	var got []string
	for _, p := range probs {
		if p.File == "history.csv" || p.File == "wishes.csv" {
			got = append(got, p.String())
		}
	}
	want := []string{
		"history.csv:2: column teacher_id: error: unknown teacher X9: not in the teachers file",
		"history.csv:3: column end: error: ends in 2015-08, not after its start 2016-09: want the month the teacher is back at the post school",
		"history.csv:4: column kind: error: got \"借调\", want one of rotation/交流轮岗, support/支教, shared/走教, group/集团内交流, other/其他",
		"history.csv:6: column start: error: stint of teacher A at R1 from 2014-09 to 2016-09 overlaps the stint at R2 from 2012-09 to 2015-08 on line 5: a teacher serves one stint at a time",
		"history.csv:7: column to_school_id: error: the ongoing stint of teacher B (2025-09 to 2028-09) is at R2, but teachers.csv line 3 gives serving_school_id (现任教学校) R1: the two must agree",
		"history.csv:8: column to_school_id: warning: the ongoing stint of teacher C is at ELSEWHERE, which is not in schools.csv: the teacher is not eligible this year but counts at the post school S1",
		"wishes.csv:2: column school_id: error: unknown school R9: not in schools.csv",
		"wishes.csv:3: column school_id: error: school S2 城南小学 cannot receive teachers: it is neither rural nor weak (urban_rural, weak), and only rural or weak schools receive teachers",
		"wishes.csv:4: column rank: error: got \"0\", want the rank of the wish: an integer ≥ 1, 1 for the first",
		"wishes.csv:6: column rank: error: teacher A gives rank 1 twice, first on line 5: each wish has its own rank",
		"wishes.csv:7: column school_id: error: teacher A wishes for school R1 twice, first on line 5",
		"wishes.csv:8: column school_id: error: school J1 河口初中 is a junior (初中) school and teaches no primary (小学) stage, the stage of teacher D",
		"wishes.csv:9: column teacher_id: error: unknown teacher X9: not in the teachers file",
	}
	assert.Equal(t, want, got)
}

// FuzzLoadHistory loads random history files beside the mini dataset: the
// load never panics, and what it accepts is consistent.
func FuzzLoadHistory(f *testing.F) {
	f.Add([]byte(historyHeader + "T2,S2,2014-09,2017-08,支教,\nT1,OLD,2024-09,,,是\n"))
	f.Add([]byte(historyHeader + "T2,S2,2025-09,,,\nT2,S2,2019-09,2022-08,,\n"))
	f.Add([]byte(historyHeader + "T2,S2,2023-09,2026-09,,\nT3,S1,2020-09,2021-09,group,\n"))
	f.Add([]byte("教职工号,交流学校代码,开始年月\nT4,S3,2020年9月\n"))
	f.Add([]byte(historyHeader + "T2,S3,2025-09,,,\nT1,S2,2026-09,2026-08,,\n"))
	f.Add([]byte(historyHeader))
	f.Fuzz(func(t *testing.T, history []byte) {
		fsys := planFS(t)
		fsys["history.csv"] = &fstest.MapFile{Data: history}
		in, probs, err := LoadFS(fsys, LoadOptions{})
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || len(probs.Errors()) == 0 || in != nil {
				t.Fatalf("got %v with %d errors", err, len(probs.Errors()))
			}
			return
		}
		p := in.Policy.PlanDate
		for _, s := range in.History {
			ti, ok := in.TeacherByID(s.TeacherID)
			if !ok {
				t.Fatalf("stint on line %d of unknown teacher %q", s.Line, s.TeacherID)
			}
			if s.End <= s.Start {
				t.Fatalf("stint on line %d ends %s, not after %s", s.Line, s.End, s.Start)
			}
			for _, o := range in.StintsOf(ti) {
				if o.Line != s.Line && o.Start < s.End && s.Start < o.End {
					t.Fatalf("stints on lines %d and %d overlap", s.Line, o.Line)
				}
			}
		}
		for _, tc := range in.Teachers {
			if tc.Serving < 0 || tc.Serving >= len(in.Schools) || !in.Schools[tc.Serving].Teaches(tc.Stage) {
				t.Fatalf("teacher %s serves at school %d", tc.ID, tc.Serving)
			}
			if tc.ServiceSince < tc.Joined || tc.ServiceSince > max(p, tc.Joined) {
				t.Fatalf("teacher %s: service since %s, joined %s", tc.ID, tc.ServiceSince, tc.Joined)
			}
			if tc.RuralMonths < 0 || (tc.OngoingStint && tc.Returning) {
				t.Fatalf("teacher %s: %d rural months, ongoing %v, returning %v", tc.ID, tc.RuralMonths, tc.OngoingStint, tc.Returning)
			}
			if tc.ReturnFrom != NoSchool && (!tc.Returning || tc.ReturnFrom < 0 || tc.ReturnFrom >= len(in.Schools)) {
				t.Fatalf("teacher %s returns from %d", tc.ID, tc.ReturnFrom)
			}
		}
	})
}

// TestServeAtPlanDate moves the current year of a county planned for
// 2026-09 to 2027-09 and 2028-09, teacher by teacher (S1 the post school
// of all, R1 and R2 rural, X a school R3 that left schools.csv):
//   - T1 on a stint at R1 until 2027-07 serves there in 2026-27 and in
//     2027-28's current standing (returning), and home in 2028-29;
//   - T2 returned from R2 in 2026-07 (serving R2 in the current standing)
//     is home in 2027-28;
//   - T3 serves at R2 with no stint to say why: kept;
//   - T4, at home, goes on a stint at R1 from 2027-03: there in 2027-28;
//   - T5's stint of 2027-28 is at R3, no longer in schools.csv: counted at
//     the post school, as loading does.
func TestServeAtPlanDate(t *testing.T) {
	m := MonthOf
	build := func() *Instance {
		in := &Instance{
			Policy: DefaultPolicy(m(2026, 9)),
			Schools: []School{
				{ID: "S1", Type: PrimarySchool, Locale: Town},
				{ID: "R1", Type: PrimarySchool, Locale: Rural},
				{ID: "R2", Type: PrimarySchool, Locale: Rural},
			},
			History: []Stint{
				{TeacherID: "T1", SchoolID: "R1", Start: m(2025, 9), End: m(2027, 7), Rural: true},
				{TeacherID: "T2", SchoolID: "R2", Start: m(2023, 9), End: m(2026, 7), Rural: true},
				{TeacherID: "T4", SchoolID: "R1", Start: m(2027, 3), End: m(2029, 3), Rural: true},
				{TeacherID: "T5", SchoolID: "R3", Start: m(2027, 3), End: m(2029, 3), Rural: true},
			},
		}
		for i, serving := range []int{1, 2, 2, 0, 0} {
			in.Teachers = append(in.Teachers, Teacher{ID: fmt.Sprintf("T%d", i+1), Stage: Primary, Joined: m(2010, 9), School: 0, Serving: serving})
		}
		in.Index()
		return in
	}
	serving := func(in *Instance) []int {
		var out []int
		for _, tc := range in.Teachers {
			out = append(out, tc.Serving)
		}
		return out
	}

	in := build()
	assert.Zero(t, in.ServeAtPlanDate(m(2026, 9)), "the same plan date changes nothing")
	assert.Equal(t, []int{1, 2, 2, 0, 0}, serving(in))

	in.Policy.PlanDate = m(2027, 9)
	in.Index()
	assert.Equal(t, 2, in.ServeAtPlanDate(m(2026, 9)), "T2 home, T4 to R1")
	assert.Equal(t, []int{1, 0, 2, 1, 0}, serving(in), "serving schools in 2027-28's current standing")
	assert.True(t, in.Teachers[0].Returning, "T1 returns in 2027-28")
	assert.True(t, in.Teachers[3].OngoingStint, "T4 is on its stint")

	in = build()
	in.Policy.PlanDate = m(2028, 9)
	in.Index()
	in.ServeAtPlanDate(m(2026, 9))
	assert.Equal(t, []int{0, 0, 2, 1, 0}, serving(in), "serving schools in 2028-29's current standing")
	assert.False(t, in.Teachers[0].Returning, "T1 came back more than a year before")
}
