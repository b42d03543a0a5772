package document

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/rotaplan/rotaplan/cmd/internal/document/documenttest"
)

// TestApprovalSheet checks the approval form: title with the county and
// year, issuing unit, stint and kind, the list under its header row with
// numbers stored as numbers, and the signature block below.
func TestApprovalSheet(t *testing.T) {
	tests := []struct {
		lang, sheet, title string
		lines, signatures  []string
	}{
		{"zh", "报批表", "顺林县2026年义务教育学校教师交流轮岗名单",
			[]string{"填报单位（盖章）：顺林县教育局", "交流期限：3年（2026年9月至2029年8月）", "交流方式：交流轮岗"},
			[]string{"经办人：", "审核人：", "单位负责人：", "日期：     年   月   日"}},
		{"en", "Approval form", "顺林县: teacher rotation list of the compulsory-education schools, 2026",
			[]string{"Issuing unit: 顺林县教育局", "Stint: 3 years (2026-09 to 2029-08)", "Kind of rotation: rotation"},
			[]string{"Prepared by:", "Checked by:", "Head of unit:", "Date:"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			d := workbookPlan(t, tt.lang)
			a := NewApproval(d)
			f := openWorkbook(t, d)
			rows, err := f.GetRows(tt.sheet)
			require.NoError(t, err)
			require.Greater(t, len(rows), 4+len(a.Rows))
			assert.Equal(t, tt.title, rows[0][0])
			head := strings.Join(slices.Concat(rows[1], rows[2]), "|")
			for _, l := range tt.lines {
				assert.Contains(t, head, l)
			}
			assert.Equal(t, a.Heads, rows[3], "header row")
			assert.Len(t, a.Rows, len(d.Report.Moves))
			for i, r := range a.Rows {
				assert.Equal(t, r, rows[4+i], "row %d", i+1)
			}
			var sig []string
			for _, v := range rows[len(rows)-1] {
				if v != "" {
					sig = append(sig, v)
				}
			}
			assert.Equal(t, tt.signatures, sig, "the signature block in the last row")
			assert.Empty(t, rows[4+len(a.Rows)], "a blank row between the list and the signatures")

			// 序号 and 距离 are numbers; the distance at full precision.
			for c, want := range map[int]float64{1: 1, len(a.Heads): d.Report.Moves[0].Km} {
				cell, _ := excelize.CoordinatesToCellName(c, 5)
				typ, err := f.GetCellType(tt.sheet, cell)
				require.NoError(t, err)
				assert.Contains(t, []excelize.CellType{excelize.CellTypeNumber, excelize.CellTypeUnset}, typ, "%s: got %v, want a number", cell, typ)
				raw, err := f.GetCellValue(tt.sheet, cell, excelize.Options{RawCellValue: true})
				require.NoError(t, err)
				assertFull(t, want, raw, cell)
			}
		})
	}
}

// TestNoticeSheet checks that the public notice has the five columns of
// DOMAIN §9 and nothing of the teachers besides, and closes with the
// notice period and where objections go.
func TestNoticeSheet(t *testing.T) {
	for _, lang := range Langs {
		t.Run(lang, func(t *testing.T) {
			d := workbookPlan(t, lang)
			d.WithID = true // the rotation list carries identity numbers; the notice never does
			f := openWorkbook(t, d)
			s := sheetNames[lang][2]
			dim, err := f.GetSheetDimension(s)
			require.NoError(t, err)
			assert.Equal(t, fmt.Sprintf("A1:E%d", 2+len(d.Report.Moves)+6), dim)
			rows, err := f.GetRows(s)
			require.NoError(t, err)
			assert.Equal(t, NoticeHeads(lang), rows[1])
			list := rows[2 : 2+len(d.Report.Moves)]
			for i, r := range list {
				require.Len(t, r, 5, "row %d", i+3)
			}
			assert.Equal(t, NewNotice(d).Rows, list)

			var all strings.Builder
			for _, r := range rows {
				all.WriteString(strings.Join(r, "\t") + "\n")
			}
			text := all.String()
			forbidden := map[string]bool{}
			for _, m := range d.Report.Moves {
				tc := &d.In.Teachers[m.Teacher]
				if tc.IDNumber != "" {
					assert.NotContains(t, text, tc.IDNumber, "an identity number")
					assert.NotContains(t, text, tc.IDNumber[6:14], "a birth date")
				}
				assert.NotContains(t, text, tc.ID, "a teacher ID")
				forbidden[Tr(lang, tc.Gender.ZH(), tc.Gender.String())] = true
				forbidden[Tr(lang, tc.Title.ZH(), tc.Title.String())] = true
				forbidden[Tr(lang, tc.Backbone.ZH(), tc.Backbone.String())] = true
			}
			for _, r := range list {
				for _, v := range r {
					assert.False(t, forbidden[v], "got the cell %q: gender, title or backbone", v)
				}
			}
			for _, h := range []string{"性别", "出生", "身份证", "职称", "骨干", "gender", "birth", "id_number", "title", "points"} {
				assert.NotContains(t, strings.Join(rows[1], "|"), h)
			}
			period := Tr(lang, "公示期为5个工作日。", "The notice runs for 5 working days.")
			assert.Contains(t, text, period)
			assert.Contains(t, text, "顺林县教育局人事股（电话 0000-1234567）")
			assert.Equal(t, Tr(lang, "年    月    日", "Date:"), rows[len(rows)-1][0])
		})
	}
}

