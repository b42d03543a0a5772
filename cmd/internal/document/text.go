package document

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// Langs are the languages of the documents, the values of --lang.
var Langs = []string{"zh", "en"}

// Tr picks the Chinese or English form for the language lang: English
// for "en", Chinese otherwise.
func Tr(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

// counterText names a deficit counter of the report ("backbone",
// "subject:pe", "quota") for people.
func counterText(counter, lang string) string {
	if sub, ok := strings.CutPrefix(counter, "subject:"); ok {
		s, err := model.ParseSubject(sub)
		if err != nil {
			return counter
		}
		return Tr(lang, "学科缺口 "+s.ZH(), "subject gap "+s.String())
	}
	if counter == "quota" {
		return Tr(lang, "完成交流比例", "rotation quota")
	}
	i, err := model.ParseIndicator(counter)
	if err != nil {
		return counter
	}
	return Tr(lang, i.ZH()+"缺口", i.String()+" deficit")
}

// reasonsText joins the reasons of a move: "县级以上骨干教师数缺口 1.00; …".
func reasonsText(rs []solver.Reason, lang string) string {
	parts := make([]string, 0, len(rs))
	for _, r := range rs {
		if r.Counter == "quota" {
			parts = append(parts, counterText(r.Counter, lang))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %.2f", counterText(r.Counter, lang), r.Filled))
	}
	return strings.Join(parts, "; ")
}

func yesNo(b bool, lang string) string {
	if b {
		return Tr(lang, "是", "yes")
	}
	return Tr(lang, "否", "no")
}

func num(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }

// termCells measures text as a terminal shows it: Chinese characters take two
// columns. Ambiguous characters (→, ≤, …) take one whatever the locale, so
// that the same run prints the same bytes everywhere.
var termCells = func() *runewidth.Condition {
	c := runewidth.NewCondition()
	c.EastAsianWidth = false
	return c
}()

// width is the number of terminal columns s takes.
func width(s string) int { return termCells.StringWidth(s) }

// padRight pads s with spaces to w display columns.
func padRight(s string, w int) string {
	return s + strings.Repeat(" ", max(0, w-width(s)))
}

// padLeft pads s with spaces on the left to w display columns.
func padLeft(s string, w int) string {
	return strings.Repeat(" ", max(0, w-width(s))) + s
}

// PlanCSV is the rotation list, one row per move, UTF-8 with BOM.
func PlanCSV(in *model.Instance, rep *solver.Report, lang string) []byte {
	return RotationCSV(in, rep, lang, false)
}

// PartsCSV lists every school part with its indicators before and after.
func PartsCSV(rep *solver.Report, lang string) []byte {
	var b bytes.Buffer
	w := newCSVWriter(&b)
	head := []string{Tr(lang, "学校代码", "school_id"), Tr(lang, "学校名称", "name"), Tr(lang, "学段", "stage"),
		Tr(lang, "在校生", "students"), Tr(lang, "参评", "in_scope"),
		Tr(lang, "教师数(前)", "teachers_before"), Tr(lang, "教师数(后)", "teachers_after")}
	for i := range model.NumIndicators {
		ind := model.Indicator(i)
		head = append(head, ind.Code()+Tr(lang, "标准", " threshold"), ind.Code()+Tr(lang, "(前)", " before"), ind.Code()+Tr(lang, "(后)", " after"))
	}
	head = append(head, Tr(lang, "达标(前)", "compliant_before"), Tr(lang, "达标(后)", "compliant_after"))
	w.Write(head)
	for _, p := range rep.Parts {
		st, _ := model.ParseStage(p.Stage)
		row := []string{p.SchoolID, p.Name, Tr(lang, st.ZH(), p.Stage), strconv.Itoa(p.Students), yesNo(p.InScope, lang),
			strconv.Itoa(p.TeachersBefore), strconv.Itoa(p.TeachersAfter)}
		for _, v := range p.Indicators {
			row = append(row, num(v.Threshold, 2), num(v.Before, 2), num(v.After, 2))
		}
		row = append(row, yesNo(p.CompliantBefore, lang), yesNo(p.CompliantAfter, lang))
		w.Write(row)
	}
	w.Flush()
	return b.Bytes()
}

// WriteStanding prints where the county stands before any move: quota,
// compliance, CVs and the parts furthest below the teacher thresholds.
func WriteStanding(w io.Writer, ev *solver.Evaluator, rep *solver.Report) {
	pf := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	q := rep.Quota
	pf("\n现状 (standing before rotation):\n")
	pf("  符合交流条件 (eligible) %d, 应交流 (required) %d\n", q.Eligible, q.Required)
	writeCompliance(w, rep, false)
	writeCV(w, rep, false)
	writeWorst(w, ev, rep, 10)
	writeExclusions(w, ev)
	writeStructures(w, rep, false)
}

func writeCompliance(w io.Writer, rep *solver.Report, after bool) {
	for _, c := range rep.Compliance {
		st, _ := model.ParseStage(c.Stage)
		if after {
			fmt.Fprintf(w, "  %s达标校 (compliant %s parts): %d → %d / %d\n", st.ZH(), c.Stage, c.Before, c.After, c.Parts)
		} else {
			fmt.Fprintf(w, "  %s达标校 (compliant %s parts): %d / %d\n", st.ZH(), c.Stage, c.Before, c.Parts)
		}
	}
}

func cvText(v *float64) string {
	if v == nil {
		return "-"
	}
	return num(*v, 3)
}

func writeCV(w io.Writer, rep *solver.Report, after bool) {
	fmt.Fprintf(w, "  差异系数 (coefficient of variation, limit):\n")
	for _, r := range rep.CV {
		ind, _ := model.ParseIndicator(r.Indicator)
		st, _ := model.ParseStage(r.Stage)
		flag := ""
		v := r.Before
		if after {
			v = r.After
		}
		if v != nil && *v > r.Limit {
			flag = "  超限 (over)"
		}
		if after {
			fmt.Fprintf(w, "    %s %-3s %-16s %s → %s (≤ %.2f)%s\n", st.ZH(), ind.Code(), ind.String(), cvText(r.Before), cvText(r.After), r.Limit, flag)
		} else {
			fmt.Fprintf(w, "    %s %-3s %-16s %s (≤ %.2f)%s\n", st.ZH(), ind.Code(), ind.String(), cvText(r.Before), r.Limit, flag)
		}
	}
}

// writeWorst lists the in-scope parts with the largest teacher deficit
// (I1-I3, in teachers) before rotation.
func writeWorst(w io.Writer, ev *solver.Evaluator, rep *solver.Report, n int) {
	type worst struct {
		p   *solver.PartReport
		def float64
	}
	var ws []worst
	for i := range rep.Parts {
		p := &rep.Parts[i]
		if !p.InScope {
			continue
		}
		var d float64
		for k := range model.NumTeacherIndicators {
			v := p.Indicators[k]
			d += max(0, (v.Threshold-v.Before)*float64(p.Students)/100)
		}
		if d > 0 {
			ws = append(ws, worst{p, d})
		}
	}
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].def > ws[j].def })
	if len(ws) == 0 {
		return
	}
	fmt.Fprintf(w, "  教师指标缺口最大的学校 (largest teacher deficits, I1+I2+I3 in teachers):\n")
	ws = ws[:min(n, len(ws))]
	var wID, wName, wStage int
	for _, x := range ws {
		wID, wName, wStage = max(wID, width(x.p.SchoolID)), max(wName, width(x.p.Name)), max(wStage, width(x.p.Stage))
	}
	for _, x := range ws {
		fmt.Fprintf(w, "    %s  %s  %s  %5.1f  (I1 %.2f/%.1f, I2 %.2f/%.1f, I3 %.2f/%.1f per 100)\n",
			padRight(x.p.SchoolID, wID), padRight(x.p.Name, wName), padRight(x.p.Stage, wStage), x.def,
			x.p.Indicators[0].Before, x.p.Indicators[0].Threshold, x.p.Indicators[1].Before, x.p.Indicators[1].Threshold,
			x.p.Indicators[2].Before, x.p.Indicators[2].Threshold)
	}
}

