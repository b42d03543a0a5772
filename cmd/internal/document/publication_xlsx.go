package document

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/rotaplan/rotaplan/model"
)

// The publication documents as sheets of the approval workbook: each is
// laid out for print (title, table with its header row repeated on every
// page, closing lines) from the content of publication.go.

// grid writes the free-form cells of one document sheet and keeps the
// width each column needs and the used range.
type grid struct {
	f      *excelize.File
	name   string
	widths []int // per column, the widest single-column cell
	last   int   // the last row written
}

func newGrid(f *excelize.File, name string, cols int) *grid {
	return &grid{f: f, name: name, widths: make([]int, cols)}
}

// put writes v (string, int or float64; nil writes only the style) in
// column c (0-based) of row r (1-based) with style, and widens the column
// to its text shown as kind.
func (g *grid) put(r, c int, v any, style int, kind cellKind) error {
	cell, err := excelize.CoordinatesToCellName(c+1, r)
	if err != nil {
		return err
	}
	switch v := v.(type) {
	case nil:
	case string:
		err = g.f.SetCellStr(g.name, cell, v)
	default:
		err = g.f.SetCellValue(g.name, cell, v)
	}
	if err != nil {
		return err
	}
	if v != nil {
		g.widths[c] = max(g.widths[c], textWidth(cellText(v, kind)))
	}
	g.last = max(g.last, r)
	return g.f.SetCellStyle(g.name, cell, cell, style)
}

// span writes the text v across the columns from c0 to c1 of row r,
// merged, with style; boxed styles are set on every merged cell so that
// the borders print.
func (g *grid) span(r, c0, c1 int, v string, style int) error {
	from, _ := excelize.CoordinatesToCellName(c0+1, r)
	to, _ := excelize.CoordinatesToCellName(c1+1, r)
	if err := g.f.SetCellStr(g.name, from, v); err != nil {
		return err
	}
	if c1 > c0 {
		if err := g.f.MergeCell(g.name, from, to); err != nil {
			return err
		}
	}
	g.last = max(g.last, r)
	return g.f.SetCellStyle(g.name, from, to, style)
}

// height sets the height of row r in points.
func (g *grid) height(r int, pt float64) error { return g.f.SetRowHeight(g.name, r, pt) }

// setWidths sets the column widths: each column's widest cell, at least
// least[c] characters, at most 60.
func (g *grid) setWidths(least ...int) error {
	for c, w := range g.widths {
		if c < len(least) {
			w = max(w, least[c])
		}
		name, _ := excelize.ColumnNumberToName(c + 1)
		if err := g.f.SetColWidth(g.name, name, name, float64(min(max(w+2, 6), 60))); err != nil {
			return err
		}
	}
	return nil
}

// freeze keeps the rows up to and including row in view.
func (g *grid) freeze(row int) error {
	top, _ := excelize.CoordinatesToCellName(1, row+1)
	return g.f.SetPanes(g.name, &excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: top, ActivePane: "bottomLeft"})
}

// kindOf is how a value of a document's list is shown: an int as a
// whole number, a float64 with as many decimals as the printed text has.
func kindOf(v any, printed string) cellKind {
	switch v.(type) {
	case int:
		return kindInt
	case float64:
		_, frac, _ := strings.Cut(printed, ".")
		return [...]cellKind{kindInt, kindNum1, kindNum2, kindNum3}[min(len(frac), 3)]
	}
	return kindText
}

// approval adds the approval form (报批表): the title, the issuing unit
// and the number of teachers, the stint and kind of rotation, the list
// with its header repeated on every page, and the signature block.
func (b *book) approval(a Approval) error {
	name := Tr(b.lang, "报批表", "Approval form")
	if err := b.add(name); err != nil {
		return err
	}
	n := len(a.Heads)
	g := newGrid(b.f, name, n)
	half := n/2 - 1
	if err := g.span(1, 0, n-1, a.Title, b.st.title); err != nil {
		return err
	}
	if err := g.height(1, 36); err != nil {
		return err
	}
	lines := [][2]string{
		{Tr(b.lang, "填报单位（盖章）：", "Issuing unit: ") + a.Unit, fmt.Sprintf(Tr(b.lang, "交流人数：%d 人", "Teachers rotated: %d"), len(a.Rows))},
		{Tr(b.lang, "交流期限：", "Stint: ") + a.Stint, Tr(b.lang, "交流方式：", "Kind of rotation: ") + a.Kind},
	}
	for i, l := range lines {
		if err := g.span(2+i, 0, half, l[0], b.st.line); err != nil {
			return err
		}
		if err := g.span(2+i, half+1, n-1, l[1], b.st.line); err != nil {
			return err
		}
	}
	const head = 4
	for c, h := range a.Heads {
		if err := g.put(head, c, h, b.st.header, kindText); err != nil {
			return err
		}
	}
	for r, row := range a.Rows {
		for c, cell := range row {
			var v any = cell
			if r < len(a.Values) && c < len(a.Values[r]) {
				v = a.Values[r][c]
			}
			k := kindOf(v, cell)
			if err := g.put(head+1+r, c, v, b.st.cell[k], k); err != nil {
				return err
			}
		}
	}
	// The signature block: one blank row, then the signatures side by
	// side in a tall row, written below.
	if k := len(a.Signatures); k > 0 {
		sig := head + len(a.Rows) + 2
		for i, s := range a.Signatures {
			if err := g.span(sig, i*n/k, (i+1)*n/k-1, s, b.st.sign); err != nil {
				return err
			}
		}
		if err := g.height(sig, 36); err != nil {
			return err
		}
	}
	if err := g.setWidths(); err != nil {
		return err
	}
	if err := g.freeze(head); err != nil {
		return err
	}
	return b.page(name, head, head, n, g.last, false)
}

