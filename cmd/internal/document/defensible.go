package document

import (
	"fmt"
	"io"
	"strings"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// BaselineText is a move's status against the baseline plan, in lang.
func BaselineText(status, lang string) string {
	zh := map[string]string{
		solver.BaselineKept: "保留", solver.BaselineChanged: "改派", solver.BaselineNew: "新增",
		solver.BaselineDropped: "取消", solver.BaselinePinned: "指定",
	}[status]
	if zh == "" {
		return status
	}
	return Tr(lang, zh, status)
}

// baselineHead is the header of the baseline status column of the
// rotation list (与基准方案), which it has only with a baseline.
func baselineHead(lang string) string { return Tr(lang, "与基准方案", "baseline") }

// statusText is an eligibility-list status in lang.
func statusText(status, lang string) string {
	switch status {
	case solver.StatusMoved:
		return Tr(lang, "已安排交流", "moved")
	case solver.StatusNotMoved:
		return Tr(lang, "符合条件，未交流", "eligible, not moved")
	}
	return Tr(lang, "不符合条件", "not eligible")
}

// exclusionText is the rule that excludes a teacher, in lang.
func exclusionText(rule, lang string) string {
	for e := solver.Eligible; e <= solver.NearRetirement; e++ {
		if e.String() == rule {
			return Tr(lang, e.ZH(), rule)
		}
	}
	return rule
}

// planOf rebuilds the plan of a report from its valid moves.
func planOf(in *model.Instance, rep *solver.Report) solver.Plan {
	p := solver.NewPlan(len(in.Teachers))
	for _, m := range rep.Moves {
		if to, ok := in.SchoolByID(m.To); ok {
			p.Dest[m.Teacher] = int32(to)
		}
	}
	return p
}

// eligibilitySheet is the eligibility list (符合条件教师名单): every
// teacher of a source school with status moved / eligible, not moved /
// not eligible and the rule and detail behind it.
func eligibilitySheet(d Data) *sheet {
	in, lang := d.In, d.Lang
	s := &sheet{name: Tr(lang, "符合条件教师名单", "Eligibility"), freezeCols: 3}
	heads := []string{"序号", "教职工号", "姓名", "学校代码", "学校名称", "学段", "学科", "状态", "原因", "说明", "交流去向"}
	if lang == "en" {
		heads = []string{"no", "teacher_id", "name", "school_id", "school", "stage", "subject", "status", "rule", "detail", "to_school"}
	}
	kinds := map[int]cellKind{0: kindInt, 1: kindID, 3: kindID}
	for i, h := range heads {
		s.cols = append(s.cols, column{head: h, kind: kinds[i]})
	}
	for i, r := range solver.EligibilityList(in, planOf(in, d.Report)) {
		t := &in.Teachers[r.Teacher]
		to := ""
		if j, ok := in.SchoolByID(r.To); ok && r.To != "" {
			to = in.Schools[j].Name
		}
		rule := ""
		if r.Rule != solver.Eligible.String() {
			rule = exclusionText(r.Rule, lang)
		}
		s.rows = append(s.rows, []any{i + 1, t.ID, t.Name, r.SchoolID, in.Schools[t.School].Name,
			Tr(lang, t.Stage.ZH(), t.Stage.String()), Tr(lang, t.Subject.ZH(), t.Subject.String()),
			statusText(r.Status, lang), rule, r.Detail, to})
	}
	return s
}

// EligibilityCSV is eligibility.csv, the eligibility list as UTF-8 CSV
// with BOM, every cell formula-safe.
func EligibilityCSV(d Data) []byte {
	return sheetCSV(eligibilitySheet(d))
}

// writeDefense prints the lines a bureau is asked about: whether the quota
// binds and what the moves above it buy, the cap on moves, the parts the
// plan takes out of compliance, the county's result lines and the changes
// against a baseline.
func writeDefense(w io.Writer, rep *solver.Report) {
	pf := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	d := rep.Defense
	q := rep.Quota
	pf("\n方案依据 (defending the plan):\n")
	switch {
	case d.QuotaBinds:
		pf("  配额起约束作用 (the quota binds): 交流 %d 人 = 应交流 %d 人\n", q.Moved, q.Required)
	case d.ExtraMoves > 0:
		pf("  配额未起约束作用 (the quota does not bind): 交流 %d 人, 应交流 %d 人, 多出 %d 人; 去掉其中作用最小的 %d 人, 缺口增加 %.2f 个教师当量, 扰动减少 %.2f (the %d extra moves fill %.2f teacher-equivalents of deficit for %.2f of disruption)\n",
			q.Moved, q.Required, d.ExtraMoves, d.ExtraMoves, d.ExtraFilled, d.ExtraSoft, d.ExtraMoves, d.ExtraFilled, d.ExtraSoft)
	default:
		pf("  交流 %d 人, 应交流 %d 人 (moved %d of %d required)\n", q.Moved, q.Required, q.Moved, q.Required)
	}
	if d.RotationCap != nil {
		pf("  交流人数上限 (max_rotation_rate cap) %d: 交流 %d 人\n", *d.RotationCap, q.Moved)
	}
	if len(d.ComplianceLost) == 0 {
		pf("  无学校因交流失去达标 (no school part loses compliance because of the moves)\n")
	}
	for _, kl := range d.ComplianceLost {
		var fell []string
		for _, f := range kl.Fell {
			fell = append(fell, fmt.Sprintf("%s %.3f → %.3f (标准 %g)", f.Indicator, f.Before, f.After, f.Threshold))
		}
		pf("  失去达标 (loses compliance): %s %s %s: %s\n", kl.SchoolID, kl.Name, kl.Stage, strings.Join(fell, ", "))
	}
	c := d.County
	pf("  差异系数均在限值内 (every CV within its limit): 前 (before) %s, 后 (after) %s", yesNo(c.CVWithinBefore, "zh"), yesNo(c.CVWithinAfter, "zh"))
	if len(c.CVOverAfter) > 0 {
		pf("; 超限 (over): %s", strings.Join(c.CVOverAfter, ", "))
	}
	pf("\n  达标率 (compliance rate): %.1f%% → %.1f%%\n", 100*c.RateBefore, 100*c.RateAfter)
	pf("  缺口 (deficit, teacher-equivalents): 不交流 (without moves) %.2f → 方案 (with the plan) %.2f, 填补 (filled) %.2f\n",
		c.DeficitNoMoves, c.DeficitAfter, c.DeficitNoMoves-c.DeficitAfter)
	parts := func(ps []solver.PartRef) string {
		var s []string
		for _, p := range ps {
			s = append(s, p.SchoolID+" "+p.Name+" "+p.Stage)
		}
		return strings.Join(s, "; ")
	}
	if len(c.Lose) > 0 {
		pf("  失去达标 (lose compliance, before → after) %d: %s\n", len(c.Lose), parts(c.Lose))
	}
	if len(c.Gain) > 0 {
		pf("  新增达标 (gain compliance) %d: %s\n", len(c.Gain), parts(c.Gain))
	}
	if b := d.Baseline; b != nil {
		pf("  与基准方案 %s 相比 (against the baseline): 保留 (kept) %d, 改派 (changed) %d, 新增 (new) %d, 取消 (dropped) %d\n",
			b.File, b.Kept, b.Changed, b.New, b.Dropped)
		for i, r := range b.Rows {
			if i == 20 {
				pf("    … %d more\n", len(b.Rows)-20)
				break
			}
			from, to := r.BaselineTo, r.PlanTo
			if from == "" {
				from = "留任"
			}
			if to == "" {
				to = "留任"
			}
			pf("    %s %s: %s → %s; %s\n", r.TeacherID, BaselineText(r.Status, "zh"), from, to, r.Why)
		}
	}
}
