package document

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// signed formats a change of the score with its sign.
func signed(v float64, prec int) string {
	if v >= 0 {
		return "+" + num(v, prec)
	}
	return num(v, prec)
}

func changeText(s solver.ScoreJSON) string {
	return fmt.Sprintf("%s (硬 hard %+d, 中 medium %s, 软 soft %s)", signed(s.Total, 2), s.Hard, signed(s.Medium, 3), signed(s.Soft, 2))
}

// WriteExplanation prints the explanation of one teacher for people.
func WriteExplanation(w io.Writer, in *model.Instance, e *solver.Explanation) {
	pf := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	t := &in.Teachers[e.Teacher]
	pf("教师 (teacher) %s %s: %s %s, %s %s, 骨干 %s\n", e.TeacherID, t.Name, e.SchoolID, schoolName(in, e.SchoolID),
		t.Stage.ZH(), t.Subject.ZH(), t.Backbone.ZH())
	switch e.Status {
	case solver.StatusMoved:
		pf("  状态 (status): 已安排交流 (moved) → %s %s, %.1f km\n", e.Destination, schoolName(in, e.Destination), e.Km)
	case solver.StatusNotMoved:
		pf("  状态 (status): 符合条件，未交流 (eligible, not moved)\n")
	default:
		pf("  状态 (status): 不符合条件 (not eligible)\n")
	}
	el := e.Eligibility
	rule := el.RuleZH + " (" + el.Rule + ")"
	if el.Detail != "" {
		rule += ": " + el.Detail
	}
	pf("  资格 (eligibility): %s\n", rule)
	pf("    本校连续任教自 (service since) %s: %.1f 年 (years) 至计划日 (to plan date) %s, 要求 (required) ≥ %g\n",
		el.ServiceSince, el.YearsAtSchool, el.PlanDate, el.MinYears)
	pf("    退休 (retirement) %s: 距计划日 %.1f 年 (years to retirement), 排除 (excluded) ≤ %g\n", el.Retirement, el.YearsToRetirement, el.ExcludeYears)
	if e.Points != nil {
		pf("  积分 (points) %s, 全县排名 (rank) %d, 优先组内 (in the priority group) %d / %d\n", pointsText(*e.Points), e.Rank, e.GroupRank, e.GroupSize)
	}
	if e.Invalid != "" {
		pf("  违反规则的调动 (invalid move): %s\n", e.Invalid)
	}
	if e.Status == solver.StatusMoved && e.Invalid == "" {
		if len(e.Fills) == 0 {
			pf("  填补 (fills): 无缺口，为完成交流比例 (no deficit: for the quota)\n")
		} else {
			pf("  填补 (fills): %s\n", reasonsText(e.Fills, "zh"))
		}
	}
	if len(e.Options) > 0 {
		pf("  其他选择，总分变化 (other choices, change of the total):\n")
		for _, o := range e.Options {
			if o.ToSchoolID == "" {
				pf("    留任 (stay home): %s\n", changeText(o.Change))
				continue
			}
			pf("    %s %s, %.1f km: %s\n", o.ToSchoolID, schoolName(in, o.ToSchoolID), o.Km, changeText(o.Change))
		}
	}
	if r := e.Replacement; r != nil {
		pf("  替补 (best replacement): %s %s (%s), 其留任、替补前往: %s\n", r.TeacherID, in.Teachers[r.Teacher].Name, r.FromSchoolID, changeText(r.Change))
	}
	if e.Status == solver.StatusNotMoved {
		if len(e.Instead) == 0 {
			pf("  同组无人交流 (nobody of the priority group moved)\n")
		} else {
			pf("  同组已交流 (moved instead, same priority group): %s\n", strings.Join(e.Instead, ", "))
		}
	}
}

// ExplanationHeads are the columns of the explanations CSV (explain --all).
func ExplanationHeads(lang string) []string {
	if lang == "en" {
		return []string{"teacher_id", "name", "school_id", "stage", "subject", "status", "rule", "detail", "points", "group_rank", "group_size",
			"to_school_id", "fills", "stay_change", "best_other_school_id", "best_other_change", "replacement_id", "replacement_change", "moved_instead"}
	}
	return []string{"教职工号", "姓名", "学校代码", "学段", "学科", "状态", "资格", "说明", "积分", "组内排名", "组内人数",
		"交流去向代码", "填补", "留任总分变化", "最佳其他去向代码", "其总分变化", "替补教师", "替补总分变化", "同组已交流"}
}

// ExplanationsCSV is the explanations of explain --all as UTF-8 CSV with
// BOM, every cell formula-safe.
func ExplanationsCSV(in *model.Instance, es []solver.Explanation, lang string) []byte {
	var b bytes.Buffer
	w := newCSVWriter(&b)
	w.Write(ExplanationHeads(lang))
	for i := range es {
		e := &es[i]
		t := &in.Teachers[e.Teacher]
		rule := ""
		if e.Eligibility.Rule != solver.Eligible.String() {
			rule = exclusionText(e.Eligibility.Rule, lang)
		}
		pts, rank, size := "", "", ""
		if e.Points != nil {
			pts, rank, size = pointsText(*e.Points), strconv.Itoa(e.GroupRank), strconv.Itoa(e.GroupSize)
		}
		stay, best, bestCh := "", "", ""
		for _, o := range e.Options {
			switch {
			case o.ToSchoolID == "":
				stay = num(o.Change.Total, 2)
			case best == "":
				best, bestCh = o.ToSchoolID, num(o.Change.Total, 2)
			}
		}
		repl, replCh := "", ""
		if r := e.Replacement; r != nil {
			repl, replCh = r.TeacherID, num(r.Change.Total, 2)
		}
		w.Write([]string{e.TeacherID, t.Name, e.SchoolID, Tr(lang, t.Stage.ZH(), t.Stage.String()), Tr(lang, t.Subject.ZH(), t.Subject.String()),
			statusText(e.Status, lang), rule, e.Eligibility.Detail, pts, rank, size, e.Destination, reasonsText(e.Fills, lang),
			stay, best, bestCh, repl, replCh, strings.Join(e.Instead, " ")})
	}
	w.Flush()
	return b.Bytes()
}

// ExplainedJSON is one explanation as rotaplan explain --json prints it
// and the workspace's explain API answers it: the teacher's name, then
// the explanation's keys.
type ExplainedJSON struct {
	Name string `json:"name"`
	solver.Explanation
}

// ExplanationsJSON pairs each explanation with the name of its teacher
// in in (a pseudonymized view gives pseudonyms).
func ExplanationsJSON(in *model.Instance, es []solver.Explanation) []ExplainedJSON {
	out := make([]ExplainedJSON, len(es))
	for i := range es {
		out[i] = ExplainedJSON{Name: in.Teachers[es[i].Teacher].Name, Explanation: es[i]}
	}
	return out
}
