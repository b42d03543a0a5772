package document

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	require.True(t, bytes.HasPrefix(data, []byte("\xef\xbb\xbf")), "got no BOM")
	rows, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	require.NoError(t, err)
	return rows
}

// TestEligibilityCSV: one row per teacher of a source school of the
// sample county, moved exactly when the plan moves them, and the rule of
// every teacher not eligible.
func TestEligibilityCSV(t *testing.T) {
	p := samplePlan(t)
	rows := readCSV(t, EligibilityCSV(p.data("zh")))
	require.Equal(t, []string{"序号", "教职工号", "姓名", "学校代码", "学校名称", "学段", "学科", "状态", "原因", "说明", "交流去向"}, rows[0])
	sources := 0
	for i := range p.in.Teachers {
		if p.in.Schools[p.in.Teachers[i].School].IsSource() {
			sources++
		}
	}
	require.Len(t, rows, sources+1, "got %d rows, want one per source-school teacher (%d)", len(rows)-1, sources)
	moved := map[string]string{}
	for _, m := range p.rep.Moves {
		moved[m.ID] = m.To
	}
	counts := map[string]int{}
	for _, r := range rows[1:] {
		counts[r[7]]++
		ti, ok := p.in.TeacherByID(r[1])
		require.True(t, ok, "unknown teacher %s", r[1])
		ex, _ := solver.Eligibility(p.in, &p.in.Teachers[ti])
		switch r[7] {
		case "已安排交流":
			to, _ := p.in.SchoolByID(moved[r[1]])
			assert.Equal(t, p.in.Schools[to].Name, r[10])
		case "符合条件，未交流":
			assert.Equal(t, solver.Eligible, ex)
			assert.Empty(t, moved[r[1]])
		default:
			assert.NotEqual(t, solver.Eligible, ex)
			assert.Equal(t, ex.ZH(), r[8], "teacher %s", r[1])
		}
	}
	assert.Equal(t, len(p.rep.Moves), counts["已安排交流"])
	assert.Equal(t, p.rep.Quota.Eligible, counts["已安排交流"]+counts["符合条件，未交流"])
	assert.Positive(t, counts["不符合条件"])
}

// TestBaselineColumn: with a baseline the rotation list gains the column
// 与基准方案 with each move's status; without one it has none.
func TestBaselineColumn(t *testing.T) {
	p := samplePlan(t)
	rows := readCSV(t, PlanCSV(p.in, p.rep, "zh"))
	assert.NotContains(t, rows[0], "与基准方案")

	in := *p.in
	// The baseline: the plan's first move kept, its second sent home, a
	// third teacher added.
	first, _ := in.SchoolByID(p.rep.Moves[0].To)
	in.Baseline = &model.Baseline{File: "base.csv", Moves: []model.Assignment{{Teacher: p.rep.Moves[0].Teacher, To: first}}}
	ev := solver.NewEvaluator(&in)
	rep := ev.Report(p.res.Plan)
	rows = readCSV(t, PlanCSV(&in, rep, "zh"))
	require.Equal(t, "与基准方案", rows[0][len(rows[0])-1])
	assert.Equal(t, "保留", rows[1][len(rows[1])-1])
	assert.Equal(t, "新增", rows[2][len(rows[2])-1])
	assert.Equal(t, "kept", BaselineText(solver.BaselineKept, "en"))
	var text bytes.Buffer
	WriteReport(&text, ev, rep, nil)
	assert.Contains(t, text.String(), "与基准方案 base.csv 相比 (against the baseline): 保留 (kept) 1, 改派 (changed) 0, 新增 (new) "+strconv.Itoa(len(rep.Moves)-1))
	assert.True(t, strings.Contains(text.String(), "达标率 (compliance rate)"), "got no compliance rate line in:\n%s", text.String())
	c := rep.Defense.County
	assert.Contains(t, text.String(), fmt.Sprintf("填补 (filled) %.2f\n", c.DeficitNoMoves-c.DeficitAfter))
	assert.Greater(t, c.DeficitNoMoves, c.DeficitAfter)
}

// TestDefenseQuotaLine: the sample county's plan moves more than the
// quota, and the line says how many moved, how many were required and
// how many more, each once.
func TestDefenseQuotaLine(t *testing.T) {
	p := samplePlan(t)
	q, d := p.rep.Quota, p.rep.Defense
	require.False(t, d.QuotaBinds, "the sample county's quota binds: the test needs extra moves")
	require.Equal(t, q.Moved-q.Required, d.ExtraMoves)
	var b strings.Builder
	writeDefense(&b, p.rep)
	want := "交流 " + strconv.Itoa(q.Moved) + " 人, 应交流 " + strconv.Itoa(q.Required) + " 人, 多出 " + strconv.Itoa(d.ExtraMoves) + " 人;"
	assert.Contains(t, b.String(), want)
	assert.Contains(t, b.String(), "the "+strconv.Itoa(d.ExtraMoves)+" extra moves fill")
}