// TestSchoolPagesSheet checks that every school has its block: the header
// line, who leaves and arrives, and its indicators before and after,
// highlighted below the threshold.
func TestSchoolPagesSheet(t *testing.T) {
	d := workbookPlan(t, "zh")
	f := openWorkbook(t, d)
	const s = "学校明细"
	rows, err := f.GetRows(s)
	require.NoError(t, err)
	pages := NewSchoolPages(d)
	banners := map[string]int{}
	for i, r := range rows {
		if len(r) > 0 {
			banners[r[0]] = i + 1
		}
	}
	leaving, arriving := 0, 0
	for _, p := range pages {
		r, ok := banners[p.ID+"  "+p.Name]
		require.True(t, ok, "got no block of %s %s", p.ID, p.Name)
		assert.Equal(t, fmt.Sprintf("调出教师（%d 人）", len(p.Leaving)), rows[r][0], "%s", p.ID)
		leaving += len(p.Leaving)
		arriving += len(p.Arriving)
	}
	assert.Equal(t, len(d.Report.Moves), leaving)
	assert.Equal(t, len(d.Report.Moves), arriving)

	// Each indicator row of an in-scope part: highlighted below its threshold.
	checked, bad := 0, 0
	for i, r := range rows {
		if len(r) < 5 || !strings.HasPrefix(r[1], "I") || r[2] == "" {
			continue
		}
		for _, col := range []string{"D", "E"} {
			cell := fmt.Sprintf("%s%d", col, i+1)
			thr, err := f.GetCellValue(s, fmt.Sprintf("C%d", i+1), excelize.Options{RawCellValue: true})
			require.NoError(t, err)
			v, err := f.GetCellValue(s, cell, excelize.Options{RawCellValue: true})
			require.NoError(t, err)
			x, _ := strconv.ParseFloat(v, 64)
			y, _ := strconv.ParseFloat(thr, 64)
			on := highlighted(t, f, s, cell)
			if on {
				bad++
				assert.True(t, below(x, y), "%s: %v meets %v, got highlighted", cell, x, y)
			}
			checked++
		}
	}
	assert.Greater(t, checked, 0)
	assert.Greater(t, bad, 0, "the sample county has indicators below threshold")
}

// TestWorkbookInjection checks that names which look like formulas stay
// text in every sheet of the workbook.
func TestWorkbookInjection(t *testing.T) {
	in, rep := hostileInstance(t)
	f := openWorkbook(t, Data{In: in, Report: rep, Lang: "zh", WithID: true})
	found := map[string]bool{}
	for _, s := range f.GetSheetList() {
		rows, err := f.GetRows(s)
		require.NoError(t, err)
		for r, row := range rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				formula, err := f.GetCellFormula(s, cell)
				require.NoError(t, err)
				assert.Empty(t, formula, "%s!%s: got a formula", s, cell)
				found[v] = true
			}
		}
	}
	for _, n := range documenttest.HostileNames[:6] {
		assert.True(t, found[n], "got no cell %q", n)
	}
}
