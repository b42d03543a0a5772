package document

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/solver"
)

// TestStructureSheets checks the sheets 学区与集团 and 校长交流 of the
// sample county's workbook against the report they come from: one row per
// structure figure, per district and group compliance and CV, one row per
// principal of the exchange.
func TestStructureSheets(t *testing.T) {
	d := workbookPlan(t, "zh")
	rep := d.Report
	require.NotEmpty(t, rep.Districts)
	require.NotNil(t, rep.Principals)
	f := openWorkbook(t, d)

	rows, err := f.GetRows("学区与集团")
	require.NoError(t, err)
	require.NotEmpty(t, rows)
	assert.Equal(t, []string{"类别", "名称", "学段", "项目", "前", "后", "限值"}, rows[0])
	want := 3 * len(rep.Structure)
	for _, units := range [][]solver.UnitReport{rep.Districts, rep.Groups} {
		for _, u := range units {
			for _, c := range u.Compliance {
				if c.Parts > 0 {
					want++
				}
			}
			want += len(u.CV)
		}
	}
	assert.Len(t, rows[1:], want)
	found := false
	for _, r := range rows[1:] {
		if len(r) > 5 && r[0] == "学区" && r[1] == rep.Districts[0].Name && r[3] == "达标学校(部)数" {
			found = true
			assert.Equal(t, strconv.Itoa(rep.Districts[0].Compliance[0].Before), r[4])
		}
	}
	assert.True(t, found, "no compliance row of district %s", rep.Districts[0].Name)

	rows, err = f.GetRows("校长交流")
	require.NoError(t, err)
	assert.Equal(t, PrincipalsHeads("zh"), rows[0])
	require.Len(t, rows[1:], len(rep.Principals.Moves))
	for i, m := range rep.Principals.Moves {
		assert.Equal(t, []string{m.ID, m.From, m.To}, []string{rows[i+1][prID], rows[i+1][prFrom], rows[i+1][prTo]})
	}
}

// TestWriteStructures prints the structures of the sample county's plan
// and finds each section with its figures.
func TestWriteStructures(t *testing.T) {
	d := workbookPlan(t, "zh")
	var b bytes.Buffer
	writeStructures(&b, d.Report, true)
	out := b.String()
	for _, s := range []string{
		"职称与年龄结构 (title and age structure",
		"小学 一级及以上职称占比 (titled first or higher): ",
		"学区 (districts): 达标校 (compliant parts), 差异系数 I1/I2/I3 (CVs):",
		"教育集团 (groups):",
		"校长交流 (principal exchange, tenure ≥ 6 years): 到期 (due) " + strconv.Itoa(d.Report.Principals.Due),
		d.Report.Districts[0].Name + " 小学: ",
	} {
		assert.Contains(t, out, s)
	}
	assert.Equal(t, 1, strings.Count(out, " → "+d.Report.Principals.Moves[0].To+" "), "the first principal's move")
}

// TestReportHTMLStructures: the report page lists every district's and
// group's stages and every principal of the exchange.
func TestReportHTMLStructures(t *testing.T) {
	d := workbookPlan(t, "zh")
	b, err := ReportHTML(d)
	require.NoError(t, err)
	page := string(b)
	require.Contains(t, page, `id="unit-list"`)
	require.Contains(t, page, `id="principal-list"`)
	units, principals := structureRows(d)
	assert.Equal(t, len(units), strings.Count(page[strings.Index(page, `id="unit-list"`):strings.Index(page, `id="principal-list"`)], "<tr><td>"))
	assert.Len(t, principals, len(d.Report.Principals.Moves))
	for _, u := range units {
		assert.Len(t, u.CV, 3, "%s %s: I1, I2, I3", u.Name, u.Stage)
	}
	for _, m := range d.Report.Principals.Moves {
		assert.Contains(t, page, "<td>"+m.ID+"</td>")
	}
}