// writeExclusions counts the teachers of source schools left out of the
// pool, by reason.
func writeExclusions(w io.Writer, ev *solver.Evaluator) {
	counts := map[solver.Exclusion]int{}
	for _, e := range ev.Exclusion {
		if e != solver.Eligible && e != solver.NotAtSource {
			counts[e]++
		}
	}
	if len(counts) == 0 {
		return
	}
	fmt.Fprintf(w, "  输出学校中不符合条件的教师 (source-school teachers not eligible):")
	for e := solver.OnRotation; e <= solver.NearRetirement; e++ {
		if counts[e] > 0 {
			fmt.Fprintf(w, " %s (%s) %d;", e.ZH(), e, counts[e])
		}
	}
	fmt.Fprintln(w)
}

// WriteReport prints the score of a plan for people: quota, score
// breakdown by constraint with the worst items, compliance and CVs.
func WriteReport(w io.Writer, ev *solver.Evaluator, rep *solver.Report, res *solver.Result) {
	pf := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	s := rep.Score
	q := rep.Quota
	pf("交流方案评分 (plan score)\n")
	if s.Feasible {
		pf("  可行 (feasible): 所有硬约束满足 (every hard rule holds)\n")
	} else {
		pf("  不可行 (INFEASIBLE): %d 个硬约束单位未满足 (hard units violated), see below\n", s.Hard)
	}
	pf("  总分 (total) %.2f = %g×硬 (hard) %d + %g×中 (medium) %.3f + 软 (soft) %.2f\n", s.Total, ev.W.Hard, s.Hard, ev.W.Medium, s.Medium, s.Soft)
	if res != nil {
		pf("  下界 (bound) %.2f, 差距 (gap) %.3f%%, 停止原因 (stopped on) %s", res.Bound, 100*res.Gap(), res.Status)
		if res.Elapsed > 0 { // files are written without it: a rerun gives the same bytes
			pf(", %.1fs", res.Elapsed.Seconds())
		}
		pf("\n")
	}
	pf("  交流人数 (moved) %d / 应交流 (required) %d; 骨干 (backbone) %d / 应 (required) %d; 符合条件 (eligible) %d\n",
		q.Moved, q.Required, q.BackboneMoved, q.BackboneRequired, q.Eligible)
	pf("\n分项 (score by constraint):\n")
	for _, t := range rep.Terms {
		if t.Amount == 0 {
			continue
		}
		pf("  %-6s %-20s %10.3f  → %12.2f\n", t.Level, t.Name, t.Amount, t.Weighted)
		for i, it := range t.Items {
			if i == 5 {
				pf("         … %d more\n", len(t.Items)-5)
				break
			}
			who := strings.TrimSpace(strings.Join([]string{it.TeacherID, it.SchoolID, it.Stage, it.Subject}, " "))
			pf("         %-28s %8.3f %s\n", who, it.Amount, it.Detail)
		}
	}
	for _, m := range rep.Invalid {
		pf("  invalid move: %s → %s: %s\n", m.TeacherID, m.ToID, m.Why)
	}
	writePriority(w, rep)
	pf("\n达标与差异系数 (compliance and CV, before → after):\n")
	writeCompliance(w, rep, true)
	writeCV(w, rep, true)
	writeStructures(w, rep, true)
	writeDefense(w, rep)
}

