package document

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// cellKind says how a column's cells are stored and shown. Numbers are
// stored at full precision; the kind is only their display format.
type cellKind int

const (
	kindText    cellKind = iota // a string cell
	kindID                      // a string cell formatted as text (@), so Excel keeps leading zeros and long digits
	kindInt                     // a whole number
	kindNum1                    // a number shown with 1 decimal
	kindNum2                    // a number shown with 2 decimals
	kindNum3                    // a number shown with 3 decimals
	kindGeneral                 // a number shown as stored
	kindPct                     // a fraction shown as a percentage with 3 decimals
)

// column is one column of a sheet.
type column struct {
	head string
	kind cellKind
}

// cellRef is a data cell of a sheet: its row (0 is the first row below the
// header) and column.
type cellRef struct{ row, col int }

// rule highlights the cells of a range while an Excel formula holds, as a
// conditional format, so that a cell edited in the workbook is coloured
// again. The formula is written for the top-left cell of the range; its
// relative references shift over the range as Excel shifts them.
type rule struct {
	first, last cellRef
	formula     string
}

// sheet is one table of the workbook: a header row, typed rows (string,
// int or float64 cells; nil leaves a cell empty) and the rules that
// highlight cells.
type sheet struct {
	name       string
	cols       []column
	rows       [][]any
	kinds      map[cellRef]cellKind // cells shown otherwise than their column
	rules      []rule
	freezeCols int // columns kept in view besides the header row
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

// highlight colours the cells from first to last while formula holds.
func (s *sheet) highlight(first, last cellRef, formula string) {
	s.rules = append(s.rules, rule{first, last, formula})
}

// ref is the A1 reference of the data cell at row and column col of a
// table sheet (row 0 is the sheet's second row); absCol fixes the column
// ($E2), so that the reference stays in it over the columns of a range.
func ref(row, col int, absCol bool) string {
	name, _ := excelize.ColumnNumberToName(col + 1)
	if absCol {
		name = "$" + name
	}
	return name + strconv.Itoa(row+2)
}

// xlString is v as an Excel string literal.
func xlString(v string) string { return `"` + strings.ReplaceAll(v, `"`, `""`) + `"` }

// idNumberHeader is the header of the identity-number column.
func idNumberHeader(lang string) string { return Tr(lang, "身份证件号", "id_number") }

// rotationSheet is the rotation list: the columns and values of plan.csv,
// with the identity number after the name when withID.
func rotationSheet(in *model.Instance, rep *solver.Report, lang string, withID bool) *sheet {
	heads := []string{"序号", "教职工号", "姓名", "性别", "学段", "学科", "职称", "学历", "骨干",
		"调出学校代码", "调出学校", "调入学校代码", "调入学校名称", "距离公里", "自愿", "毕业班", "志愿序号", "理由"}
	if lang == "en" {
		heads = []string{"no", "teacher_id", "name", "gender", "stage", "subject", "title", "education", "backbone",
			"from_school_id", "from_school", "to_school_id", "to_school_name", "km", "volunteer", "graduating_class", "wish_rank", "reasons"}
	}
	kinds := map[int]cellKind{0: kindInt, 1: kindID, 9: kindID, 11: kindID, 13: kindNum1}
	s := &sheet{name: Tr(lang, "交流名单", "Rotation list"), freezeCols: 3}
	for i, h := range heads {
		s.cols = append(s.cols, column{head: h, kind: kinds[i]})
		if i == 2 && withID {
			s.cols = append(s.cols, column{head: idNumberHeader(lang), kind: kindID})
		}
	}
	if rep.Defense.Baseline != nil { // plan --baseline: kept, changed, new or pinned
		s.cols = append(s.cols, column{head: baselineHead(lang)})
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
			m.From, in.Schools[from].Name, m.To, in.Schools[to].Name, m.Km,
			yesNo(t.Volunteer, lang), yesNo(t.GraduatingClass, lang), WishText(m, lang), reasonsText(m.Reasons, lang))
		if rep.Defense.Baseline != nil {
			row = append(row, BaselineText(m.Baseline, lang))
		}
		s.rows = append(s.rows, row)
	}
	return s
}

