package document

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// TestRotationCSVMatchesPlanCSV checks that the rotation list behind the
// workbook and --include-id-number has the bytes of plan.csv without the
// identity number.
func TestRotationCSVMatchesPlanCSV(t *testing.T) {
	d := workbookPlan(t, "zh")
	require.NotEmpty(t, d.Report.Moves)
	for _, lang := range Langs {
		assert.Equal(t, string(PlanCSV(d.In, d.Report, lang)), string(RotationCSV(d.In, d.Report, lang, false)), "lang %s", lang)
	}
}

// sampleCountyDocs are the texts of the approval form and the notice in
// the tests, whatever the sample county's policy.toml says.
var sampleCountyDocs = model.Documents{CountyName: "顺林县", IssuingUnit: "顺林县教育局", Kind: "交流轮岗",
	NoticeDays: 5, ObjectionContact: "顺林县教育局人事股（电话 0000-1234567）"}

// workbookSample is the sample county planned once for the workbook tests.
var workbookSample = sync.OnceValues(func() (*Data, error) {
	in, _, err := model.Load(sampleCounty, model.LoadOptions{})
	if err != nil {
		return nil, err
	}
	in.Policy.Documents = sampleCountyDocs
	ev := solver.NewEvaluator(in)
	res := solver.Solve(context.Background(), ev, solver.Options{Seed: 1, Threads: 1, Iterations: 2000})
	return &Data{In: in, Report: ev.Report(res.Plan), Result: res, Prov: Provenance{Tool: "rotaplan", Version: "test"}}, nil
})

// workbookPlan is the data of the sample county's plan in the language lang.
func workbookPlan(t *testing.T, lang string) Data {
	t.Helper()
	d, err := workbookSample()
	require.NoError(t, err)
	out := *d
	out.Lang = lang
	return out
}

