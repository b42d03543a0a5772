package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// xlsxSearch are the search flags of the workbook tests: a small budget,
// reproducible.
var xlsxSearch = []string{"--iterations", "2000", "--time-limit", "0", "--threads", "2", "--seed", "1"}

// xlsxRun is one plan run of the sample county with --out and --xlsx.
type xlsxRun struct {
	out  string // the plan folder
	xlsx string // the workbook
	r    result
}

// xlsxRuns makes the plan runs of the workbook tests once per set of
// flags, in the temporary folder of the parent test.
type xlsxRuns struct {
	dir  string
	mu   sync.Mutex
	runs map[string]*xlsxRun
}

// get plans the sample county with --out, --xlsx and the extra flags, once
// per set of flags; tests must not change the files.
func (xs *xlsxRuns) get(t *testing.T, extra ...string) *xlsxRun {
	t.Helper()
	xs.mu.Lock()
	defer xs.mu.Unlock()
	key := strings.Join(extra, " ")
	if x, ok := xs.runs[key]; ok {
		return x
	}
	dir := filepath.Join(xs.dir, strconv.Itoa(len(xs.runs)))
	require.NoError(t, os.Mkdir(dir, 0o755))
	x := &xlsxRun{out: filepath.Join(dir, "plan"), xlsx: filepath.Join(dir, "plan.xlsx")}
	args := append([]string{"plan", sampleCounty, "--out", x.out, "--xlsx", x.xlsx}, xlsxSearch...)
	x.r = run(t, append(args, extra...)...)
	require.Equal(t, exitOK, x.r.code, "got exit %d, want 0; stderr:\n%s", x.r.code, x.r.stderr)
	xs.runs[key] = x
	return x
}

// TestXLSX runs the tests of the workbook and the privacy flags on shared
// plan runs of the sample county.
func TestXLSX(t *testing.T) {
	xs := &xlsxRuns{dir: t.TempDir(), runs: map[string]*xlsxRun{}}
	for _, tt := range []struct {
		name string
		test func(*testing.T, *xlsxRuns)
	}{
		{"SheetsAndHeaders", testXLSXSheetsAndHeaders},
		{"PageSetup", testXLSXPageSetup},
		{"Properties", testXLSXProperties},
		{"Documents", testXLSXDocuments},
		{"ReadsBackAsPlan", testXLSXReadsBackAsPlan},
		{"RotationListMatchesCSV", testXLSXRotationListMatchesCSV},
		{"TextCells", testXLSXTextCells},
		{"FullPrecision", testXLSXFullPrecision},
		{"Highlights", testXLSXHighlights},
		{"Summary", testXLSXSummary},
		{"Deterministic", testXLSXDeterministic},
		{"ScoreViolations", testScoreXLSXViolations},
		{"Atomic", testXLSXAtomic},
		{"Pseudonymize", testPseudonymize},
		{"IDNumbers", testIDNumbers},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.test(t, xs) })
	}
}

func openXLSX(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

// xlsxReadCSV reads a UTF-8 CSV with BOM.
func xlsxReadCSV(t *testing.T, path string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte(document.UTF8BOM)))).ReadAll()
	require.NoError(t, err)
	return recs
}

// sampleTeachers returns the name and id_number columns of the sample
// county's teachers.csv.
func sampleTeachers(t *testing.T) (names, idNumbers []string) {
	t.Helper()
	recs := xlsxReadCSV(t, filepath.Join(sampleCounty, "teachers.csv"))
	require.NotEmpty(t, recs)
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	require.Contains(t, col, "name")
	require.Contains(t, col, "id_number")
	for _, r := range recs[1:] {
		names = append(names, r[col["name"]])
		if v := r[col["id_number"]]; v != "" {
			idNumbers = append(idNumbers, v)
		}
	}
	require.NotEmpty(t, idNumbers, "the sample county has identity numbers")
	return names, idNumbers
}