// notice adds the public notice (公示名单): the title, the five columns of
// the list with their header repeated on every page, the notice period,
// where objections go, and the issuing unit and the date.
func (b *book) notice(nt Notice) error {
	name := Tr(b.lang, "公示名单", "Public notice")
	if err := b.add(name); err != nil {
		return err
	}
	n := len(nt.Heads)
	g := newGrid(b.f, name, n)
	if err := g.span(1, 0, n-1, nt.Title, b.st.title); err != nil {
		return err
	}
	if err := g.height(1, 36); err != nil {
		return err
	}
	const head = 2
	for c, h := range nt.Heads {
		if err := g.put(head, c, h, b.st.header, kindText); err != nil {
			return err
		}
	}
	for r, row := range nt.Rows {
		for c, cell := range row {
			if err := g.put(head+1+r, c, cell, b.st.cell[kindText], kindText); err != nil {
				return err
			}
		}
	}
	r := head + len(nt.Rows) + 2
	var lines []string
	if nt.Period != "" {
		lines = append(lines, nt.Period)
	}
	if nt.Objection != "" {
		lines = append(lines, fmt.Sprintf(Tr(b.lang, "如有异议，请于公示期内向%s反映。", "Objections during the notice period go to %s."), nt.Objection))
	}
	for _, l := range lines {
		if err := g.span(r, 0, n-1, l, b.st.line); err != nil {
			return err
		}
		r++
	}
	r++
	for _, l := range []string{nt.Unit, Tr(b.lang, "年    月    日", "Date:")} {
		if l == "" {
			continue
		}
		if err := g.span(r, 0, n-1, l, b.st.right); err != nil {
			return err
		}
		r++
	}
	// The five columns spread over the width of the landscape page.
	if err := g.setWidths(12, 30, 30, 14, 10); err != nil {
		return err
	}
	if err := g.freeze(head); err != nil {
		return err
	}
	return b.page(name, head, head, n, g.last, false)
}