// openWorkbook builds the workbook of d and opens it as a reader would.
func openWorkbook(t *testing.T, d Data) *excelize.File {
	t.Helper()
	data, err := Workbook(d)
	require.NoError(t, err)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

// sheetNames are the sheets of the workbook, in order.
var sheetNames = map[string][]string{
	"zh": {"交流名单", "报批表", "公示名单", "学校明细", "学校指标", "县域汇总", "违规", "积分表", "优先顺序投诉", "学区与集团", "校长交流", "符合条件教师名单"},
	"en": {"Rotation list", "Approval form", "Public notice", "School pages", "Schools", "County summary", "Violations", "Points", "Complaints", "Structures", "Principals", "Eligibility"},
}

// printTitles are the rows each sheet repeats on every printed page.
var printTitles = map[string]string{
	"交流名单": "$1:$1", "报批表": "$4:$4", "公示名单": "$2:$2", "学校明细": "$1:$1", "学校指标": "$1:$1", "县域汇总": "$1:$1", "违规": "$1:$1", "积分表": "$1:$1",
	"优先顺序投诉": "$1:$1", "学区与集团": "$1:$1", "校长交流": "$1:$1",
	"符合条件教师名单": "$1:$1",
}

func TestWorkbookSheets(t *testing.T) {
	for _, lang := range Langs {
		t.Run(lang, func(t *testing.T) {
			f := openWorkbook(t, workbookPlan(t, lang))
			assert.Equal(t, sheetNames[lang], f.GetSheetList())
			assert.Equal(t, 0, f.GetActiveSheetIndex(), "the rotation list first, so that the workbook reads back as a plan")
		})
	}
}

// TestWorkbookPageSetup checks that every sheet prints on A4 landscape,
// fit to the page width, with its header row on every page and page
// numbers in the footer.
func TestWorkbookPageSetup(t *testing.T) {
	for _, lang := range Langs {
		f := openWorkbook(t, workbookPlan(t, lang))
		titles := map[string]string{}
		for _, dn := range f.GetDefinedName() {
			if dn.Name == "_xlnm.Print_Titles" {
				titles[dn.Scope] = dn.RefersTo
			}
		}
		for i, name := range f.GetSheetList() {
			t.Run(lang+"/"+name, func(t *testing.T) {
				pl, err := f.GetPageLayout(name)
				require.NoError(t, err)
				require.NotNil(t, pl.Orientation)
				assert.Equal(t, "landscape", *pl.Orientation)
				require.NotNil(t, pl.Size)
				assert.Equal(t, 9, *pl.Size, "paper size: got %d, want 9 (A4)", *pl.Size)
				require.NotNil(t, pl.FitToWidth, "got no fit to width")
				assert.Equal(t, 1, *pl.FitToWidth, "pages wide")
				require.NotNil(t, pl.FitToHeight)
				assert.Equal(t, 0, *pl.FitToHeight, "pages tall: got %d, want 0 (as many as it takes)", *pl.FitToHeight)
				props, err := f.GetSheetProps(name)
				require.NoError(t, err)
				require.NotNil(t, props.FitToPage)
				assert.True(t, *props.FitToPage, "got fit to page off: the fit to width is ignored")

				zh := sheetNames["zh"][i]
				want := fmt.Sprintf("'%s'!%s", name, printTitles[zh])
				assert.Equal(t, want, titles[name], "print titles")

				hf, err := f.GetHeaderFooter(name)
				require.NoError(t, err)
				require.NotNil(t, hf, "got no header and footer")
				assert.Contains(t, hf.OddFooter, "&P", "page number")
				assert.Contains(t, hf.OddFooter, "&N", "number of pages")
			})
		}
	}
}

// TestWorkbookProperties checks the document properties: the title of the
// list, the issuing unit as author, and the plan date as creation time.
func TestWorkbookProperties(t *testing.T) {
	d := workbookPlan(t, "zh")
	noUnit := *d.In
	noUnit.Policy.Documents.IssuingUnit = ""
	tests := []struct {
		name    string
		in      *model.Instance
		lang    string
		creator string
		title   string
	}{
		{"issuing unit", d.In, "zh", "顺林县教育局", "顺林县2026年义务教育学校教师交流轮岗名单"},
		{"english", d.In, "en", "顺林县教育局", "顺林县: teacher rotation list of the compulsory-education schools, 2026"},
		{"no issuing unit", &noUnit, "zh", "rotaplan", "顺林县2026年义务教育学校教师交流轮岗名单"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := d
			d.In, d.Lang = tt.in, tt.lang
			f := openWorkbook(t, d)
			p, err := f.GetDocProps()
			require.NoError(t, err)
			assert.Equal(t, tt.creator, p.Creator)
			assert.Equal(t, tt.creator, p.LastModifiedBy)
			assert.Equal(t, tt.title, p.Title)
			assert.Equal(t, "2026-09-01T00:00:00Z", p.Created, "the plan date of the sample county")
			assert.Equal(t, p.Created, p.Modified)
			assert.NotContains(t, p.Created, "2006", "excelize's default time")
			app, err := f.GetAppProps()
			require.NoError(t, err)
			assert.Equal(t, "rotaplan", app.Application)
		})
	}
}

func TestWorkbookDeterministic(t *testing.T) {
	d := workbookPlan(t, "zh")
	a, err := Workbook(d)
	require.NoError(t, err)
	b, err := Workbook(d)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(a, b), "two workbooks of the same data: got different bytes")
}

// TestWorkbookDimension checks that every sheet records the range it
// uses, which streaming readers (openpyxl's read-only mode) rely on.
func TestWorkbookDimension(t *testing.T) {
	f := openWorkbook(t, workbookPlan(t, "zh"))
	for _, name := range f.GetSheetList() {
		t.Run(name, func(t *testing.T) {
			rows, err := f.GetRows(name)
			require.NoError(t, err)
			cols := 0
			for _, r := range rows {
				cols = max(cols, len(r))
			}
			end, err := excelize.CoordinatesToCellName(cols, len(rows))
			require.NoError(t, err)
			dim, err := f.GetSheetDimension(name)
			require.NoError(t, err)
			assert.Equal(t, "A1:"+end, dim)
		})
	}
}

// assertFull checks that the stored value raw of cell is want at full
// precision: the 15 significant digits that Excel keeps.
func assertFull(t *testing.T, want float64, raw, cell string) {
	t.Helper()
	got, err := strconv.ParseFloat(raw, 64)
	require.NoError(t, err, "%s: got %q, want a number", cell, raw)
	assert.InDelta(t, want, got, 1e-14*max(1, math.Abs(want)), "%s: got %s, want %v at full precision", cell, raw, want)
}

// cellRefRe matches a cell reference of a formula; $ fixes its column or
// its row.
var cellRefRe = regexp.MustCompile(`(\$?)([A-Z]{1,3})(\$?)([0-9]+)`)

