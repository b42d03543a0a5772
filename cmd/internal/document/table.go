package document

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/scenarios"
)

// Table is a grid of text: a header row and labelled rows of cells. The
// scenario comparison and the roadmap are tables.
type Table struct {
	Head []string   // the header row: the label column's title, then one title per column
	Rows [][]string // each row: its label, then one cell per column
}

// Comparison lays out the summaries of the scenarios side by side.
func Comparison(scs []*scenarios.Scenario, outs []*scenarios.Outcome) Table {
	t := Table{Head: []string{"指标 (figure)"}}
	for _, sc := range scs {
		t.Head = append(t.Head, sc.Name)
	}
	add := func(label string, cell func(s *scenarios.Summary) string) {
		row := []string{label}
		for _, o := range outs {
			row = append(row, cell(&o.Summary))
		}
		t.Rows = append(t.Rows, row)
	}
	itoa := strconv.Itoa
	add("符合条件 eligible", func(s *scenarios.Summary) string { return itoa(s.Quota.Eligible) })
	add("应交流 required", func(s *scenarios.Summary) string { return itoa(s.Quota.Required) })
	add("交流 moved", func(s *scenarios.Summary) string { return itoa(s.Quota.Moved) })
	add("骨干 backbone moved/required", func(s *scenarios.Summary) string {
		return itoa(s.Quota.BackboneMoved) + "/" + itoa(s.Quota.BackboneRequired)
	})
	for _, st := range model.Stages {
		add(st.ZH()+"达标校 compliant "+st.String()+" parts", func(s *scenarios.Summary) string {
			for _, c := range s.Compliance {
				if c.Stage == st.String() {
					return fmt.Sprintf("%d→%d/%d", c.Before, c.After, c.Parts)
				}
			}
			return "-"
		})
	}
	for _, st := range model.Stages {
		for k := range model.NumTeacherIndicators {
			ind := model.Indicator(k)
			add(fmt.Sprintf("%s差异系数 CV %s %s", st.ZH(), st, ind.Code()), func(s *scenarios.Summary) string {
				if v := s.CV[st][k]; !math.IsNaN(v) {
					return num(v, 3)
				}
				return "-"
			})
		}
	}
	add("剩余缺口 medium deficit left", func(s *scenarios.Summary) string { return num(s.Medium, 2) })
	add("交流人次 moves", func(s *scenarios.Summary) string { return itoa(s.Moves) })
	add("总距离 total km", func(s *scenarios.Summary) string { return num(s.Km, 1) })
	add("非自愿 non-volunteer moves", func(s *scenarios.Summary) string { return itoa(s.NonVolunteer) })
	add("目标值 objective", func(s *scenarios.Summary) string { return num(s.Total, 2) })
	add("下界 bound", func(s *scenarios.Summary) string { return num(s.Bound, 2) })
	add("差距 gap %", func(s *scenarios.Summary) string { return num(100*s.Gap, 3) })
	add("I1-I3 全部达标 all parts meet I1-I3", func(s *scenarios.Summary) string { return yesNo(s.AllMeet, "en") })
	return t
}

// width is the display width of s: CJK characters take two columns.
func width(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x115f || (r >= 0x2e80 && r <= 0xa4cf) || (r >= 0xac00 && r <= 0xd7a3) || (r >= 0xf900 && r <= 0xfaff) || (r >= 0xff00 && r <= 0xff60)) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// WriteTable prints the table with aligned columns.
func WriteTable(w io.Writer, t Table) error {
	all := append([][]string{t.Head}, t.Rows...)
	cols := make([]int, len(t.Head))
	for _, r := range all {
		for i, c := range r {
			cols[i] = max(cols[i], width(c))
		}
	}
	var b bytes.Buffer
	for _, r := range all {
		for i, c := range r {
			pad := strings.Repeat(" ", cols[i]-width(c))
			switch {
			case i == 0:
				b.WriteString(c + pad)
			default:
				b.WriteString("  " + pad + c)
			}
		}
		b.WriteByte('\n')
	}
	_, err := w.Write(b.Bytes())
	return err
}

// TableCSV is the table as CSV, UTF-8 with BOM.
func TableCSV(t Table) []byte {
	var b bytes.Buffer
	w := newCSVWriter(&b)
	w.Write(t.Head)
	for _, r := range t.Rows {
		w.Write(r)
	}
	w.Flush()
	return b.Bytes()
}

// TableXLSX is the table as a one-sheet workbook; cells that are plain
// numbers are stored as numbers.
func TableXLSX(t Table) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const name = "对比 comparison"
	if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
		return nil, err
	}
	for r, row := range append([][]string{t.Head}, t.Rows...) {
		for c, v := range row {
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return nil, err
			}
			var val any = v
			if x, err := strconv.ParseFloat(v, 64); err == nil && r > 0 && c > 0 {
				val = x
			}
			if err := f.SetCellValue(name, cell, val); err != nil {
				return nil, err
			}
		}
	}
	if err := f.SetColWidth(name, "A", "A", 36); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
