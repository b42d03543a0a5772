package document

import (
	"fmt"
	"io"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// measureText names a structure measure in both languages.
func measureText(m string) string {
	switch m {
	case solver.MeasureTitle:
		return "一级及以上职称占比 (titled first or higher)"
	case solver.MeasureYoung:
		return "35岁以下占比 (under 35)"
	}
	return m
}

// writeStructures prints the school structures of a report: the title and
// age structure per stage, compliance and the teacher indicators' CVs per
// district and per group, and the principal exchange; before → after when
// after, else the current standing.
func writeStructures(w io.Writer, rep *solver.Report, after bool) {
	pf := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	both := func(b, a string) string {
		if after {
			return b + " → " + a
		}
		return b
	}
	if len(rep.Structure) > 0 {
		pf("  职称与年龄结构 (title and age structure; county share, CV of the parts, shortfall in teachers):\n")
		for _, r := range rep.Structure {
			if r.CVBefore == nil && r.CVAfter == nil {
				continue
			}
			st, _ := model.ParseStage(r.Stage)
			pf("    %s %s: %s, CV %s, 缺口 (shortfall) %s\n", st.ZH(), measureText(r.Measure),
				both(percent1(r.ShareBefore), percent1(r.ShareAfter)), both(cvText(r.CVBefore), cvText(r.CVAfter)),
				both(num(r.ShortfallBefore, 1), num(r.ShortfallAfter, 1)))
		}
	}
	for _, u := range []struct {
		title string
		units []solver.UnitReport
	}{{"学区 (districts)", rep.Districts}, {"教育集团 (groups)", rep.Groups}} {
		if len(u.units) == 0 {
			continue
		}
		pf("  %s: 达标校 (compliant parts), 差异系数 I1/I2/I3 (CVs):\n", u.title)
		for _, x := range u.units {
			for _, c := range x.Compliance {
				if c.Parts == 0 {
					continue
				}
				st, _ := model.ParseStage(c.Stage)
				cv := ""
				for _, row := range x.CV {
					ind, _ := model.ParseIndicator(row.Indicator)
					if row.Stage == c.Stage && int(ind) < model.NumTeacherIndicators {
						cv += " " + both(cvText(row.Before), cvText(row.After))
					}
				}
				pf("    %s %s: %s / %d;%s\n", x.Name, st.ZH(), both(fmt.Sprint(c.Before), fmt.Sprint(c.After)), c.Parts, cv)
			}
		}
	}
	if x := rep.Principals; x != nil && (x.Due > 0 || len(x.Missing) > 0) {
		pf("  校长交流 (principal exchange, tenure ≥ %g years): 到期 (due) %d, 岗位 (posts) %d (空缺 vacant %d), 交流 (moved) %d, 未安排 (unplaced) %d\n",
			x.MaxYears, x.Due, x.Posts, x.Vacant, len(x.Moves), len(x.Unassigned))
		for i, m := range x.Moves {
			if i == 10 {
				pf("    … %d more (principals.csv)\n", len(x.Moves)-10)
				break
			}
			pf("    %s %s → %s  %.1f km  %s  任职 (since) %s, %.1f 年 (years)\n", m.ID, m.From, m.To, m.Km, directionText(m.Direction), m.Since, m.Years)
		}
		for _, u := range x.Unassigned {
			pf("    未安排 (unplaced) %s at %s: %s\n", u.ID, u.School, u.Why)
		}
		if len(x.LeftOut) > 0 {
			pf("    %d 名到期校长不参加 (due principals left out: on a stint, exempt or moved by the teachers' plan)\n", len(x.LeftOut))
		}
		if len(x.Missing) > 0 {
			pf("    %d 名校长缺任现职年月 (principals without principal_since), not in the exchange\n", len(x.Missing))
		}
	}
}

// directionText names the direction of a principal's move.
func directionText(d string) string {
	switch d {
	case solver.DirStrongToWeak:
		return "强校→弱校 (strong→weak)"
	case solver.DirWeakToStrong:
		return "弱校→强校 (weak→strong)"
	}
	return "同类学校 (same class)"
}

// percent1 is a share as a percentage with one decimal.
func percent1(v float64) string { return num(100*v, 1) + "%" }

// Principals is the principal exchange list (校长交流名单): one row per
// principal of the exchange, built once and rendered as principals.csv and
// as the sheet 校长交流. It carries no identity number.
type Principals struct {
	Heads []string
	Rows  [][]any
}

// The columns of Principals.
const (
	prID = iota
	prName
	prFrom
	prFromName
	prTo
	prToName
	prSince
	prYears
	prKm
	prDirection
	prVacant
)

// PrincipalsHeads are the column heads of the principal exchange list.
func PrincipalsHeads(lang string) []string {
	if lang == "en" {
		return []string{"teacher_id", "name", "from_school_id", "from_school", "to_school_id", "to_school",
			"principal_since", "years", "km", "direction", "vacant_post"}
	}
	return []string{"教职工号", "姓名", "调出学校代码", "调出学校", "调入学校代码", "调入学校",
		"任现职年月", "任职年限", "距离公里", "方向", "空缺岗位"}
}

// NewPrincipals builds the principal exchange list of d.Report.
func NewPrincipals(d Data) Principals {
	in, lang := d.In, d.Lang
	p := Principals{Heads: PrincipalsHeads(lang)}
	if d.Report == nil || d.Report.Principals == nil {
		return p
	}
	for _, m := range d.Report.Principals.Moves {
		dir := map[string][2]string{
			solver.DirStrongToWeak: {"强校到弱校", "strong to weak"},
			solver.DirSameClass:    {"同类学校", "same class"},
			solver.DirWeakToStrong: {"弱校到强校", "weak to strong"},
		}[m.Direction]
		p.Rows = append(p.Rows, []any{m.ID, in.Teachers[m.Teacher].Name, m.From, schoolName(in, m.From),
			m.To, schoolName(in, m.To), m.Since, m.Years, m.Km, Tr(lang, dir[0], dir[1]), yesNo(m.Vacant, lang)})
	}
	return p
}

// PrincipalsCSV is principals.csv, the principal exchange list as UTF-8
// CSV with BOM.
func PrincipalsCSV(d Data) []byte {
	p := NewPrincipals(d)
	return typedCSV(p.Heads, p.Rows)
}

// principalsSheet is the list as the sheet 校长交流.
func principalsSheet(p Principals, lang string) *sheet {
	s := &sheet{name: Tr(lang, "校长交流", "Principals"), freezeCols: 2, rows: p.Rows}
	for c, h := range p.Heads {
		k := kindText
		switch c {
		case prID, prFrom, prTo:
			k = kindID
		case prYears, prKm:
			k = kindNum1
		}
		s.cols = append(s.cols, column{head: h, kind: k})
	}
	return s
}

// structuresSheet is the sheet 学区与集团: the title and age structure per
// stage (county share, CV of the parts, shortfall), then per district and
// per group the compliant parts and the CV of every indicator, before and
// after, CVs over their limit highlighted.
func structuresSheet(rep *solver.Report, lang string) *sheet {
	s := &sheet{name: Tr(lang, "学区与集团", "Structures"), freezeCols: 2}
	s.cols = []column{{Tr(lang, "类别", "section"), kindText}, {Tr(lang, "名称", "name"), kindText},
		{Tr(lang, "学段", "stage"), kindText}, {Tr(lang, "项目", "item"), kindText},
		{Tr(lang, "前", "before"), kindGeneral}, {Tr(lang, "后", "after"), kindGeneral},
		{Tr(lang, "限值", "limit"), kindGeneral}}
	const before, after, limit = 4, 5, 6
	add := func(row ...any) int {
		s.rows = append(s.rows, row)
		return len(s.rows) - 1
	}
	stageText := func(v string) string {
		st, _ := model.ParseStage(v)
		return Tr(lang, st.ZH(), v)
	}
	sec := Tr(lang, "职称与年龄结构", "title and age structure")
	for _, r := range rep.Structure {
		name := Tr(lang, map[string]string{solver.MeasureTitle: "一级及以上职称", solver.MeasureYoung: "35岁以下"}[r.Measure], r.Measure)
		s.format(add(sec, name, stageText(r.Stage), Tr(lang, "县域占比", "county share"), r.ShareBefore, r.ShareAfter, nil), kindPct, before, after)
		s.format(add(sec, name, stageText(r.Stage), Tr(lang, "差异系数", "CV"), cvCell(r.CVBefore), cvCell(r.CVAfter), nil), kindNum3, before, after)
		s.format(add(sec, name, stageText(r.Stage), Tr(lang, "缺口 (教师当量)", "shortfall (teacher-equivalents)"), r.ShortfallBefore, r.ShortfallAfter, nil), kindNum2, before, after)
	}
	for _, u := range []struct {
		sec   string
		units []solver.UnitReport
	}{{Tr(lang, "学区", "district"), rep.Districts}, {Tr(lang, "教育集团", "group"), rep.Groups}} {
		for _, x := range u.units {
			for _, c := range x.Compliance {
				if c.Parts == 0 {
					continue
				}
				add(u.sec, x.Name, stageText(c.Stage), Tr(lang, "达标学校(部)数", "compliant parts"), c.Before, c.After, c.Parts)
			}
			for _, cv := range x.CV {
				ind, _ := model.ParseIndicator(cv.Indicator)
				r := add(u.sec, x.Name, stageText(cv.Stage), ind.Code()+" "+Tr(lang, ind.ZH(), ind.String())+" "+Tr(lang, "差异系数", "CV"),
					cvCell(cv.Before), cvCell(cv.After), cv.Limit)
				s.format(r, kindNum3, before, after)
				s.format(r, kindNum2, limit)
				for _, c := range []int{before, after} {
					s.highlight(cellRef{r, c}, cellRef{r, c}, fmt.Sprintf("AND(ISNUMBER(%s),%s>%s)", ref(r, c, false), ref(r, c, false), ref(r, limit, false)))
				}
			}
		}
	}
	return s
}

// unitRow is one stage of one district or group on the report page.
type unitRow struct {
	Kind, Name, Stage string
	Parts             int
	Compliant         string // before → after
	CV                []string
}

// principalRow is one principal of the exchange on the report page.
type principalRow struct {
	ID, Name, FromID, From, ToID, To, Km, Direction, Years string
}

// structureRows are the page's rows of districts, groups and the
// principal exchange.
func structureRows(d Data) ([]unitRow, []principalRow) {
	rep, lang := d.Report, d.Lang
	var units []unitRow
	for _, u := range []struct {
		kind  string
		units []solver.UnitReport
	}{{Tr(lang, "学区", "district"), rep.Districts}, {Tr(lang, "教育集团", "group"), rep.Groups}} {
		for _, x := range u.units {
			for _, c := range x.Compliance {
				if c.Parts == 0 {
					continue
				}
				st, _ := model.ParseStage(c.Stage)
				row := unitRow{Kind: u.kind, Name: x.Name, Stage: Tr(lang, st.ZH(), c.Stage), Parts: c.Parts,
					Compliant: fmt.Sprintf("%d → %d", c.Before, c.After)}
				for _, cv := range x.CV {
					ind, _ := model.ParseIndicator(cv.Indicator)
					if cv.Stage == c.Stage && int(ind) < model.NumTeacherIndicators {
						row.CV = append(row.CV, cvText(cv.Before)+" → "+cvText(cv.After))
					}
				}
				units = append(units, row)
			}
		}
	}
	var principals []principalRow
	if rep.Principals != nil {
		for _, m := range rep.Principals.Moves {
			principals = append(principals, principalRow{ID: m.ID, Name: d.In.Teachers[m.Teacher].Name,
				FromID: m.From, From: schoolName(d.In, m.From), ToID: m.To, To: schoolName(d.In, m.To),
				Km: num(m.Km, 1), Direction: directionText(m.Direction), Years: num(m.Years, 1)})
		}
	}
	return units, principals
}