// allCells returns every cell value of every sheet of a workbook, one
// string per sheet with the cells separated by tabs and newlines.
func allCells(t *testing.T, path string) string {
	t.Helper()
	f := openXLSX(t, path)
	var b strings.Builder
	for _, s := range f.GetSheetList() {
		rows, err := f.GetRows(s)
		require.NoError(t, err)
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t"))
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// xlsxSheets are the sheets of the workbook in order, and the tables
// among them (a header row, frozen, with an auto filter).
var xlsxSheets = map[string]struct{ all, tables []string }{
	"zh": {[]string{"交流名单", "报批表", "公示名单", "学校明细", "学校指标", "县域汇总", "违规", "积分表", "优先顺序投诉", "学区与集团", "校长交流", "符合条件教师名单"},
		[]string{"交流名单", "学校指标", "县域汇总", "违规", "积分表", "优先顺序投诉", "学区与集团", "校长交流", "符合条件教师名单"}},
	"en": {[]string{"Rotation list", "Approval form", "Public notice", "School pages", "Schools", "County summary", "Violations", "Points", "Complaints", "Structures", "Principals", "Eligibility"},
		[]string{"Rotation list", "Schools", "County summary", "Violations", "Points", "Complaints", "Structures", "Principals", "Eligibility"}},
}

func testXLSXSheetsAndHeaders(t *testing.T, xs *xlsxRuns) {
	tests := []struct {
		name  string
		lang  []string
		heads map[string][]string // first header cells per table sheet
	}{
		{"zh", nil, map[string][]string{
			"交流名单": {"序号", "教职工号", "姓名", "性别"},
			"学校指标": {"学校代码", "学校名称", "学段", "在校生"},
			"县域汇总": {"类别", "项目", "学段", "前", "后", "标准或限值"},
			"违规":   {"约束", "代码", "总量", "加权", "学校代码"},
		}},
		{"en", []string{"--lang", "en"}, map[string][]string{
			"Rotation list":  {"no", "teacher_id", "name", "gender"},
			"Schools":        {"school_id", "name", "stage", "students"},
			"County summary": {"section", "item", "stage", "before", "after"},
			"Violations":     {"constraint", "code", "amount", "weighted", "school_id"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := xs.get(t, tt.lang...)
			f := openXLSX(t, x.xlsx)
			sheets := xlsxSheets[tt.name]
			assert.Equal(t, sheets.all, f.GetSheetList())
			for s, want := range tt.heads {
				rows, err := f.GetRows(s)
				require.NoError(t, err)
				require.NotEmpty(t, rows, "sheet %s", s)
				assert.Equal(t, want, rows[0][:len(want)], "sheet %s", s)
			}
			for _, s := range sheets.all {
				p, err := f.GetPanes(s)
				require.NoError(t, err)
				assert.True(t, p.Freeze, "sheet %s: got no frozen pane", s)
			}
			for _, s := range sheets.tables {
				p, err := f.GetPanes(s)
				require.NoError(t, err)
				assert.Equal(t, 1, p.YSplit, "sheet %s: frozen rows", s)
			}
			filters := map[string]bool{}
			for _, d := range f.GetDefinedName() {
				if d.Name == "_xlnm._FilterDatabase" {
					filters[d.Scope] = true
				}
			}
			for _, s := range sheets.tables {
				assert.True(t, filters[s], "sheet %s: got no auto filter", s)
			}
		})
	}
}

// testXLSXPageSetup checks that every sheet prints on A4 landscape, fit to
// the page width, with page numbers and its header rows on every page.
func testXLSXPageSetup(t *testing.T, xs *xlsxRuns) {
	x := xs.get(t)
	f := openXLSX(t, x.xlsx)
	titles := map[string]string{}
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm.Print_Titles" {
			titles[d.Scope] = d.RefersTo
		}
	}
	for _, s := range f.GetSheetList() {
		t.Run(s, func(t *testing.T) {
			pl, err := f.GetPageLayout(s)
			require.NoError(t, err)
			assert.Equal(t, "landscape", *pl.Orientation)
			assert.Equal(t, 9, *pl.Size, "paper size: got %d, want 9 (A4)", *pl.Size)
			if assert.NotNil(t, pl.FitToWidth, "fit to width") {
				assert.Equal(t, 1, *pl.FitToWidth)
			}
			if assert.NotNil(t, pl.FitToHeight, "fit to height") {
				assert.Equal(t, 0, *pl.FitToHeight)
			}
			props, err := f.GetSheetProps(s)
			require.NoError(t, err)
			if assert.NotNil(t, props.FitToPage) {
				assert.True(t, *props.FitToPage)
			}
			assert.Regexp(t, `^'`+s+`'!\$\d+:\$\d+$`, titles[s], "print titles: rows repeated on every page")
			hf, err := f.GetHeaderFooter(s)
			require.NoError(t, err)
			if assert.NotNil(t, hf) {
				assert.Contains(t, hf.OddFooter, "&P")
				assert.Contains(t, hf.OddFooter, "&N")
			}
			dim, err := f.GetSheetDimension(s)
			require.NoError(t, err)
			rows, err := f.GetRows(s)
			require.NoError(t, err)
			assert.Regexp(t, `^A1:[A-Z]+`+strconv.Itoa(len(rows))+`$`, dim, "the used range covers every row")
		})
	}
}

// testXLSXProperties checks the document properties taken from the
// sample county's policy.toml: the title, the issuing unit as author, and
// the plan date rather than excelize's defaults.
func testXLSXProperties(t *testing.T, xs *xlsxRuns) {
	x := xs.get(t)
	f := openXLSX(t, x.xlsx)
	p, err := f.GetDocProps()
	require.NoError(t, err)
	assert.Equal(t, "顺林县教育局", p.Creator)
	assert.Equal(t, "顺林县2026年义务教育学校教师交流轮岗名单", p.Title)
	assert.Equal(t, "2026-09-01T00:00:00Z", p.Created, "plan_date of the sample county")
	assert.NotContains(t, p.Created, "2006")
	assert.NotEqual(t, "xuri", p.LastModifiedBy)
}

// testXLSXDocuments checks the approval form and the public notice of the
// sample county's plan.
func testXLSXDocuments(t *testing.T, xs *xlsxRuns) {
	x := xs.get(t)
	f := openXLSX(t, x.xlsx)
	plan := xlsxReadCSV(t, filepath.Join(x.out, "plan.csv"))
	moves := len(plan) - 1

	rows, err := f.GetRows("报批表")
	require.NoError(t, err)
	assert.Equal(t, "顺林县2026年义务教育学校教师交流轮岗名单", rows[0][0])
	assert.Contains(t, rows[1][0], "顺林县教育局")
	assert.Contains(t, strings.Join(rows[2], "|"), "交流期限：3年")
	assert.Contains(t, strings.Join(rows[2], "|"), "交流方式：交流轮岗")
	require.Len(t, rows, 4+moves+2, "title, 2 lines, header, the list, a blank row and the signatures")
	for i, r := range rows[4 : 4+moves] {
		assert.Equal(t, plan[i+1][2], r[1], "row %d: the name", i+1)
	}
	sig := strings.Join(rows[len(rows)-1], "|")
	for _, w := range []string{"经办人", "审核人", "单位负责人", "日期"} {
		assert.Contains(t, sig, w)
	}

	rows, err = f.GetRows("公示名单")
	require.NoError(t, err)
	assert.Equal(t, []string{"姓名", "原学校", "交流学校", "学科", "学段"}, rows[1])
	for i, r := range rows[2 : 2+moves] {
		p := plan[i+1]
		assert.Equal(t, []string{p[2], p[10], p[12], p[5], p[4]}, r, "row %d", i+1)
	}
	dim, err := f.GetSheetDimension("公示名单")
	require.NoError(t, err)
	assert.Regexp(t, `^A1:E\d+$`, dim, "five columns")
	text := strings.Join(slices.Concat(rows...), "|")
	assert.Contains(t, text, "公示期为5个工作日")
	assert.Contains(t, text, "顺林县教育局人事股")
}

// testXLSXReadsBackAsPlan checks that the workbook reads back as the plan
// it shows: score --plan takes its first sheet, the rotation list.
func testXLSXReadsBackAsPlan(t *testing.T, xs *xlsxRuns) {
	x := xs.get(t)
	score := func(plan string) solver.Report {
		t.Helper()
		r := run(t, "score", sampleCounty, "--plan", plan, "--json")
		require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
		var out struct{ Report solver.Report }
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
		return out.Report
	}
	fromCSV, fromXLSX := score(filepath.Join(x.out, "plan.csv")), score(x.xlsx)
	assert.Equal(t, fromCSV.Score, fromXLSX.Score)
	assert.Equal(t, fromCSV.Quota, fromXLSX.Quota)
}

// TestXLSXRotationListMatchesCSV checks that the rotation list of the
// workbook shows what plan.csv holds, cell for cell.
func testXLSXRotationListMatchesCSV(t *testing.T, xs *xlsxRuns) {
	x := xs.get(t)
	f := openXLSX(t, x.xlsx)
	rows, err := f.GetRows("交流名单")
	require.NoError(t, err)
	want := xlsxReadCSV(t, filepath.Join(x.out, "plan.csv"))
	require.Greater(t, len(want), 1, "the plan moves someone")
	assert.Equal(t, want, rows)
}

func testXLSXTextCells(t *testing.T, xs *xlsxRuns) {
	x := xs.get(t)
	f := openXLSX(t, x.xlsx)
	isText := func(sheet, cell string) {
		t.Helper()
		typ, err := f.GetCellType(sheet, cell)
		require.NoError(t, err)
		assert.Contains(t, []excelize.CellType{excelize.CellTypeSharedString, excelize.CellTypeInlineString}, typ,
			"%s!%s: got cell type %v, want a string", sheet, cell, typ)
		id, err := f.GetCellStyle(sheet, cell)
		require.NoError(t, err)
		st, err := f.GetStyle(id)
		require.NoError(t, err)
		if assert.NotNil(t, st.CustomNumFmt, "%s!%s: got no number format, want @", sheet, cell) {
			assert.Equal(t, "@", *st.CustomNumFmt)
		}
	}
	for _, c := range []string{"B2", "J2", "L2"} { // 教职工号, 调出学校代码, 调入学校代码
		isText("交流名单", c)
	}
	isText("学校指标", "A2")
	v, err := f.GetCellValue("交流名单", "B2")
	require.NoError(t, err)
	assert.Regexp(t, `^\d+$`, v, "a teacher ID of the sample county is all digits")
	typ, err := f.GetCellType("交流名单", "N2") // 距离公里
	require.NoError(t, err)
	// excelize writes numbers without a type attribute: unset means number.
	assert.Contains(t, []excelize.CellType{excelize.CellTypeNumber, excelize.CellTypeUnset}, typ, "km: got %v, want a number", typ)
}

// cfRules are the conditional formats of a sheet that cover a cell.
func cfRules(t *testing.T, f *excelize.File, sheet, cell string) []excelize.ConditionalFormatOptions {
	t.Helper()
	cfs, err := f.GetConditionalFormats(sheet)
	require.NoError(t, err)
	col, row, err := excelize.CellNameToCoordinates(cell)
	require.NoError(t, err)
	var out []excelize.ConditionalFormatOptions
	for sqref, rules := range cfs {
		for _, rng := range strings.Fields(sqref) {
			from, to, _ := strings.Cut(rng, ":")
			if to == "" {
				to = from
			}
			c0, r0, err := excelize.CellNameToCoordinates(from)
			require.NoError(t, err)
			c1, r1, err := excelize.CellNameToCoordinates(to)
			require.NoError(t, err)
			if c0 <= col && col <= c1 && r0 <= row && row <= r1 {
				out = append(out, rules...)
			}
		}
	}
	return out
}

// assertHighlight checks that one conditional format in Excel's "Bad" red
// covers the cell, with the formula want for the top-left cell of its
// range, and that the cell has no fill of its own, which an edit would not
// clear.
func assertHighlight(t *testing.T, f *excelize.File, sheet, cell, want string) {
	t.Helper()
	rules := cfRules(t, f, sheet, cell)
	if assert.Len(t, rules, 1, "%s!%s: conditional formats", sheet, cell) {
		assert.Equal(t, want, rules[0].Criteria, "%s!%s", sheet, cell)
		st, err := f.GetConditionalStyle(*rules[0].Format)
		require.NoError(t, err)
		assert.Equal(t, []string{"FFC7CE"}, st.Fill.Color, "%s!%s: the highlight", sheet, cell)
	}
	id, err := f.GetCellStyle(sheet, cell)
	require.NoError(t, err)
	st, err := f.GetStyle(id)
	require.NoError(t, err)
	assert.Empty(t, st.Fill.Color, "%s!%s: got a fill of its own", sheet, cell)
}

// testXLSXHighlights checks that the indicators of the schools sheet and
// the compliance are highlighted by conditional formats: below threshold
// for in-scope parts, so that an edited value is coloured again.
func testXLSXHighlights(t *testing.T, xs *xlsxRuns) {
	x := xs.get(t)
	f := openXLSX(t, x.xlsx)
	const s = "学校指标"
	rows, err := f.GetRows(s)
	require.NoError(t, err)
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	name := func(c int) string {
		n, err := excelize.ColumnNumberToName(c + 1)
		require.NoError(t, err)
		return n
	}
	var below, met, noncompliant bool
	for r, row := range rows[1:] {
		for _, code := range []string{"I1", "I2", "I3", "I4", "I5", "I6", "I7"} {
			for _, when := range []string{"(前)", "(后)"} {
				c := col[code+when]
				cell := fmt.Sprintf("%s%d", name(c), r+2)
				assertHighlight(t, f, s, cell, fmt.Sprintf(`AND($E2="是",%s2<$%s2-1E-9)`, name(c), name(col[code+"标准"])))
				if row[col["参评"]] == "是" && parseNum(t, row[c]) < parseNum(t, row[col[code+"标准"]]) {
					below = true
				} else if parseNum(t, row[c]) > parseNum(t, row[col[code+"标准"]])+0.01 {
					met = true
				}
			}
		}
		for _, c := range []int{col["达标(前)"], col["达标(后)"]} {
			assertHighlight(t, f, s, fmt.Sprintf("%s%d", name(c), r+2), fmt.Sprintf(`AND($E2="是",%s2="否")`, name(c)))
			noncompliant = noncompliant || row[col["参评"]] == "是" && row[c] == "否"
		}
	}
	assert.True(t, below, "the sample county has an indicator below threshold")
	assert.True(t, met, "the sample county has an indicator above threshold")
	assert.True(t, noncompliant, "the sample county has a non-compliant part")
}

// testXLSXFullPrecision checks that the indicators of the schools sheet
// are stored as computed and shown with two decimals.
func testXLSXFullPrecision(t *testing.T, xs *xlsxRuns) {
	x := xs.get(t)
	f := openXLSX(t, x.xlsx)
	const s = "学校指标"
	var pj struct{ Report solver.Report }
	data, err := os.ReadFile(filepath.Join(x.out, "plan.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &pj))
	rounded := 0
	for r, p := range pj.Report.Parts {
		for i, v := range p.Indicators {
			cell, _ := excelize.CoordinatesToCellName(9+3*i, r+2) // (前)
			raw, err := f.GetCellValue(s, cell, excelize.Options{RawCellValue: true})
			require.NoError(t, err)
			assert.InDelta(t, v.Before, parseNum(t, raw), 1e-12*max(1, math.Abs(v.Before)), "%s: got %s, want %v", cell, raw, v.Before)
			shown, err := f.GetCellValue(s, cell)
			require.NoError(t, err)
			assert.Equal(t, strconv.FormatFloat(v.Before, 'f', 2, 64), shown, cell)
			if raw != shown {
				rounded++
			}
		}
	}
	assert.Greater(t, rounded, 0, "got no value with more than two decimals")
}

func parseNum(t *testing.T, v string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(v, 64)
	require.NoError(t, err, "got %q, want a number", v)
	return x
}

func testXLSXSummary(t *testing.T, xs *xlsxRuns) {
	x := xs.get(t)
	f := openXLSX(t, x.xlsx)
	rows, err := f.GetRows("县域汇总")
	require.NoError(t, err)
	items := map[string][]string{}
	for _, r := range rows[1:] {
		items[r[0]+"/"+r[1]+"/"+strings.Join(r[2:min(3, len(r))], "")] = r
	}
	var pj struct{ Report solver.Report }
	data, err := os.ReadFile(filepath.Join(x.out, "plan.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &pj))
	total := items["评分/总分/"]
	require.NotNil(t, total, "rows: %v", rows)
	cents := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
	assert.Equal(t, cents(math.Round(pj.Report.Score.Total*100)/100), cents(parseNum(t, total[4])))
	moved := items["交流配额/交流人数/"]
	require.NotNil(t, moved)
	assert.Equal(t, pj.Report.Quota.Moved, int(parseNum(t, moved[4])))
	assert.Equal(t, pj.Report.Quota.Required, int(parseNum(t, moved[5])))
	assert.NotNil(t, items["差异系数/I2 县级以上骨干教师数/小学"], "a CV row per stage and indicator")
	over := false
	for r, row := range rows[1:] {
		if row[0] != "差异系数" || len(row) < 6 || row[3] == "" {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(4, r+2)
		assertHighlight(t, f, "县域汇总", cell, fmt.Sprintf("AND(ISNUMBER(%s),%s>F%d)", cell, cell, r+2))
		over = over || parseNum(t, row[3]) > parseNum(t, row[5])
		id, err := f.GetCellStyle("县域汇总", cell)
		require.NoError(t, err)
		st, err := f.GetStyle(id)
		require.NoError(t, err)
		if assert.NotNil(t, st.CustomNumFmt, cell) {
			assert.Equal(t, "0.000", *st.CustomNumFmt, "%s: CVs show 3 decimals", cell)
		}
	}
	assert.True(t, over, "the sample county has a CV over its limit before rotation")
	assert.NotNil(t, items["达标校/达标学校(部)数/初中"])
	assert.NotNil(t, items["来源/数据集/"])
}

func testXLSXDeterministic(t *testing.T, xs *xlsxRuns) {
	x := xs.get(t)
	dir := t.TempDir()
	p := filepath.Join(dir, "again.xlsx")
	args := append([]string{"plan", sampleCounty, "--xlsx", p}, xlsxSearch...)
	r := run(t, args...)
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	a, err := os.ReadFile(x.xlsx)
	require.NoError(t, err)
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(a, b), "two runs with the same seed: got different workbooks")
}

// testScoreXLSXViolations scores a hand-made plan of two moves, short of
// the quota, one of them to a source school, and finds the shortfall
// and the invalid move in the violations sheet, highlighted.
func testScoreXLSXViolations(t *testing.T, xs *xlsxRuns) {
	x := xs.get(t)
	recs := xlsxReadCSV(t, filepath.Join(x.out, "plan.csv"))
	require.Greater(t, len(recs), 3)
	require.Equal(t, "调入学校代码", recs[0][11])
	bad := slices.Clone(recs[2])
	for _, r := range recs[1:] { // to another source school: neither rural nor weak
		if r[9] != bad[9] {
			bad[11] = r[9]
			break
		}
	}
	require.NotEqual(t, recs[2][11], bad[11], "the plan moves teachers from two schools")
	dir := t.TempDir()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	require.NoError(t, w.WriteAll([][]string{recs[0], recs[1], bad}))
	one := filepath.Join(dir, "one.csv")
	require.NoError(t, os.WriteFile(one, b.Bytes(), 0o644))
	out := filepath.Join(dir, "score.xlsx")
	r := run(t, "score", sampleCounty, "--plan", one, "--xlsx", out, "--lang", "en")
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	f := openXLSX(t, out)
	rows, err := f.GetRows("Violations")
	require.NoError(t, err)
	found := false
	for i, row := range rows[1:] {
		if row[1] != "quota_shortfall" {
			continue
		}
		found = true
		assert.Greater(t, parseNum(t, row[2]), 0.0, "quota shortfall amount")
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		assertHighlight(t, f, "Violations", cell, "$C2>0") // a violated term: its amount is positive
	}
	assert.True(t, found, "got no quota_shortfall row in %v", rows)
	invalid := false
	for _, row := range rows[1:] {
		if row[1] == "invalid_move" && len(row) > 9 && row[7] == bad[1] {
			invalid = true
			assert.Equal(t, bad[11], row[4], "the destination of the invalid move")
			assert.NotEmpty(t, row[9], "why the move is invalid")
		}
	}
	assert.True(t, invalid, "got no invalid_move row of teacher %s in %v", bad[1], rows)
	summary, err := f.GetRows("County summary")
	require.NoError(t, err)
	assert.Contains(t, allRows(summary), "feasible\t\t\t\t\tno")
}

func allRows(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows[1:] {
		b.WriteString(strings.Join(r[1:], "\t"))
		b.WriteByte('\n')
	}
	return b.String()
}

// TestXLSXAtomic checks that an existing workbook is replaced whole with
// --force, that no temporary file is left behind, and that bad paths are
// refused before any work.
func testXLSXAtomic(t *testing.T, xs *xlsxRuns) {
	x := xs.get(t)
	dir := t.TempDir()
	p := filepath.Join(dir, "plan.xlsx")
	require.NoError(t, os.WriteFile(p, []byte("old"), 0o644))
	r := run(t, append([]string{"plan", sampleCounty, "--xlsx", p, "--force"}, xlsxSearch...)...)
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	got, err := os.ReadFile(p)
	require.NoError(t, err)
	want, err := os.ReadFile(x.xlsx)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(want, got), "the old file: got it kept, want it replaced")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "got %v, want only plan.xlsx", entries)

	planCSVPath := filepath.Join(x.out, "plan.csv")
	before, err := os.ReadFile(planCSVPath)
	require.NoError(t, err)
	tests := []struct {
		name string
		args []string
	}{
		{"missing folder", []string{"plan", sampleCounty, "--xlsx", filepath.Join(dir, "no", "p.xlsx")}},
		{"not xlsx", []string{"plan", sampleCounty, "--xlsx", filepath.Join(dir, "p.csv")}},
		{"a folder", []string{"plan", sampleCounty, "--xlsx", filepath.Join(dir, "d.xlsx")}},
		{"the plan read", []string{"score", sampleCounty, "--plan", planCSVPath, "--xlsx", planCSVPath}},
		{"in the dataset", []string{"score", sampleCounty, "--plan", planCSVPath, "--xlsx", filepath.Join(sampleCounty, "teachers.csv")}},
	}
	require.NoError(t, os.Mkdir(filepath.Join(dir, "d.xlsx"), 0o755))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.args...)
			assert.Equal(t, exitBadInput, r.code, "got exit %d, want %d; stderr:\n%s", r.code, exitBadInput, r.stderr)
			assert.Contains(t, r.stderr, "--xlsx")
		})
	}
	after, err := os.ReadFile(planCSVPath)
	require.NoError(t, err)
	assert.Equal(t, before, after, "an input: got it changed")
}

