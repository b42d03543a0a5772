package document

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// cellKind says how a column's cells are stored and shown.
type cellKind int

const (
	kindText    cellKind = iota // a string cell
	kindID                      // a string cell formatted as text (@), so Excel keeps leading zeros and long digits
	kindInt                     // a whole number
	kindNum1                    // a number shown with 1 decimal
	kindNum2                    // a number shown with 2 decimals
	kindNum3                    // a number shown with 3 decimals
	kindGeneral                 // a number shown as stored
)

// column is one column of a sheet.
type column struct {
	head string
	kind cellKind
}

// cellRef is a data cell of a sheet: its row (0 is the first row below the
// header) and column.
type cellRef struct{ row, col int }

// sheet is one worksheet of the workbook: a header row, typed rows (string,
// int or float64 cells; nil leaves a cell empty) and the cells to highlight.
type sheet struct {
	name       string
	cols       []column
	rows       [][]any
	marks      map[cellRef]bool
	kinds      map[cellRef]cellKind // cells shown otherwise than their column
	freezeCols int                  // columns kept in view besides the header row
}

// kind is how the cell at row and column c is shown.
func (s *sheet) kind(row, c int) cellKind {
	if k, ok := s.kinds[cellRef{row, c}]; ok {
		return k
	}
	return s.cols[c].kind
}

// format shows the cells of row in the columns cols as kind k.
func (s *sheet) format(row int, k cellKind, cols ...int) {
	if s.kinds == nil {
		s.kinds = map[cellRef]cellKind{}
	}
	for _, c := range cols {
		s.kinds[cellRef{row, c}] = k
	}
}

func (s *sheet) mark(row, col int) {
	if s.marks == nil {
		s.marks = map[cellRef]bool{}
	}
	s.marks[cellRef{row, col}] = true
}

// idNumberHeader is the header of the identity-number column.
func idNumberHeader(lang string) string { return Tr(lang, "身份证件号", "id_number") }

// rotationSheet is the rotation list: the columns and values of plan.csv,
// with the identity number after the name when withID.
func rotationSheet(in *model.Instance, rep *solver.Report, lang string, withID bool) *sheet {
	heads := []string{"序号", "教职工号", "姓名", "性别", "学段", "学科", "职称", "学历", "骨干",
		"调出学校代码", "调出学校", "调入学校代码", "调入学校名称", "距离公里", "自愿", "毕业班", "理由"}
	if lang == "en" {
		heads = []string{"no", "teacher_id", "name", "gender", "stage", "subject", "title", "education", "backbone",
			"from_school_id", "from_school", "to_school_id", "to_school_name", "km", "volunteer", "graduating_class", "reasons"}
	}
	kinds := map[int]cellKind{0: kindInt, 1: kindID, 9: kindID, 11: kindID, 13: kindNum1}
	s := &sheet{name: Tr(lang, "交流名单", "Rotation list"), freezeCols: 3}
	for i, h := range heads {
		s.cols = append(s.cols, column{head: h, kind: kinds[i]})
		if i == 2 && withID {
			s.cols = append(s.cols, column{head: idNumberHeader(lang), kind: kindID})
		}
	}
	for i, m := range rep.Moves {
		t := &in.Teachers[m.Teacher]
		from, _ := in.SchoolByID(m.From)
		to, _ := in.SchoolByID(m.To)
		row := []any{i + 1, t.ID, t.Name}
		if withID {
			row = append(row, t.IDNumber)
		}
		row = append(row, Tr(lang, t.Gender.ZH(), t.Gender.String()),
			Tr(lang, t.Stage.ZH(), t.Stage.String()), Tr(lang, t.Subject.ZH(), t.Subject.String()),
			Tr(lang, t.Title.ZH(), t.Title.String()), Tr(lang, t.Education.ZH(), t.Education.String()),
			Tr(lang, t.Backbone.ZH(), t.Backbone.String()),
			m.From, in.Schools[from].Name, m.To, in.Schools[to].Name, round(m.Km, 1),
			yesNo(t.Volunteer, lang), yesNo(t.GraduatingClass, lang), reasonsText(m.Reasons, lang))
		s.rows = append(s.rows, row)
	}
	return s
}

