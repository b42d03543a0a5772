package document

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// The publication documents are what a bureau signs and publishes: the
// approval form (报批表), the public notice (公示名单) and one page per
// school. Each is built once here as plain content (titles, column heads,
// rows of text and numbers) and rendered as a workbook sheet, an HTML page
// or a CSV file by the renderers, so the three never disagree.

// Approval is the approval form: the title, the issuing unit, the stint and
// kind of rotation, the rotation list and the signature block.
type Approval struct {
	Title      string     // "<county><year>年义务教育学校教师交流轮岗名单"
	Unit       string     // issuing unit (发文单位); empty when policy.toml sets none
	Stint      string     // stint (交流期限)
	Kind       string     // kind of rotation (交流方式)
	Heads      []string   // column heads of the list
	Rows       [][]string // one row per move, cells as printed
	Signatures []string   // 经办人, 审核人, 单位负责人, 日期
	// Values are the cells of Rows as values, for renderers that store
	// typed cells: a string, or an int or float64 at full precision where
	// Rows prints a number (序号, 距离).
	Values [][]any
}

// Notice is the public notice: who moves where, and how to object. It
// carries the five fields of DOMAIN §9 and nothing else: no birth, gender,
// identity number, title or points.
type Notice struct {
	Title     string
	Unit      string
	Heads     []string   // 姓名, 原学校, 交流学校, 学科, 学段
	Rows      [][]string // one row per move
	Period    string     // the notice period, e.g. "公示期为5个工作日"
	Objection string     // where objections go; empty when policy.toml sets none
}

// SchoolPage is one school's page: who leaves, who arrives and its
// indicators before and after, per part.
type SchoolPage struct {
	ID, Name string
	Leaving  [][]string // 教职工号, 姓名, 学科, 调入学校
	Arriving [][]string // 教职工号, 姓名, 学科, 调出学校
	Parts    []SchoolPart
}

// SchoolPart is one stage of a school on its page: the report's part.
type SchoolPart = solver.PartReport

// NoticeHeads are the only columns of the public notice.
func NoticeHeads(lang string) []string {
	if lang == "en" {
		return []string{"name", "post_school", "destination", "subject", "stage"}
	}
	return []string{"姓名", "原学校", "交流学校", "学科", "学段"}
}

// listTitle is the title of the approval form and the notice.
func listTitle(in *model.Instance, lang string) string {
	year := in.Policy.PlanDate.Year()
	county := in.Policy.Documents.CountyName
	if lang == "en" {
		if county == "" {
			county = "County"
		}
		return fmt.Sprintf("%s: teacher rotation list of the compulsory-education schools, %d", county, year)
	}
	return fmt.Sprintf("%s%d年义务教育学校教师交流轮岗名单", county, year)
}

// stintText is the stint printed on the approval form: policy.toml's text,
// or the years and months it spans from the plan date.
func stintText(p *model.Policy, lang string) string {
	if p.Documents.StintText != "" {
		return p.Documents.StintText
	}
	from := p.PlanDate
	to := from + model.Month(12*p.StintYears) - 1
	if lang == "en" {
		return fmt.Sprintf("%d years (%s to %s)", p.StintYears, from, to)
	}
	return fmt.Sprintf("%d年（%d年%d月至%d年%d月）", p.StintYears, from.Year(), from.MonthNum(), to.Year(), to.MonthNum())
}

// NewApproval builds the approval form of a plan.
func NewApproval(d Data) Approval {
	in, lang := d.In, d.Lang
	a := Approval{
		Title:      listTitle(in, lang),
		Unit:       in.Policy.Documents.IssuingUnit,
		Stint:      stintText(&in.Policy, lang),
		Kind:       in.Policy.Documents.Kind,
		Heads:      []string{"序号", "姓名", "性别", "学段", "学科", "职称", "骨干", "原学校", "交流学校", "距离(公里)"},
		Signatures: []string{"经办人：", "审核人：", "单位负责人：", "日期：     年   月   日"},
	}
	if lang == "en" {
		a.Heads = []string{"no", "name", "gender", "stage", "subject", "title", "backbone", "post school", "destination", "km"}
		a.Signatures = []string{"Prepared by:", "Checked by:", "Head of unit:", "Date:"}
		if a.Kind == "交流轮岗" {
			a.Kind = "rotation"
		}
	}
	for i, m := range d.Report.Moves {
		t := &in.Teachers[m.Teacher]
		a.Rows = append(a.Rows, []string{strconv.Itoa(i + 1), t.Name,
			Tr(lang, t.Gender.ZH(), t.Gender.String()), Tr(lang, t.Stage.ZH(), t.Stage.String()),
			Tr(lang, t.Subject.ZH(), t.Subject.String()), Tr(lang, t.Title.ZH(), t.Title.String()),
			Tr(lang, t.Backbone.ZH(), t.Backbone.String()),
			schoolName(in, m.From), schoolName(in, m.To), num(m.Km, 1)})
		row := a.Rows[len(a.Rows)-1]
		v := make([]any, len(row))
		for c, cell := range row {
			v[c] = cell
		}
		v[0], v[len(v)-1] = i+1, m.Km
		a.Values = append(a.Values, v)
	}
	return a
}