// TestPseudonymize checks that no real name of the sample county appears
// in any output of plan and score with --pseudonymize.
func testPseudonymize(t *testing.T, xs *xlsxRuns) {
	names, _ := sampleTeachers(t)
	x := xs.get(t, "--pseudonymize")
	plain := xs.get(t)
	scoreX := filepath.Join(t.TempDir(), "score.xlsx")
	sr := run(t, "score", sampleCounty, "--plan", filepath.Join(x.out, "plan.csv"), "--xlsx", scoreX, "--pseudonymize")
	require.Equal(t, exitOK, sr.code, "stderr:\n%s", sr.stderr)

	outputs := outputsOf(t, x, sr, scoreX)
	for _, n := range names {
		if len([]rune(n)) < 2 {
			continue
		}
		for file, text := range outputs {
			if strings.Contains(text, n) {
				t.Errorf("%s: got the real name %s", file, n)
			}
		}
	}
	recs := xlsxReadCSV(t, filepath.Join(x.out, "plan.csv"))
	orig := xlsxReadCSV(t, filepath.Join(plain.out, "plan.csv"))
	require.Equal(t, len(orig), len(recs), "pseudonyms change no move")
	for i := 1; i < len(recs); i++ {
		assert.Equal(t, pseudonym(recs[i][1], "zh"), recs[i][2])
		assert.Regexp(t, `^教师-[0-9a-f]{8}$`, recs[i][2])
		assert.Equal(t, orig[i][1], recs[i][1], "row %d: teacher IDs", i)
	}
}

