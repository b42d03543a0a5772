package document

import (
	"strconv"
	"strings"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// Points is the points table (积分表): one row per eligible teacher with
// the points term by term, the total, the rank in the teacher's priority
// group (1 rotates first) and whether the plan moves the teacher (DOMAIN
// §6). Rows go by priority group (post school, stage, subject), then by
// rank. It is built once here and rendered as points.csv and as the sheet
// 积分表, so the two never disagree. It carries no identity number.
type Points struct {
	Heads []string
	// Rows are the typed cells: strings, the point terms and the total as
	// float64 at full precision, and the rank as an int.
	Rows [][]any
}

// The columns of Points.
const (
	pointsID = iota
	pointsName
	pointsSchool
	pointsStage
	pointsSubject
	pointsYears
	pointsVolunteer
	pointsBackbone
	pointsRuralTitle
	pointsAge
	pointsTotal
	pointsRank
	pointsMoved
)

// PointsHeads are the column heads of the points table.
func PointsHeads(lang string) []string {
	if lang == "en" {
		return []string{"teacher_id", "name", "school", "stage", "subject", "years", "volunteer", "backbone",
			"rural_title", "age", "points", "group_rank", "moved"}
	}
	return []string{"教职工号", "姓名", "学校", "学段", "学科", "本校连续任教年限", "自愿", "骨干",
		"职称需乡村经历", "年龄", "积分", "组内排名", "是否交流"}
}

// EligibleTeachers are the teachers of in that solver.Eligibility admits
// to the pool, in teacher order.
func EligibleTeachers(in *model.Instance) []int {
	var out []int
	for i := range in.Teachers {
		if e, _ := solver.Eligibility(in, &in.Teachers[i]); e == solver.Eligible {
			out = append(out, i)
		}
	}
	return out
}

// NewPoints builds the points table of a plan: the eligible teachers of
// d.In ranked by model.Rank, and whether d.Report moves each.
func NewPoints(d Data) Points {
	in, lang := d.In, d.Lang
	moved := make(map[int]bool)
	if d.Report != nil {
		for _, m := range d.Report.Moves {
			moved[m.Teacher] = true
		}
	}
	r := model.Rank(in, EligibleTeachers(in))
	p := Points{Heads: PointsHeads(lang)}
	for _, g := range r.Groups {
		for i, ti := range g.Teachers {
			t := &in.Teachers[ti]
			pt := r.Terms[ti]
			p.Rows = append(p.Rows, []any{t.ID, t.Name, in.Schools[t.School].Name,
				Tr(lang, t.Stage.ZH(), t.Stage.String()), Tr(lang, t.Subject.ZH(), t.Subject.String()),
				pt.Years, pt.Volunteer, pt.Backbone, pt.RuralTitle, pt.Age, pt.Total(), i + 1,
				yesNo(moved[ti], lang)})
		}
	}
	return p
}

// pointsText is a number of the points table as points.csv writes it: a
// plain decimal, to a millionth of a point (as the ranking compares
// totals) without trailing zeros.
func pointsText(v float64) string {
	s := strings.TrimRight(strconv.FormatFloat(v, 'f', 6, 64), "0")
	s = strings.TrimSuffix(s, ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// PointsCSV is points.csv, the points table as UTF-8 CSV with BOM.
func PointsCSV(d Data) []byte {
	p := NewPoints(d)
	return typedCSV(p.Heads, p.Rows)
}

// typedCSV writes a table of typed cells (the rows of Points or
// Principals) as UTF-8 CSV with BOM: numbers as pointsText, the rest as
// text.
func typedCSV(heads []string, rows [][]any) []byte {
	recs := [][]string{heads}
	for _, row := range rows {
		rec := make([]string, len(row))
		for c, v := range row {
			if f, ok := v.(float64); ok {
				rec[c] = pointsText(f)
			} else {
				rec[c] = cellText(v, kindText)
			}
		}
		recs = append(recs, rec)
	}
	return writeCSV(recs)
}

// pointsSheet is the points table as the sheet 积分表: the numbers at full
// precision, shown with 2 decimals.
func pointsSheet(p Points, lang string) *sheet {
	s := &sheet{name: Tr(lang, "积分表", "Points"), freezeCols: 2, rows: p.Rows}
	for c, h := range p.Heads {
		k := kindText
		switch {
		case c == pointsID:
			k = kindID
		case c >= pointsYears && c <= pointsTotal:
			k = kindNum2
		case c == pointsRank:
			k = kindInt
		}
		s.cols = append(s.cols, column{head: h, kind: k})
	}
	return s
}