// shiftFormula moves the relative references of a formula by dc columns
// and dr rows, as Excel does when it applies a conditional format's
// formula to a cell of its range other than the top-left one.
func shiftFormula(t *testing.T, formula string, dc, dr int) string {
	return cellRefRe.ReplaceAllStringFunc(formula, func(ref string) string {
		m := cellRefRe.FindStringSubmatch(ref)
		col, err := excelize.ColumnNameToNumber(m[2])
		require.NoError(t, err)
		row, err := strconv.Atoi(m[4])
		require.NoError(t, err)
		if m[1] == "" {
			col += dc
		}
		if m[3] == "" {
			row += dr
		}
		name, err := excelize.ColumnNumberToName(col)
		require.NoError(t, err)
		return m[1] + name + m[3] + strconv.Itoa(row)
	})
}

// highlighted reports whether a conditional format of the sheet colours
// the cell in Excel's "Bad" red: it evaluates, for the cell, the formula of
// every rule whose range covers it.
func highlighted(t *testing.T, f *excelize.File, sheet, cell string) bool {
	t.Helper()
	cfs, err := f.GetConditionalFormats(sheet)
	require.NoError(t, err)
	col, row, err := excelize.CellNameToCoordinates(cell)
	require.NoError(t, err)
	on := false
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
			if col < c0 || col > c1 || row < r0 || row > r1 {
				continue
			}
			for _, ru := range rules {
				require.Equal(t, "formula", ru.Type, "%s %s", sheet, sqref)
				require.NotNil(t, ru.Format)
				st, err := f.GetConditionalStyle(*ru.Format)
				require.NoError(t, err)
				assert.Equal(t, []string{"FFC7CE"}, st.Fill.Color, "%s %s: the highlight", sheet, sqref)
				const scratch = "ZZ1"
				require.NoError(t, f.SetCellFormula(sheet, scratch, shiftFormula(t, ru.Criteria, col-c0, row-r0)))
				v, err := f.CalcCellValue(sheet, scratch)
				require.NoError(t, err, "formula %s", ru.Criteria)
				require.NoError(t, f.SetCellValue(sheet, scratch, nil))
				require.Contains(t, []string{"TRUE", "FALSE"}, v, "formula %s of %s", ru.Criteria, cell)
				on = on || v == "TRUE"
			}
		}
	}
	return on
}

// TestSchoolsSheetValues checks that the schools sheet stores indicators
// at full precision, shows them with two decimals, and highlights exactly
// the in-scope indicators below their threshold and the non-compliant
// parts, with conditional formats that follow an edit.
func TestSchoolsSheetValues(t *testing.T) {
	d := workbookPlan(t, "zh")
	// An indicator that rounds to its threshold and still misses it.
	rep := *d.Report
	rep.Parts = append([]solver.PartReport{}, rep.Parts...)
	p := &rep.Parts[0]
	require.True(t, p.InScope)
	p.Indicators = append([]solver.IndicatorValue{}, p.Indicators...)
	p.Indicators[0] = solver.IndicatorValue{Indicator: p.Indicators[0].Indicator, Threshold: 1, Before: 0.99721, After: 1.0004}
	d.Report = &rep
	f := openWorkbook(t, d)
	const s = "学校指标"

	tests := []struct {
		name      string
		cell      string
		raw, show string
		bad       bool
	}{
		{"rounds to the threshold, misses it", "I2", "0.99721", "1.00", true},
		{"rounds to the threshold, meets it", "J2", "1.0004", "1.00", false},
		{"threshold", "H2", "1", "1.00", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := f.GetCellValue(s, tt.cell, excelize.Options{RawCellValue: true})
			require.NoError(t, err)
			assert.Equal(t, tt.raw, raw, "stored value")
			show, err := f.GetCellValue(s, tt.cell)
			require.NoError(t, err)
			assert.Equal(t, tt.show, show, "shown value")
			assert.Equal(t, tt.bad, highlighted(t, f, s, tt.cell), "highlight")
		})
	}

	t.Run("every indicator and compliance", func(t *testing.T) {
		for r, p := range d.Report.Parts {
			for i, v := range p.Indicators {
				for k, x := range []float64{v.Before, v.After} {
					cell, _ := excelize.CoordinatesToCellName(9+3*i+k, r+2)
					raw, err := f.GetCellValue(s, cell, excelize.Options{RawCellValue: true})
					require.NoError(t, err)
					assertFull(t, x, raw, cell)
					assert.Equal(t, p.InScope && below(x, v.Threshold), highlighted(t, f, s, cell), "%s: highlight of %v against %v", cell, x, v.Threshold)
				}
			}
			for k, ok := range []bool{p.CompliantBefore, p.CompliantAfter} {
				cell, _ := excelize.CoordinatesToCellName(8+3*model.NumIndicators+k, r+2)
				assert.Equal(t, p.InScope && !ok, highlighted(t, f, s, cell), "%s: highlight of compliance", cell)
			}
		}
	})

	t.Run("an edited cell is coloured again", func(t *testing.T) {
		require.True(t, highlighted(t, f, s, "I2"))
		require.NoError(t, f.SetCellValue(s, "I2", 1.5))
		assert.False(t, highlighted(t, f, s, "I2"), "I2 raised above its threshold: got still highlighted")
		require.NoError(t, f.SetCellValue(s, "J2", 0.5))
		assert.True(t, highlighted(t, f, s, "J2"), "J2 lowered below its threshold: got no highlight")
	})
}