// RotationCSV is plan.csv: the rotation list of rotationSheet as UTF-8 CSV
// with BOM. Without the identity number it has the bytes of PlanCSV.
func RotationCSV(in *model.Instance, rep *solver.Report, lang string, withID bool) []byte {
	s := rotationSheet(in, rep, lang, withID)
	var b bytes.Buffer
	w := newCSVWriter(&b)
	head := make([]string, len(s.cols))
	for i, c := range s.cols {
		head[i] = c.head
	}
	w.Write(head)
	for _, r := range s.rows {
		rec := make([]string, len(r))
		for i, v := range r {
			rec[i] = cellText(v, s.cols[i].kind)
		}
		w.Write(rec)
	}
	w.Flush()
	return b.Bytes()
}

// cellText formats a cell value as the CSV files do.
func cellText(v any, k cellKind) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case float64:
		switch k {
		case kindNum1:
			return num(v, 1)
		case kindNum2:
			return num(v, 2)
		case kindNum3:
			return num(v, 3)
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// round rounds v to prec decimals, so a cell stores what it shows.
func round(v float64, prec int) float64 {
	p := math.Pow(10, float64(prec))
	return math.Round(v*p) / p
}

// below reports whether v misses the threshold thr.
func below(v, thr float64) bool { return v < thr-1e-9 }

// schoolsSheet lists every school part with its indicators before and
// after against the thresholds, as schools.csv does. Indicators of
// in-scope parts below their threshold and the compliance of non-compliant
// parts are highlighted.
func schoolsSheet(rep *solver.Report, lang string) *sheet {
	s := &sheet{name: Tr(lang, "学校指标", "Schools"), freezeCols: 2}
	s.cols = []column{{Tr(lang, "学校代码", "school_id"), kindID}, {Tr(lang, "学校名称", "name"), kindText},
		{Tr(lang, "学段", "stage"), kindText}, {Tr(lang, "在校生", "students"), kindInt}, {Tr(lang, "参评", "in_scope"), kindText},
		{Tr(lang, "教师数(前)", "teachers_before"), kindInt}, {Tr(lang, "教师数(后)", "teachers_after"), kindInt}}
	for i := range model.NumIndicators {
		ind := model.Indicator(i)
		s.cols = append(s.cols, column{ind.Code() + Tr(lang, "标准", " threshold"), kindNum2},
			column{ind.Code() + Tr(lang, "(前)", " before"), kindNum2}, column{ind.Code() + Tr(lang, "(后)", " after"), kindNum2})
	}
	s.cols = append(s.cols, column{Tr(lang, "达标(前)", "compliant_before"), kindText}, column{Tr(lang, "达标(后)", "compliant_after"), kindText})
	for r, p := range rep.Parts {
		st, _ := model.ParseStage(p.Stage)
		row := []any{p.SchoolID, p.Name, Tr(lang, st.ZH(), p.Stage), p.Students, yesNo(p.InScope, lang), p.TeachersBefore, p.TeachersAfter}
		for _, v := range p.Indicators {
			c := len(row)
			row = append(row, round(v.Threshold, 2), round(v.Before, 2), round(v.After, 2))
			if p.InScope && below(v.Before, v.Threshold) {
				s.mark(r, c+1)
			}
			if p.InScope && below(v.After, v.Threshold) {
				s.mark(r, c+2)
			}
		}
		if p.InScope && !p.CompliantBefore {
			s.mark(r, len(row))
		}
		if p.InScope && !p.CompliantAfter {
			s.mark(r, len(row)+1)
		}
		row = append(row, yesNo(p.CompliantBefore, lang), yesNo(p.CompliantAfter, lang))
		s.rows = append(s.rows, row)
	}
	return s
}

// summarySheet is the county summary: score, quota, compliance counts and
// CVs before and after, and the provenance. Shortfalls, CVs over their
// limit and an infeasible plan are highlighted.
func summarySheet(rep *solver.Report, res *solver.Result, prov Provenance, lang string) *sheet {
	s := &sheet{name: Tr(lang, "县域汇总", "County summary"), freezeCols: 2}
	s.cols = []column{{Tr(lang, "类别", "section"), kindText}, {Tr(lang, "项目", "item"), kindText},
		{Tr(lang, "学段", "stage"), kindText}, {Tr(lang, "前", "before"), kindGeneral}, {Tr(lang, "后", "after"), kindGeneral},
		{Tr(lang, "标准或限值", "threshold_or_limit"), kindGeneral}, {Tr(lang, "说明", "note"), kindText}}
	add := func(row ...any) int {
		s.rows = append(s.rows, row)
		return len(s.rows) - 1
	}
	sc := rep.Score
	sec := Tr(lang, "评分", "score")
	if r := add(sec, Tr(lang, "可行", "feasible"), nil, nil, nil, nil, yesNo(sc.Feasible, lang)); !sc.Feasible {
		s.mark(r, 6)
	}
	if r := add(sec, Tr(lang, "硬约束 (人)", "hard (teachers)"), nil, nil, sc.Hard, 0, nil); sc.Hard > 0 {
		s.mark(r, 4)
	}
	s.format(add(sec, Tr(lang, "中 (教师当量)", "medium (teacher-equivalents)"), nil, nil, round(sc.Medium, 3), nil, nil), kindNum3, 4)
	s.format(add(sec, Tr(lang, "软 (调动代价)", "soft (disruption)"), nil, nil, round(sc.Soft, 2), nil, nil), kindNum2, 4)
	s.format(add(sec, Tr(lang, "总分", "total"), nil, nil, round(sc.Total, 2), nil, nil), kindNum2, 4)
	if res != nil {
		s.format(add(sec, Tr(lang, "下界", "bound"), nil, nil, round(res.Bound, 2), nil, nil), kindNum2, 4)
		add(sec, Tr(lang, "差距", "gap"), nil, nil, round(res.Gap(), 5), nil, nil)
		add(sec, Tr(lang, "停止原因", "stopped on"), nil, nil, nil, nil, res.Status.String())
	}

	q := rep.Quota
	sec = Tr(lang, "交流配额", "quota")
	add(sec, Tr(lang, "符合交流条件", "eligible"), nil, nil, q.Eligible, nil, nil)
	add(sec, Tr(lang, "应交流", "required"), nil, nil, q.Required, nil, nil)
	if r := add(sec, Tr(lang, "交流人数", "moved"), nil, nil, q.Moved, q.Required, nil); q.Moved < q.Required {
		s.mark(r, 4)
	}
	if r := add(sec, Tr(lang, "骨干教师交流人数", "backbone moved"), nil, nil, q.BackboneMoved, q.BackboneRequired, nil); q.BackboneMoved < q.BackboneRequired {
		s.mark(r, 4)
	}

	sec = Tr(lang, "达标校", "compliance")
	for _, c := range rep.Compliance {
		st, _ := model.ParseStage(c.Stage)
		stage := Tr(lang, st.ZH(), c.Stage)
		add(sec, Tr(lang, "参评学校(部)数", "parts in scope"), stage, c.Parts, c.Parts, nil, nil)
		r := add(sec, Tr(lang, "达标学校(部)数", "compliant parts"), stage, c.Before, c.After, c.Parts, nil)
		if c.Before < c.Parts {
			s.mark(r, 3)
		}
		if c.After < c.Parts {
			s.mark(r, 4)
		}
	}

	sec = Tr(lang, "差异系数", "coefficient of variation")
	for _, cv := range rep.CV {
		ind, _ := model.ParseIndicator(cv.Indicator)
		st, _ := model.ParseStage(cv.Stage)
		r := add(sec, ind.Code()+" "+Tr(lang, ind.ZH(), ind.String()), Tr(lang, st.ZH(), cv.Stage),
			cvCell(cv.Before), cvCell(cv.After), cv.Limit, nil)
		s.format(r, kindNum3, 3, 4)
		s.format(r, kindNum2, 5)
		if cv.Before != nil && *cv.Before > cv.Limit {
			s.mark(r, 3)
		}
		if cv.After != nil && *cv.After > cv.Limit {
			s.mark(r, 4)
		}
	}

	sec = Tr(lang, "来源", "provenance")
	add(sec, Tr(lang, "工具", "tool"), nil, nil, nil, nil, prov.Tool+" "+prov.Version)
	add(sec, Tr(lang, "数据集", "dataset"), nil, nil, nil, nil, prov.Dataset)
	if res != nil {
		add(sec, Tr(lang, "随机种子", "seed"), nil, nil, nil, nil, strconv.FormatUint(prov.Seed, 10))
		add(sec, Tr(lang, "线程", "threads"), nil, nil, nil, nil, strconv.Itoa(prov.Threads))
	}
	add(sec, Tr(lang, "政策 sha256", "policy sha256"), nil, nil, nil, nil, prov.PolicyHash)
	for _, f := range prov.Inputs {
		add(sec, f.Name, nil, nil, nil, nil, f.Encoding+" sha256 "+f.SHA256)
	}
	return s
}

func cvCell(v *float64) any {
	if v == nil {
		return nil
	}
	return round(*v, 3)
}

// hardTermNames are the Chinese names of the hard terms of the score.
var hardTermNames = map[string]string{
	"quota_shortfall":    "交流人数不足",
	"backbone_shortfall": "骨干教师交流不足",
	"outflow_cap":        "调出超过上限",
	"inflow_cap":         "调入超过上限",
	"pin_violated":       "未执行指定调整",
	"invalid_move":       "无效调动",
}

// violationsSheet lists every hard term of the score, one row per school
// or teacher behind it (invalid moves included), or one row for a term
// without items; rows of violated terms are highlighted.
func violationsSheet(rep *solver.Report, lang string) *sheet {
	s := &sheet{name: Tr(lang, "违规", "Violations"), freezeCols: 2}
	s.cols = []column{{Tr(lang, "约束", "constraint"), kindText}, {Tr(lang, "代码", "code"), kindText},
		{Tr(lang, "总量", "amount"), kindGeneral}, {Tr(lang, "加权", "weighted"), kindGeneral},
		{Tr(lang, "学校代码", "school_id"), kindID}, {Tr(lang, "学段", "stage"), kindText}, {Tr(lang, "学科", "subject"), kindText},
		{Tr(lang, "教职工号", "teacher_id"), kindID}, {Tr(lang, "数量", "item_amount"), kindGeneral}, {Tr(lang, "说明", "detail"), kindText}}
	for _, t := range rep.Terms {
		if t.Level != "hard" {
			continue
		}
		name := t.Name
		if zh, ok := hardTermNames[t.Name]; ok {
			name = Tr(lang, zh, strings.ReplaceAll(t.Name, "_", " "))
		}
		head := []any{name, t.Name, round(t.Amount, 3), round(t.Weighted, 2)}
		items := t.Items
		if len(items) == 0 {
			items = []solver.TermItem{{}}
		}
		for _, it := range items {
			row := append(append([]any{}, head...), strOrNil(it.SchoolID), stageText(it.Stage, lang), subjectText(it.Subject, lang),
				strOrNil(it.TeacherID), nil, strOrNil(it.Detail))
			switch {
			case it != (solver.TermItem{}):
				row[8] = round(it.Amount, 3)
			case t.Amount == 0:
				row[9] = Tr(lang, "满足", "holds")
			case t.Name == "quota_shortfall":
				row[9] = fmt.Sprintf(Tr(lang, "交流 %d 人, 应交流 %d 人", "moved %d, required %d"), rep.Quota.Moved, rep.Quota.Required)
			case t.Name == "backbone_shortfall":
				row[9] = fmt.Sprintf(Tr(lang, "骨干教师交流 %d 人, 应 %d 人", "backbone moved %d, required %d"), rep.Quota.BackboneMoved, rep.Quota.BackboneRequired)
			}
			s.rows = append(s.rows, row)
			if t.Amount > 0 {
				for c := range row {
					s.mark(len(s.rows)-1, c)
				}
			}
		}
	}
	return s
}

func strOrNil(v string) any {
	if v == "" {
		return nil
	}
	return v
}

func stageText(v, lang string) any {
	if st, err := model.ParseStage(v); err == nil && v != "" {
		return Tr(lang, st.ZH(), v)
	}
	return strOrNil(v)
}

func subjectText(v, lang string) any {
	if su, err := model.ParseSubject(v); err == nil && v != "" {
		return Tr(lang, su.ZH(), v)
	}
	return strOrNil(v)
}

// Data holds what a workbook or a report page shows.
type Data struct {
	In     *model.Instance // shown as given: the caller removes the identity numbers and names it must not show
	Report *solver.Report
	Result *solver.Result // nil when scoring a given plan
	Prov   Provenance
	Lang   string // one of Langs
	WithID bool   // the workbook's rotation list carries In's identity numbers
}

// Workbook builds the approval workbook: the rotation list, the schools
// before and after, the county summary and the violations.
func Workbook(d Data) ([]byte, error) {
	sheets := []*sheet{
		rotationSheet(d.In, d.Report, d.Lang, d.WithID),
		schoolsSheet(d.Report, d.Lang),
		summarySheet(d.Report, d.Result, d.Prov, d.Lang),
		violationsSheet(d.Report, d.Lang),
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName(f.GetSheetName(0), s.name); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			return nil, err
		}
		if err := st.write(f, s); err != nil {
			return nil, fmt.Errorf("sheet %s: %w", s.name, err)
		}
	}
	f.SetActiveSheet(0)
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// styles are the cell styles of the workbook: the header, and per kind of
// cell a plain and a highlighted one.
type styles struct {
	header int
	plain  map[cellKind]int
	marked map[cellKind]int
}

func newStyles(f *excelize.File) (*styles, error) {
	st := &styles{plain: map[cellKind]int{}, marked: map[cellKind]int{}}
	var err error
	st.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
	})
	if err != nil {
		return nil, err
	}
	text := "@"
	for _, k := range []cellKind{kindText, kindID, kindInt, kindNum1, kindNum2, kindNum3, kindGeneral} {
		base := excelize.Style{}
		switch k {
		case kindID:
			base.CustomNumFmt = &text
		case kindInt:
			base.NumFmt = 1 // 0
		case kindNum1:
			nf := "0.0"
			base.CustomNumFmt = &nf
		case kindNum2:
			base.NumFmt = 2 // 0.00
		case kindNum3:
			nf := "0.000"
			base.CustomNumFmt = &nf
		}
		if st.plain[k], err = f.NewStyle(&base); err != nil {
			return nil, err
		}
		// Excel's "Bad" cell style: light red fill, dark red text.
		base.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}
		base.Font = &excelize.Font{Color: "9C0006"}
		if st.marked[k], err = f.NewStyle(&base); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// write fills the worksheet named s.name: header, rows, styles, frozen