// outputsOf reads every output of a plan run and a score run as text.
func outputsOf(t *testing.T, x *xlsxRun, sr result, scoreXLSX string) map[string]string {
	t.Helper()
	outputs := map[string]string{
		"plan stdout": x.r.stdout, "plan stderr": x.r.stderr,
		"score stdout": sr.stdout, "score stderr": sr.stderr,
		"plan.xlsx": allCells(t, x.xlsx), "score.xlsx": allCells(t, scoreXLSX),
	}
	entries, err := os.ReadDir(x.out)
	require.NoError(t, err)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(x.out, e.Name()))
		require.NoError(t, err)
		outputs[e.Name()] = string(data)
	}
	return outputs
}

// TestIDNumbers checks that no identity number of the sample county
// appears in any output without --include-id-number, and that with it
// the rotation list carries it in full, as text.
func testIDNumbers(t *testing.T, xs *xlsxRuns) {
	_, ids := sampleTeachers(t)
	x := xs.get(t)
	dir := t.TempDir()
	scoreX := filepath.Join(dir, "score.xlsx")
	sr := run(t, "score", sampleCounty, "--plan", filepath.Join(x.out, "plan.csv"), "--xlsx", scoreX)
	require.Equal(t, exitOK, sr.code, "stderr:\n%s", sr.stderr)
	js := run(t, "score", sampleCounty, "--plan", filepath.Join(x.out, "plan.csv"), "--json")
	require.Equal(t, exitOK, js.code, "stderr:\n%s", js.stderr)
	outputs := outputsOf(t, x, sr, scoreX)
	outputs["score --json"] = js.stdout
	// The folders of the test are named with random digits, which the
	// messages naming the files written quote: eight of them can be the
	// tail of an identity number by chance.
	for file, text := range outputs {
		outputs[file] = strings.NewReplacer(xs.dir, "<tmp>", dir, "<tmp>").Replace(text)
	}
	for _, id := range ids {
		masked := model.MaskIDNumber(id)
		for file, text := range outputs {
			if strings.Contains(text, id) || strings.Contains(text, id[len(id)-8:]) {
				t.Errorf("%s: got the identity number %s", file, masked)
			}
		}
	}

	with := xs.get(t, "--include-id-number")
	recs := xlsxReadCSV(t, filepath.Join(with.out, "plan.csv"))
	require.Equal(t, "身份证件号", recs[0][3])
	byID := map[string]string{}
	tr := xlsxReadCSV(t, filepath.Join(sampleCounty, "teachers.csv"))
	for _, r := range tr[1:] {
		byID[r[0]] = r[2]
	}
	for _, r := range recs[1:] {
		assert.Equal(t, byID[r[1]], r[3], "teacher %s", r[1])
	}
	f := openXLSX(t, with.xlsx)
	rows, err := f.GetRows("交流名单")
	require.NoError(t, err)
	assert.Equal(t, recs, rows)
	typ, err := f.GetCellType("交流名单", "D2")
	require.NoError(t, err)
	assert.Equal(t, excelize.CellTypeSharedString, typ, "an identity number: got %v, want a string", typ)
}