// RotationCSV is plan.csv: the rotation list of rotationSheet as UTF-8 CSV
// with BOM. Without the identity number it has the bytes of PlanCSV.
func RotationCSV(in *model.Instance, rep *solver.Report, lang string, withID bool) []byte {
	return sheetCSV(rotationSheet(in, rep, lang, withID))
}

// sheetCSV writes a table sheet as UTF-8 CSV with BOM, each cell as its
// column's kind shows it and formula-safe.
func sheetCSV(s *sheet) []byte {
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
		case kindPct:
			return num(100*v, 3) + "%"
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// below reports whether v misses the threshold thr.
func below(v, thr float64) bool { return v < thr-1e-9 }

// schoolsSheet lists every school part with its indicators before and
// after against the thresholds, as schools.csv does, at full precision.
// Indicators of in-scope parts below their threshold and the compliance
// of non-compliant parts are highlighted.
func schoolsSheet(rep *solver.Report, lang string) *sheet {
	s := &sheet{name: Tr(lang, "学校指标", "Schools"), freezeCols: 2}
	s.cols = []column{{Tr(lang, "学校代码", "school_id"), kindID}, {Tr(lang, "学校名称", "name"), kindText},
		{Tr(lang, "学段", "stage"), kindText}, {Tr(lang, "在校生", "students"), kindInt}, {Tr(lang, "参评", "in_scope"), kindText},
		{Tr(lang, "教师数(前)", "teachers_before"), kindInt}, {Tr(lang, "教师数(后)", "teachers_after"), kindInt}}
	const inScope = 4
	for i := range model.NumIndicators {
		ind := model.Indicator(i)
		s.cols = append(s.cols, column{ind.Code() + Tr(lang, "标准", " threshold"), kindNum2},
			column{ind.Code() + Tr(lang, "(前)", " before"), kindNum2}, column{ind.Code() + Tr(lang, "(后)", " after"), kindNum2})
	}
	s.cols = append(s.cols, column{Tr(lang, "达标(前)", "compliant_before"), kindText}, column{Tr(lang, "达标(后)", "compliant_after"), kindText})
	for _, p := range rep.Parts {
		st, _ := model.ParseStage(p.Stage)
		row := []any{p.SchoolID, p.Name, Tr(lang, st.ZH(), p.Stage), p.Students, yesNo(p.InScope, lang), p.TeachersBefore, p.TeachersAfter}
		for _, v := range p.Indicators {
			row = append(row, v.Threshold, v.Before, v.After)
		}
		row = append(row, yesNo(p.CompliantBefore, lang), yesNo(p.CompliantAfter, lang))
		s.rows = append(s.rows, row)
	}
	if n := len(s.rows); n > 0 {
		yes, no := xlString(yesNo(true, lang)), xlString(yesNo(false, lang))
		in := ref(0, inScope, true)
		for c := 7; c < 7+3*model.NumIndicators; c += 3 {
			for _, v := range []int{c + 1, c + 2} { // before, after
				s.highlight(cellRef{0, v}, cellRef{n - 1, v},
					fmt.Sprintf("AND(%s=%s,%s<%s-1E-9)", in, yes, ref(0, v, false), ref(0, c, true)))
			}
		}
		for _, c := range []int{len(s.cols) - 2, len(s.cols) - 1} {
			s.highlight(cellRef{0, c}, cellRef{n - 1, c}, fmt.Sprintf("AND(%s=%s,%s=%s)", in, yes, ref(0, c, false), no))
		}
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
	const before, after, limit, note = 3, 4, 5, 6
	add := func(row ...any) int {
		s.rows = append(s.rows, row)
		return len(s.rows) - 1
	}
	// over highlights the cell at row r and column c while it holds a
	// number greater than the cell in column other (less when less).
	over := func(r, c, other int, less bool) {
		op := ">"
		if less {
			op = "<"
		}
		s.highlight(cellRef{r, c}, cellRef{r, c}, fmt.Sprintf("AND(ISNUMBER(%s),%s%s%s)", ref(r, c, false), ref(r, c, false), op, ref(r, other, false)))
	}
	sc := rep.Score
	sec := Tr(lang, "评分", "score")
	r := add(sec, Tr(lang, "可行", "feasible"), nil, nil, nil, nil, yesNo(sc.Feasible, lang))
	s.highlight(cellRef{r, note}, cellRef{r, note}, ref(r, note, false)+"="+xlString(yesNo(false, lang)))
	r = add(sec, Tr(lang, "硬约束 (人)", "hard (teachers)"), nil, nil, sc.Hard, 0, nil)
	over(r, after, limit, false)
	s.format(add(sec, Tr(lang, "中 (教师当量)", "medium (teacher-equivalents)"), nil, nil, sc.Medium, nil, nil), kindNum3, after)
	s.format(add(sec, Tr(lang, "软 (调动代价)", "soft (disruption)"), nil, nil, sc.Soft, nil, nil), kindNum2, after)
	s.format(add(sec, Tr(lang, "总分", "total"), nil, nil, sc.Total, nil, nil), kindNum2, after)
	if res != nil {
		s.format(add(sec, Tr(lang, "下界", "bound"), nil, nil, res.Bound, nil, nil), kindNum2, after)
		s.format(add(sec, Tr(lang, "差距", "gap"), nil, nil, res.Gap(), nil, nil), kindPct, after)
		add(sec, Tr(lang, "停止原因", "stopped on"), nil, nil, nil, nil, res.Status.String())
	}

	q := rep.Quota
	sec = Tr(lang, "交流配额", "quota")
	add(sec, Tr(lang, "符合交流条件", "eligible"), nil, nil, q.Eligible, nil, nil)
	add(sec, Tr(lang, "应交流", "required"), nil, nil, q.Required, nil, nil)
	over(add(sec, Tr(lang, "交流人数", "moved"), nil, nil, q.Moved, q.Required, nil), after, limit, true)
	over(add(sec, Tr(lang, "骨干教师交流人数", "backbone moved"), nil, nil, q.BackboneMoved, q.BackboneRequired, nil), after, limit, true)

	sec = Tr(lang, "达标校", "compliance")
	for _, c := range rep.Compliance {
		st, _ := model.ParseStage(c.Stage)
		stage := Tr(lang, st.ZH(), c.Stage)
		add(sec, Tr(lang, "参评学校(部)数", "parts in scope"), stage, c.Parts, c.Parts, nil, nil)
		r := add(sec, Tr(lang, "达标学校(部)数", "compliant parts"), stage, c.Before, c.After, c.Parts, nil)
		over(r, before, limit, true)
		over(r, after, limit, true)
	}

	sec = Tr(lang, "差异系数", "coefficient of variation")
	for _, cv := range rep.CV {
		ind, _ := model.ParseIndicator(cv.Indicator)
		st, _ := model.ParseStage(cv.Stage)
		r := add(sec, ind.Code()+" "+Tr(lang, ind.ZH(), ind.String()), Tr(lang, st.ZH(), cv.Stage),
			cvCell(cv.Before), cvCell(cv.After), cv.Limit, nil)
		s.format(r, kindNum3, before, after)
		s.format(r, kindNum2, limit)
		over(r, before, limit, false)
		over(r, after, limit, false)
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
	return *v
}

// hardTermNames are the Chinese names of the hard terms of the score.
var hardTermNames = map[string]string{
	"quota_shortfall":    "交流人数不足",
	"backbone_shortfall": "骨干教师交流不足",
	"outflow_cap":        "调出超过上限",
	"inflow_cap":         "调入超过上限",
	"pin_violated":       "未执行指定调整",
	"invalid_move":       "无效调动",
	"priority_inversion": "积分顺序倒置",
	"priority_envy":      "志愿被低积分者占用",
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
	const amount = 2
	for _, t := range rep.Terms {
		if t.Level != "hard" {
			continue
		}
		name := t.Name
		if zh, ok := hardTermNames[t.Name]; ok {
			name = Tr(lang, zh, strings.ReplaceAll(t.Name, "_", " "))
		}
		head := []any{name, t.Name, t.Amount, t.Weighted}
		items := t.Items
		if len(items) == 0 {
			items = []solver.TermItem{{}}
		}
		for _, it := range items {
			row := append(append([]any{}, head...), strOrNil(it.SchoolID), stageText(it.Stage, lang), subjectText(it.Subject, lang),
				strOrNil(it.TeacherID), nil, strOrNil(detailText(it.Detail, lang)))
			switch {
			case it != (solver.TermItem{}):
				row[8] = it.Amount
			case t.Amount == 0:
				row[9] = Tr(lang, "满足", "holds")
			case t.Name == "quota_shortfall":
				row[9] = fmt.Sprintf(Tr(lang, "交流 %d 人, 应交流 %d 人", "moved %d, required %d"), rep.Quota.Moved, rep.Quota.Required)
			case t.Name == "backbone_shortfall":
				row[9] = fmt.Sprintf(Tr(lang, "骨干教师交流 %d 人, 应 %d 人", "backbone moved %d, required %d"), rep.Quota.BackboneMoved, rep.Quota.BackboneRequired)
			}
			s.rows = append(s.rows, row)
		}
	}
	if n := len(s.rows); n > 0 {
		s.highlight(cellRef{0, 0}, cellRef{n - 1, len(s.cols) - 1}, ref(0, amount, true)+">0")
	}
	return s
}

// detailsZH word the details of the hard terms (solver.TermItem.Detail)
// in Chinese: a pattern of the English detail and its Chinese wording.
var detailsZH = []struct {
	re *regexp.Regexp
	zh func(m []string) string
}{
	{regexp.MustCompile(`^moved (\d+) of (\d+) required; (\d+) of (\d+) eligible teachers have a receiver within max_distance_km that teaches their stage$`),
		func(m []string) string {
			return fmt.Sprintf("交流 %s 人, 应交流 %s 人; 符合条件的 %s 人中 %s 人在最远交流距离 (max_distance_km) 内有同学段的接收学校", m[1], m[2], m[4], m[3])
		}},
	{regexp.MustCompile(`^(\d+) backbone moved of (\d+) required; (\d+) eligible backbone teachers can move$`),
		func(m []string) string {
			return fmt.Sprintf("骨干教师交流 %s 人, 应 %s 人; 可交流的符合条件骨干教师 %s 人", m[1], m[2], m[3])
		}},
	{regexp.MustCompile(`^(\d+) > cap (\d+)$`), func(m []string) string { return fmt.Sprintf("%s 人, 超过上限 %s 人", m[1], m[2]) }},
	{regexp.MustCompile(`^pinned to move to (.+)$`), func(m []string) string { return "指定调往 " + m[1] }},
	{regexp.MustCompile(`^pinned to stay$`), func([]string) string { return "指定留任" }},
	{regexp.MustCompile(`^moved to a forbidden school$`), func([]string) string { return "调往禁止调入的学校" }},
	{regexp.MustCompile(`^destination is the teacher's own school$`), func([]string) string { return "调入学校为本校" }},
	{regexp.MustCompile(`^destination (.+) is neither rural nor weak$`), func(m []string) string { return "调入学校 " + m[1] + " 既非乡村学校也非薄弱学校" }},
	{regexp.MustCompile(`^destination (.+) does not teach (\w+)$`), func(m []string) string {
		if st, err := model.ParseStage(m[2]); err == nil {
			m[2] = st.ZH()
		}
		return "调入学校 " + m[1] + " 不设" + m[2]
	}},
	{regexp.MustCompile(`^teacher is already serving at (.+)$`), func(m []string) string { return "教师已在 " + m[1] + " 交流" }},
	{regexp.MustCompile(`^teacher is not eligible: (\w+)$`), func(m []string) string {
		for e := solver.Eligible; e <= solver.NearRetirement; e++ {
			if e.String() == m[1] {
				return "教师不符合交流条件: " + e.ZH()
			}
		}
		return "教师不符合交流条件: " + m[1]
	}},
	{regexp.MustCompile(`^distance exceeds max_distance_km$`), func([]string) string { return "距离超过最远交流距离 (max_distance_km)" }},
}

// detailText is the detail of a hard term's item in the language lang;
// a detail of no known pattern is kept as it is.
func detailText(detail, lang string) string {
	if lang == "en" {
		return detail
	}
	for _, d := range detailsZH {
		if m := d.re.FindStringSubmatch(detail); m != nil {
			return d.zh(m)
		}
	}
	return detail
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

// Workbook builds the approval workbook: the rotation list (first, so
// that the workbook reads back as a plan), the approval form, the public
// notice, the school pages, the schools before and after, the county
// summary, the violations, the points table, the structures (title and
// age, districts, groups) and the principal exchange. Every sheet prints on A4
// landscape, fit to the page width, with its header row on every page and
// page numbers in the footer. Numbers are stored at full precision and
// shown rounded; highlights are conditional formats. The document
// properties come from the policy (title, issuing unit, plan date), so the
// same input gives the same bytes.
func Workbook(d Data) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	b := &book{f: f, st: st, lang: d.Lang}
	for _, add := range []func() error{
		func() error { return b.table(rotationSheet(d.In, d.Report, d.Lang, d.WithID)) },
		func() error { return b.approval(NewApproval(d)) },
		func() error { return b.notice(NewNotice(d)) },
		func() error { return b.schoolPages(listTitle(d.In, d.Lang), NewSchoolPages(d)) },
		func() error { return b.table(schoolsSheet(d.Report, d.Lang)) },
		func() error { return b.table(summarySheet(d.Report, d.Result, d.Prov, d.Lang)) },
		func() error { return b.table(violationsSheet(d.Report, d.Lang)) },
		func() error { return b.table(pointsSheet(NewPoints(d), d.Lang)) },
		func() error { return b.table(complaintsSheet(d.In, d.Report, d.Lang)) },
		func() error { return b.table(structuresSheet(d.Report, d.Lang)) },
		func() error { return b.table(principalsSheet(NewPrincipals(d), d.Lang)) },
		func() error { return b.table(eligibilitySheet(d)) },
	} {
		if err := add(); err != nil {
			return nil, fmt.Errorf("sheet %s: %w", b.sheet, err)
		}
	}
	f.SetActiveSheet(0)
	if err := setProperties(f, d); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// setProperties sets the document properties: the title of the list, the
// issuing unit as author and company, and the plan date as the time of
// creation and modification, a time the inputs fix (the clock would make
// every run differ).
func setProperties(f *excelize.File, d Data) error {
	doc := d.In.Policy.Documents
	author := doc.IssuingUnit
	if author == "" {
		author = d.Prov.Tool
	}
	if author == "" {
		author = "rotaplan"
	}
	p := &excelize.DocProperties{
		Title:          listTitle(d.In, d.Lang),
		Subject:        Tr(d.Lang, "义务教育学校教师交流轮岗报批表", "approval workbook of the teacher rotation"),
		Creator:        author,
		LastModifiedBy: author,
		Language:       Tr(d.Lang, "zh-CN", "en"),
	}
	if pd := d.In.Policy.PlanDate; pd.Year() > 0 {
		p.Created = fmt.Sprintf("%04d-%02d-01T00:00:00Z", pd.Year(), pd.MonthNum())
		p.Modified = p.Created
	}
	if err := f.SetDocProps(p); err != nil {
		return err
	}
	return f.SetAppProps(&excelize.AppProperties{Application: "rotaplan", Company: doc.IssuingUnit})
}

// book is a workbook being written: its sheets are added in order.
type book struct {
	f      *excelize.File
	st     *styles
	lang   string
	sheets int    // sheets added
	sheet  string // the sheet being written
}

// add adds the sheet name after the others.
func (b *book) add(name string) error {
	defer func() { b.sheets++ }()
	b.sheet = name
	if b.sheets == 0 {
		return b.f.SetSheetName(b.f.GetSheetName(0), name)
	}
	_, err := b.f.NewSheet(name)
	return err
}

// styles are the cell styles of the workbook and the format of the
// highlighted cells.
type styles struct {
	header int              // a table's header row: bold on blue-grey, boxed, wrapped
	cell   map[cellKind]int // a table's body cells, boxed, by kind
	title  int              // a document's title: bold, large, centred
	line   int              // a line of text: the unit, the stint, the notice period
	right  int              // a line of text set right: the unit and date closing the notice
	sign   int              // a signature: left, at the bottom of a tall row
	banner int              // a school's header line on the school pages
	bold   int              // a section line on the school pages
	bad    int              // the conditional format of a highlighted cell
}

func newStyles(f *excelize.File) (*styles, error) {
	st := &styles{cell: map[cellKind]int{}}
	box := []excelize.Border{{Type: "left", Color: "808080", Style: 1}, {Type: "right", Color: "808080", Style: 1},
		{Type: "top", Color: "808080", Style: 1}, {Type: "bottom", Color: "808080", Style: 1}}
	var err error
	add := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	st.header = add(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    box,
	})
	text := "@"
	for _, k := range []cellKind{kindText, kindID, kindInt, kindNum1, kindNum2, kindNum3, kindGeneral, kindPct} {
		s := excelize.Style{Border: box, Alignment: &excelize.Alignment{Vertical: "center"}}
		switch k {
		case kindID:
			s.CustomNumFmt = &text
		case kindInt:
			s.NumFmt = 1 // 0
		case kindNum1:
			nf := "0.0"
			s.CustomNumFmt = &nf
		case kindNum2:
			s.NumFmt = 2 // 0.00
		case kindNum3:
			nf := "0.000"
			s.CustomNumFmt = &nf
		case kindPct:
			nf := "0.000%"
			s.CustomNumFmt = &nf
		}
		st.cell[k] = add(&s)
	}
	st.title = add(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	st.line = add(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "center"}})
	st.right = add(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}})
	st.sign = add(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "bottom"}})
	st.banner = add(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}, Alignment: &excelize.Alignment{Vertical: "center"}})
	st.bold = add(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "bottom"}})
	if err != nil {
		return nil, err
	}
	// Excel's "Bad" cell style: light red fill, dark red text.
	st.bad, err = f.NewConditionalStyle(&excelize.Style{
		Font: &excelize.Font{Color: "9C0006"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}},
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// table adds the sheet s: header, rows, styles, highlights, frozen panes,
// auto filter, column widths and page setup.
func (b *book) table(s *sheet) error {
	if err := b.add(s.name); err != nil {
		return err
	}
	f, st := b.f, b.st
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
			if err := f.SetCellStyle(s.name, name+"2", name+strconv.Itoa(last), st.cell[col.kind]); err != nil {
				return err
			}
		}
		if err := f.SetColWidth(s.name, name, name, float64(min(max(widths[c]+2, 6), 60))); err != nil {
			return err
		}
	}
	for ref, k := range s.kinds {
		cell, _ := excelize.CoordinatesToCellName(ref.col+1, ref.row+2)
		if err := f.SetCellStyle(s.name, cell, cell, st.cell[k]); err != nil {
			return err
		}
	}
	for _, ru := range s.rules {
		from, _ := excelize.CoordinatesToCellName(ru.first.col+1, ru.first.row+2)
		to, _ := excelize.CoordinatesToCellName(ru.last.col+1, ru.last.row+2)
		if err := f.SetConditionalFormat(s.name, from+":"+to, []excelize.ConditionalFormatOptions{
			{Type: "formula", Criteria: ru.formula, Format: &st.bad},
		}); err != nil {
			return err
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
	if err := f.AutoFilter(s.name, first+":"+end, nil); err != nil {
		return err
	}
	return b.page(s.name, 1, 1, n, last, true)
}

// page sets up the printing of the sheet name whose cells span n columns
// and last rows: A4 landscape, fit to the page width, the rows from
// head to headLast repeated on every page, the sheet name in the page
// header when withName, and page numbers in the footer. It also records
// the sheet's used range, which excelize leaves at A1.
func (b *book) page(name string, head, headLast, n, last int, withName bool) error {
	f := b.f
	a4, landscape, one, zero := 9, "landscape", 1, 0
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	side, edge, margin, centred := 0.4, 0.3, 0.6, true
	if err := f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side, Top: &margin, Bottom: &margin,
		Header: &edge, Footer: &edge, Horizontally: &centred}); err != nil {
		return err
	}
	hf := &excelize.HeaderFooterOptions{OddFooter: Tr(b.lang, "&C第 &P 页，共 &N 页", "&CPage &P of &N")}
	if withName {
		hf.OddHeader = "&L&A"
	}
	if err := f.SetHeaderFooter(name, hf); err != nil {
		return err
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: name,
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", strings.ReplaceAll(name, "'", "''"), head, headLast)}); err != nil {
		return err
	}
	end, _ := excelize.CoordinatesToCellName(max(n, 1), max(last, 1))
	return f.SetSheetDimension(name, "A1:"+end)
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