// panes, auto filter and column widths.
func (st *styles) write(f *excelize.File, s *sheet) error {
	n := len(s.cols)
	last := len(s.rows) + 1
	widths := make([]int, n)
	for c, col := range s.cols {
		cell, _ := excelize.CoordinatesToCellName(c+1, 1)
		if err := f.SetCellStr(s.name, cell, col.head); err != nil {
			return err
		}
		widths[c] = textWidth(col.head)
	}
	for r, row := range s.rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
			var err error
			switch v := v.(type) {
			case nil:
				continue
			case string:
				err = f.SetCellStr(s.name, cell, v)
			default:
				err = f.SetCellValue(s.name, cell, v)
			}
			if err != nil {
				return err
			}
			widths[c] = max(widths[c], textWidth(cellText(v, s.kind(r, c))))
		}
	}
	first, _ := excelize.CoordinatesToCellName(1, 1)
	end, _ := excelize.CoordinatesToCellName(n, 1)
	if err := f.SetCellStyle(s.name, first, end, st.header); err != nil {
		return err
	}
	for c, col := range s.cols {
		name, _ := excelize.ColumnNumberToName(c + 1)
		if last > 1 {
			if err := f.SetCellStyle(s.name, name+"2", name+strconv.Itoa(last), st.plain[col.kind]); err != nil {
				return err
			}
		}
		if err := f.SetColWidth(s.name, name, name, float64(min(max(widths[c]+2, 6), 60))); err != nil {
			return err
		}
	}
	for r := range s.rows {
		for c := range s.cols {
			ref := cellRef{r, c}
			_, other := s.kinds[ref]
			if !s.marks[ref] && !other {
				continue
			}
			style := st.plain[s.kind(r, c)]
			if s.marks[ref] {
				style = st.marked[s.kind(r, c)]
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
			if err := f.SetCellStyle(s.name, cell, cell, style); err != nil {
				return err
			}
		}
	}
	top, _ := excelize.CoordinatesToCellName(s.freezeCols+1, 2)
	panes := &excelize.Panes{Freeze: true, YSplit: 1, XSplit: s.freezeCols, TopLeftCell: top, ActivePane: "bottomLeft"}
	if s.freezeCols > 0 {
		panes.ActivePane = "bottomRight"
	}
	if err := f.SetPanes(s.name, panes); err != nil {
		return err
	}
	end, _ = excelize.CoordinatesToCellName(n, last)
	return f.AutoFilter(s.name, first+":"+end, nil)
}

// textWidth is the width of v in Excel's character units: wide (CJK)
// characters count two.
func textWidth(v string) int {
	w := 0
	for _, r := range v {
		if utf8.RuneLen(r) >= 3 {
			w += 2
		} else {
			w++
		}
	}
	return w
}
