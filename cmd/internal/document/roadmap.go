package document

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/scenarios"
)

// WriteRoadmap prints the roadmap: one row per year, then the verdict.
func WriteRoadmap(w io.Writer, rm *scenarios.Roadmap) error {
	t := Table{Head: []string{"学年 year", "计划月 plan", "返回 returned", "退休 retired", "交流 moved"}}
	for _, st := range model.Stages {
		t.Head = append(t.Head, st.ZH()+"达标 "+st.String())
	}
	for _, st := range model.Stages {
		for k := range model.NumTeacherIndicators {
			t.Head = append(t.Head, fmt.Sprintf("CV %s %s", st.String()[:3], model.Indicator(k).Code()))
		}
	}
	t.Head = append(t.Head, "缺口 medium", "I1-I3")
	for _, y := range rm.Years {
		s := &y.Summary
		row := []string{strconv.Itoa(y.Year), y.PlanDate.String(), strconv.Itoa(y.Returned), strconv.Itoa(y.Retired), strconv.Itoa(s.Quota.Moved)}
		for _, st := range model.Stages {
			cell := "-"
			for _, c := range s.Compliance {
				if c.Stage == st.String() {
					cell = fmt.Sprintf("%d/%d", c.After, c.Parts)
				}
			}
			row = append(row, cell)
		}
		for _, st := range model.Stages {
			for k := range model.NumTeacherIndicators {
				cell := "-"
				if v := s.CV[st][k]; !math.IsNaN(v) {
					cell = num(v, 3)
				}
				row = append(row, cell)
			}
		}
		row = append(row, num(s.Medium, 1), yesNo(s.AllMeet, "en"))
		t.Rows = append(t.Rows, row)
	}
	if err := WriteTable(w, t); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteByte('\n')
	if rm.First > 0 {
		y := rm.Years[rm.First-1]
		fmt.Fprintf(&b, "第 %d 年 (%s) 所有参评学校达到 I1-I3 (every in-scope part meets I1, I2 and I3 in year %d)\n", rm.First, y.PlanDate, rm.First)
	} else {
		fmt.Fprintf(&b, "%d 年内未能全部达到 I1-I3 (no year of %d has every in-scope part meeting I1, I2 and I3)\n", len(rm.Years), len(rm.Years))
		for _, s := range rm.Shortfalls {
			fmt.Fprintf(&b, "  %s (year %d)\n", s, rm.ShortfallYear)
		}
		if len(rm.Shortfalls) == 0 {
			fmt.Fprintf(&b, "  county-wide supply covers every indicator; the quota, outflow/inflow caps and distances limit how fast rotation closes the gaps\n")
		}
		if n := retiredTotal(rm); n > 0 {
			fmt.Fprintf(&b, "  %d teachers retire over the roadmap and nobody is hired; add [[hire]] rounds in a scenario file to plan recruitment\n", n)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// retiredTotal is the number of teachers who retire over the roadmap.
func retiredTotal(rm *scenarios.Roadmap) int {
	n := 0
	for _, y := range rm.Years {
		n += y.Retired
	}
	return n
}