// TestSummarySheet checks the gap as a percentage, full-precision CVs and
// the highlights of the county summary.
func TestSummarySheet(t *testing.T) {
	d := workbookPlan(t, "en")
	f := openWorkbook(t, d)
	const s = "County summary"
	rows, err := f.GetRows(s)
	require.NoError(t, err)
	find := func(item, stage string) int {
		for i, r := range rows {
			if len(r) > 2 && r[1] == item && r[2] == stage {
				return i + 1
			}
		}
		t.Fatalf("got no row %s %s", item, stage)
		return 0
	}
	gap := fmt.Sprintf("E%d", find("gap", ""))
	raw, err := f.GetCellValue(s, gap, excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	assertFull(t, d.Result.Gap(), raw, gap)
	show, err := f.GetCellValue(s, gap)
	require.NoError(t, err)
	assert.Equal(t, num(100*d.Result.Gap(), 3)+"%", show, "the gap as a percentage")

	tests := []struct {
		item, stage string
		col         string
		bad         bool
	}{
		{"I2 backbone", "primary", "D", true}, // the sample county's backbone CV before rotation is over its limit
		{"I1 qualified", "primary", "D", false},
		{"compliant parts", "primary", "E", true},
		{"moved", "", "E", d.Report.Quota.Moved < d.Report.Quota.Required},
		{"hard (teachers)", "", "E", d.Report.Score.Hard > 0},
	}
	for _, tt := range tests {
		t.Run(tt.item+" "+tt.stage, func(t *testing.T) {
			cell := fmt.Sprintf("%s%d", tt.col, find(tt.item, tt.stage))
			assert.Equal(t, tt.bad, highlighted(t, f, s, cell), "%s", cell)
		})
	}
}

// TestViolationsSheet checks that the details of the violations are in the
// workbook's language and that violated rows are highlighted.
func TestViolationsSheet(t *testing.T) {
	d := workbookPlan(t, "zh")
	in := d.In
	ev := solver.NewEvaluator(in)
	plan := solver.NewPlan(len(in.Teachers))
	m := d.Report.Moves[0]
	plan.Dest[m.Teacher] = int32(in.Teachers[m.Teacher].School) // to the teacher's own school: invalid
	rep := ev.Report(plan)
	require.False(t, rep.Score.Feasible)
	d.Report = rep

	english := regexp.MustCompile(`[A-Za-z]{3,}`)
	for _, lang := range Langs {
		t.Run(lang, func(t *testing.T) {
			d.Lang = lang
			f := openWorkbook(t, d)
			s := sheetNames[lang][6]
			rows, err := f.GetRows(s)
			require.NoError(t, err)
			var details []string
			for i, r := range rows[1:] {
				if len(r) < 10 || r[9] == "" {
					continue
				}
				details = append(details, r[9])
				if lang == "zh" {
					assert.False(t, english.MatchString(strings.ReplaceAll(r[9], "max_distance_km", "")), "row %d: got %q, want Chinese", i+2, r[9])
				}
				amount, err := strconv.ParseFloat(r[2], 64)
				require.NoError(t, err)
				assert.Equal(t, amount > 0, highlighted(t, f, s, fmt.Sprintf("A%d", i+2)), "row %d (%s)", i+2, r[1])
			}
			want := map[string]string{"zh": "调入学校为本校", "en": "destination is the teacher's own school"}[lang]
			assert.Contains(t, details, want)
			assert.NotEmpty(t, details)
		})
	}
}

func TestDetailText(t *testing.T) {
	tests := []struct {
		name, en, zh string
	}{
		{"quota", "moved 2 of 60 required; 580 of 596 eligible teachers have a receiver within max_distance_km that teaches their stage",
			"交流 2 人, 应交流 60 人; 符合条件的 596 人中 580 人在最远交流距离 (max_distance_km) 内有同学段的接收学校"},
		{"backbone", "1 backbone moved of 12 required; 40 eligible backbone teachers can move", "骨干教师交流 1 人, 应 12 人; 可交流的符合条件骨干教师 40 人"},
		{"cap", "5 > cap 3", "5 人, 超过上限 3 人"},
		{"pinned move", "pinned to move to 43010038", "指定调往 43010038"},
		{"pinned stay", "pinned to stay", "指定留任"},
		{"forbidden", "moved to a forbidden school", "调往禁止调入的学校"},
		{"own school", "destination is the teacher's own school", "调入学校为本校"},
		{"not a receiver", "destination 43010001 is neither rural nor weak", "调入学校 43010001 既非乡村学校也非薄弱学校"},
		{"stage", "destination 43010038 does not teach junior", "调入学校 43010038 不设初中"},
		{"serving", "teacher is already serving at 43010038", "教师已在 43010038 交流"},
		{"not eligible", "teacher is not eligible: near_retirement", "教师不符合交流条件: 临近退休"},
		{"distance", "distance exceeds max_distance_km", "距离超过最远交流距离 (max_distance_km)"},
		{"unknown", "something new", "something new"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.zh, detailText(tt.en, "zh"))
			assert.Equal(t, tt.en, detailText(tt.en, "en"))
		})
	}
}