// SchoolPageHeads are the column heads of a school page's lists: who
// leaves (SchoolPage.Leaving) and who arrives (SchoolPage.Arriving).
func SchoolPageHeads(lang string) (leaving, arriving []string) {
	if lang == "en" {
		return []string{"teacher_id", "name", "subject", "destination"}, []string{"teacher_id", "name", "subject", "post school"}
	}
	return []string{"教职工号", "姓名", "学科", "调入学校"}, []string{"教职工号", "姓名", "学科", "调出学校"}
}

// NewNotice builds the public notice of a plan.
func NewNotice(d Data) Notice {
	in, lang := d.In, d.Lang
	doc := in.Policy.Documents
	n := Notice{Title: listTitle(in, lang), Unit: doc.IssuingUnit, Heads: NoticeHeads(lang), Objection: doc.ObjectionContact}
	if doc.NoticeDays > 0 {
		n.Period = Tr(lang, fmt.Sprintf("公示期为%d个工作日。", doc.NoticeDays),
			fmt.Sprintf("The notice runs for %d working days.", doc.NoticeDays))
	}
	for _, m := range d.Report.Moves {
		t := &in.Teachers[m.Teacher]
		n.Rows = append(n.Rows, []string{t.Name, schoolName(in, m.From), schoolName(in, m.To),
			Tr(lang, t.Subject.ZH(), t.Subject.String()), Tr(lang, t.Stage.ZH(), t.Stage.String())})
	}
	return n
}

// NoticeCSV is notice.csv, the public notice as UTF-8 CSV with BOM: the
// five columns and one row per move.
func NoticeCSV(d Data) []byte {
	n := NewNotice(d)
	return writeCSV(append([][]string{n.Heads}, n.Rows...))
}

// NewSchoolPages builds one page per school, in the order of schools.csv:
// who leaves, who arrives, and each part's indicators and compliance.
func NewSchoolPages(d Data) []SchoolPage {
	in, lang := d.In, d.Lang
	pages := make([]SchoolPage, len(in.Schools))
	for i, s := range in.Schools {
		pages[i] = SchoolPage{ID: s.ID, Name: s.Name}
	}
	var elsewhere SchoolPage // a school no longer in the instance
	page := func(id string) *SchoolPage {
		if i, ok := in.SchoolByID(id); ok {
			return &pages[i]
		}
		return &elsewhere
	}
	for _, m := range d.Report.Moves {
		t := &in.Teachers[m.Teacher]
		subject := Tr(lang, t.Subject.ZH(), t.Subject.String())
		from := page(m.From)
		from.Leaving = append(from.Leaving, []string{t.ID, t.Name, subject, schoolName(in, m.To)})
		to := page(m.To)
		to.Arriving = append(to.Arriving, []string{t.ID, t.Name, subject, schoolName(in, m.From)})
	}
	for _, p := range d.Report.Parts {
		if _, ok := in.SchoolByID(p.SchoolID); ok {
			sp := page(p.SchoolID)
			sp.Parts = append(sp.Parts, p)
		}
	}
	return pages
}

// schoolName is the name of the school with the given ID, or the ID when
// the instance lacks it.
func schoolName(in *model.Instance, id string) string {
	if i, ok := in.SchoolByID(id); ok {
		return in.Schools[i].Name
	}
	return id
}

// writeCSV writes records through the formula-safe CSV writer.
func writeCSV(recs [][]string) []byte {
	var b bytes.Buffer
	w := newCSVWriter(&b)
	for _, r := range recs {
		_ = w.Write(r) // writes to memory
	}
	_ = w.Flush()
	return b.Bytes()
}