// WishText is the wish a move met as the rotation list shows it: the
// rank, 志愿外 (outside) when the teacher's wishes name other schools, and
// empty for a teacher who listed none.
func WishText(m solver.MoveReport, lang string) string {
	switch {
	case m.Wishes == 0:
		return ""
	case m.WishRank == 0:
		return Tr(lang, "志愿外", "outside")
	}
	return strconv.Itoa(m.WishRank)
}

// writePriority lists the returning teachers and the justified complaints
// of the plan (DOMAIN §6), ten of each at most.
func writePriority(w io.Writer, rep *solver.Report) {
	pf := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	if len(rep.Returning) > 0 {
		pf("\n交流期满返回 (returning from a stint): %d\n", len(rep.Returning))
		for i, r := range rep.Returning {
			if i == 10 {
				pf("  … %d more\n", len(rep.Returning)-10)
				break
			}
			pf("  %s %s %s: %s → %s\n", r.TeacherID, r.Stage, r.Subject, r.From, r.To)
		}
	}
	if rep.PriorityMode == model.PriorityOff.String() {
		return
	}
	pf("\n优先顺序投诉 (justified complaints, priority mode %s): 顺序倒置 (inversions) %d, 志愿嫉妒 (envy) %d\n",
		rep.PriorityMode, len(rep.Inversions), len(rep.Envy))
	for _, list := range [][]solver.Complaint{rep.Inversions, rep.Envy} {
		for i, c := range list {
			if i == 10 {
				pf("  … %d more\n", len(list)-10)
				break
			}
			pf("  %s %s: %s\n", c.Kind, c.TeacherID, c.Detail())
		}
	}
}