// TestComplaintsSheet: the sheet 优先顺序投诉 has one row per complaint of
// the report, with both teachers and their points as numbers.
func TestComplaintsSheet(t *testing.T) {
	d := workbookPlan(t, "zh")
	n := len(d.Report.Inversions) + len(d.Report.Envy)
	require.Positive(t, n, "the sample plan has complaints in report mode")
	f := openWorkbook(t, d)
	rows, err := f.GetRows("优先顺序投诉")
	require.NoError(t, err)
	require.Len(t, rows, n+1, "header and one row per complaint")
	c := d.Report.Inversions[0]
	assert.Equal(t, []string{"顺序倒置", c.TeacherID, d.In.Teachers[c.Teacher].Name}, rows[1][:3])
	v, err := f.GetCellValue("优先顺序投诉", "D2", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	// Full precision as Excel keeps it: 15 significant digits.
	got, err := strconv.ParseFloat(v, 64)
	require.NoError(t, err)
	assert.InDelta(t, c.Points, got, 1e-13*max(1, c.Points), "points at full precision: got %s, want %v", v, c.Points)
	detail := rows[1][12]
	assert.True(t, strings.HasPrefix(detail, "调往 "+c.TeacherTo+" (积分 "), "got detail %q, want it in Chinese", detail)
	assert.Contains(t, detail, "留任 "+c.OtherSchoolID)
}

// TestComplaintDetail: the detail column of the complaints sheet is in the
// workbook's language.
func TestComplaintDetail(t *testing.T) {
	inv := solver.Complaint{Kind: solver.Inversion, TeacherTo: "R1", Points: 133.0 / 12, Rank: 6, OtherID: "A", OtherPoints: 28, OtherRank: 3, OtherSchoolID: "S1"}
	envy := solver.Complaint{Kind: solver.Envy, TeacherTo: "R2", Points: 31, Rank: 2, OtherID: "E", OtherPoints: 133.0 / 12, OtherRank: 6, OtherTo: "R1"}
	tests := []struct {
		name string
		c    solver.Complaint
		lang string
		want string
	}{
		{"inversion zh", inv, "zh", "调往 R1 (积分 11.083333, 排名 6), 而排名在前的 A (积分 28, 排名 3) 留任 S1"},
		{"envy zh", envy, "zh", "调往 R2 (积分 31, 排名 2), 而排名在后的 E (积分 11.083333, 排名 6) 调往 R1, 是本人更靠前的志愿"},
		{"inversion en", inv, "en", inv.Detail()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := complaintDetail(tt.c, tt.lang)
			assert.Equal(t, tt.want, got, "got %q, want %q", got, tt.want)
		})
	}
}