// complaintsSheet lists the justified complaints of the plan (DOMAIN §6),
// inversions then envy: who complains, about whom, both teachers' points
// and ranks and the schools. It has only its header when there are none or
// the priority mode is off.
func complaintsSheet(in *model.Instance, rep *solver.Report, lang string) *sheet {
	s := &sheet{name: Tr(lang, "优先顺序投诉", "Complaints"), freezeCols: 3}
	heads := [][2]string{{"类型", "kind"}, {"教职工号", "teacher_id"}, {"姓名", "name"}, {"积分", "points"}, {"排名", "rank"},
		{"任职学校代码", "school_id"}, {"交流去向", "to_school_id"}, {"对方教职工号", "other_teacher_id"}, {"对方姓名", "other_name"},
		{"对方积分", "other_points"}, {"对方排名", "other_rank"}, {"对方去向", "other_to_school_id"}, {"说明", "detail"}}
	kinds := map[int]cellKind{1: kindID, 3: kindNum2, 4: kindInt, 5: kindID, 6: kindID, 7: kindID, 9: kindNum2, 10: kindInt, 11: kindID}
	for i, h := range heads {
		s.cols = append(s.cols, column{head: Tr(lang, h[0], h[1]), kind: kinds[i]})
	}
	for _, list := range [][]solver.Complaint{rep.Inversions, rep.Envy} {
		for _, c := range list {
			kind, other := Tr(lang, "顺序倒置", "inversion"), c.OtherTo
			if c.Kind == solver.Envy {
				kind = Tr(lang, "志愿嫉妒", "envy")
			} else {
				other = Tr(lang, "留任 ", "stays at ") + c.OtherSchoolID
			}
			s.rows = append(s.rows, []any{kind, c.TeacherID, in.Teachers[c.Teacher].Name, c.Points, c.Rank,
				c.SchoolID, c.TeacherTo, c.OtherID, in.Teachers[c.Other].Name, c.OtherPoints, c.OtherRank, other, complaintDetail(c, lang)})
		}
	}
	return s
}

// complaintDetail says in one line, in the language of the workbook, what
// the complaint is about (solver.Complaint.Detail in English).
func complaintDetail(c solver.Complaint, lang string) string {
	if lang == "en" {
		return c.Detail()
	}
	if c.Kind == solver.Inversion {
		return fmt.Sprintf("调往 %s (积分 %s, 排名 %d), 而排名在前的 %s (积分 %s, 排名 %d) 留任 %s",
			c.TeacherTo, pointsText(c.Points), c.Rank, c.OtherID, pointsText(c.OtherPoints), c.OtherRank, c.OtherSchoolID)
	}
	return fmt.Sprintf("调往 %s (积分 %s, 排名 %d), 而排名在后的 %s (积分 %s, 排名 %d) 调往 %s, 是本人更靠前的志愿",
		c.TeacherTo, pointsText(c.Points), c.Rank, c.OtherID, pointsText(c.OtherPoints), c.OtherRank, c.OtherTo)
}