// schoolPages adds the school pages (学校明细) as one sheet: under a title
// repeated on every printed page, each school on a page of its own: its
// header line, who leaves, who arrives, and for each part its students,
// teachers, the seven indicators against their thresholds and its
// compliance, before and after. Indicators of in-scope parts below their
// threshold and non-compliance are highlighted.
func (b *book) schoolPages(title string, pages []SchoolPage) error {
	name := Tr(b.lang, "学校明细", "School pages")
	if err := b.add(name); err != nil {
		return err
	}
	const n = 5 // stage or teacher ID, item or name, threshold or subject, before, after
	g := newGrid(b.f, name, n)
	st, lang := b.st, b.lang
	if err := g.span(1, 0, n-1, title+Tr(lang, "（学校明细）", " (school pages)"), st.title); err != nil {
		return err
	}
	if err := g.height(1, 30); err != nil {
		return err
	}
	leavingHeads, arrivingHeads := SchoolPageHeads(lang)
	r := 2
	for i, p := range pages {
		if i > 0 {
			cell, _ := excelize.CoordinatesToCellName(1, r)
			if err := b.f.InsertPageBreak(name, cell); err != nil {
				return err
			}
		}
		if err := g.span(r, 0, n-1, p.ID+"  "+p.Name, st.banner); err != nil {
			return err
		}
		if err := g.height(r, 24); err != nil {
			return err
		}
		r++
		lists := []struct {
			label string
			heads []string
			rows  [][]string
		}{
			{Tr(lang, "调出教师", "Teachers leaving"), leavingHeads, p.Leaving},
			{Tr(lang, "调入教师", "Teachers arriving"), arrivingHeads, p.Arriving},
		}
		for _, l := range lists {
			if err := g.span(r, 0, n-1, fmt.Sprintf(Tr(lang, "%s（%d 人）", "%s (%d)"), l.label, len(l.rows)), st.bold); err != nil {
				return err
			}
			if err := g.height(r, 22); err != nil {
				return err
			}
			r++
			if len(l.rows) == 0 {
				continue
			}
			if err := g.listRow(r, l.heads, st.header); err != nil {
				return err
			}
			r++
			for _, row := range l.rows {
				if err := g.listRow(r, row, st.cell[kindText]); err != nil {
					return err
				}
				r++
			}
		}
		if err := g.span(r, 0, n-1, Tr(lang, "指标（交流前后）", "Indicators before and after"), st.bold); err != nil {
			return err
		}
		if err := g.height(r, 22); err != nil {
			return err
		}
		r++
		for c, h := range []string{Tr(lang, "学段", "stage"), Tr(lang, "项目", "item"), Tr(lang, "标准", "threshold"),
			Tr(lang, "交流前", "before"), Tr(lang, "交流后", "after")} {
			if err := g.put(r, c, h, st.header, kindText); err != nil {
				return err
			}
		}
		r++
		for _, pt := range p.Parts {
			var err error
			if r, err = b.partRows(g, r, pt); err != nil {
				return err
			}
		}
	}
	if err := g.setWidths(10, 0, 8, 10, 10); err != nil {
		return err
	}
	if err := g.freeze(1); err != nil {
		return err
	}
	return b.page(name, 1, 1, n, g.last, false)
}

// listRow writes a row of a school page's list: teacher ID, name and
// subject in the first three columns, the other school across the last two.
func (g *grid) listRow(r int, cells []string, style int) error {
	for c, v := range cells[:3] {
		k := kindText
		if c == 0 {
			k = kindID
		}
		if err := g.put(r, c, v, style, k); err != nil {
			return err
		}
	}
	return g.span(r, 3, 4, cells[3], style)
}

// partRows writes the rows of one part of a school from row r: students,
// in scope, teachers, the seven indicators and compliance; it returns the
// next free row.
func (b *book) partRows(g *grid, r int, pt SchoolPart) (int, error) {
	st, lang := b.st, b.lang
	stage := pt.Stage
	if s, err := model.ParseStage(pt.Stage); err == nil {
		stage = Tr(lang, s.ZH(), pt.Stage)
	}
	rows := [][]any{
		{stage, Tr(lang, "在校生", "students"), nil, pt.Students, pt.Students},
		{stage, Tr(lang, "参评", "in scope"), nil, yesNo(pt.InScope, lang), yesNo(pt.InScope, lang)},
		{stage, Tr(lang, "教师数", "teachers"), nil, pt.TeachersBefore, pt.TeachersAfter},
	}
	first := r + len(rows)
	for _, v := range pt.Indicators {
		item := v.Indicator
		if ind, err := model.ParseIndicator(v.Indicator); err == nil {
			item = ind.Code() + " " + Tr(lang, ind.ZH(), ind.String())
		}
		rows = append(rows, []any{stage, item, v.Threshold, v.Before, v.After})
	}
	rows = append(rows, []any{stage, Tr(lang, "达标", "compliant"), nil, yesNo(pt.CompliantBefore, lang), yesNo(pt.CompliantAfter, lang)})
	for i, row := range rows {
		for c, v := range row {
			k := kindText
			switch v.(type) {
			case int:
				k = kindInt
			case float64:
				k = kindNum2
			}
			if err := g.put(r+i, c, v, st.cell[k], k); err != nil {
				return 0, err
			}
		}
	}
	if pt.InScope && len(pt.Indicators) > 0 {
		last := first + len(pt.Indicators) - 1
		from, to := fmt.Sprintf("D%d", first), fmt.Sprintf("E%d", last)
		if err := b.f.SetConditionalFormat(g.name, from+":"+to, []excelize.ConditionalFormatOptions{
			{Type: "formula", Criteria: fmt.Sprintf("D%d<$C%d-1E-9", first, first), Format: &st.bad},
		}); err != nil {
			return 0, err
		}
		comp := last + 1
		if err := b.f.SetConditionalFormat(g.name, fmt.Sprintf("D%d:E%d", comp, comp), []excelize.ConditionalFormatOptions{
			{Type: "formula", Criteria: fmt.Sprintf("D%d=%s", comp, xlString(yesNo(false, lang))), Format: &st.bad},
		}); err != nil {
			return 0, err
		}
	}
	return r + len(rows), nil
}
