package document

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/scenarios"
	"github.com/rotaplan/rotaplan/solver"
)

// TextWidth is the most display columns a line of the roadmap's text takes.
const TextWidth = 100

// WriteRoadmap prints the roadmap for people, in at most TextWidth
// columns: a table of the years (who returns, retires and moves, compliant
// parts, the deficit left and the hires it takes), a table of the CVs
// after each year's plan, then the verdict.
func WriteRoadmap(w io.Writer, rm *scenarios.Roadmap) error {
	var b strings.Builder
	b.WriteString("逐年方案 (plans by school year):\n")
	years := Table{Head: []string{"学年\nyear", "计划月\nplan", "返回\nreturned", "退休\nretired", "交流\nmoved"}}
	for _, st := range model.Stages {
		years.Head = append(years.Head, st.ZH()+"达标\n"+st.String())
	}
	years.Head = append(years.Head, "缺口\nmedium", "需招聘\nhires", "骨干\nbackbone", "体艺\nPE/art")
	cv := Table{Head: []string{"学年\nyear"}}
	for _, st := range model.Stages {
		for k := range model.NumTeacherIndicators {
			cv.Head = append(cv.Head, st.ZH()+" "+model.Indicator(k).Code()+"\n"+st.String()[:3]+" "+model.Indicator(k).Code())
		}
	}
	for _, y := range rm.Years {
		s := &y.Summary
		row := []string{strconv.Itoa(y.Year), y.PlanDate.String(), strconv.Itoa(y.Returned), strconv.Itoa(y.Retired), strconv.Itoa(s.Quota.Moved)}
		for _, st := range model.Stages {
			cell := "-"
			if c, ok := compliance(s, st); ok {
				cell = fmt.Sprintf("%d/%d", c.After, c.Parts)
			}
			row = append(row, cell)
		}
		row = append(row, num(s.Medium, 1), strconv.Itoa(y.Hires.Teachers), strconv.Itoa(y.Hires.Backbone), strconv.Itoa(y.Hires.PEArt))
		years.Rows = append(years.Rows, row)
		row = []string{strconv.Itoa(y.Year)}
		for _, st := range model.Stages {
			for k := range model.NumTeacherIndicators {
				row = append(row, cvFigure(s.CV[st][k]))
			}
		}
		cv.Rows = append(cv.Rows, row)
	}
	var tb strings.Builder
	if err := WriteTable(&tb, years); err != nil {
		return err
	}
	b.WriteString(tb.String())
	writeWrapped(&b, "", "  ", "需招聘 (hires): 当年交流后各参评学段达到 I1-I3 还需招聘的教师, 以此前未招聘计, 逐年不可相加; "+
		"骨干、体艺为其中人数 (teachers to hire for every in-scope part to meet I1-I3 after the year's rotation, "+
		"if none were hired before, so not to be added up; backbone and PE/art among them)")
	b.WriteString("\n差异系数 (coefficient of variation after the plan):\n")
	tb.Reset()
	if err := WriteTable(&tb, cv); err != nil {
		return err
	}
	b.WriteString(tb.String())
	b.WriteByte('\n')
	if rm.First > 0 {
		y := rm.Years[rm.First-1]
		writeWrapped(&b, "", "  ", fmt.Sprintf("第 %d 年 (%s) 所有参评学校达到 I1-I3 (every in-scope part meets I1, I2 and I3 in year %d)",
			rm.First, y.PlanDate, rm.First))
	} else {
		writeWrapped(&b, "", "  ", fmt.Sprintf("%d 年内未能全部达到 I1-I3 (no year of %d has every in-scope part meeting I1, I2 and I3)",
			len(rm.Years), len(rm.Years)))
		if len(rm.Shortfalls) > 0 {
			writeWrapped(&b, "  ", "    ", fmt.Sprintf("仅靠交流无法达到 (rotation alone cannot reach), year %d:", rm.ShortfallYear))
			for _, s := range rm.Shortfalls {
				writeWrapped(&b, "    ", "      ", s.Detail())
			}
		} else {
			writeWrapped(&b, "  ", "    ", "county-wide supply covers every indicator; the quota, outflow/inflow caps and distances "+
				"limit how fast rotation closes the gaps")
		}
		if n := retiredTotal(rm); n > 0 {
			writeWrapped(&b, "  ", "    ", fmt.Sprintf("%d teachers retire over the roadmap and nobody is hired; the hires columns say "+
				"how many to recruit; [[hire]] rounds in a scenario file plan it", n))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeWrapped writes text as lines of at most TextWidth display columns,
// broken at spaces: the first line starts with first, the others with
// rest. A word longer than a line stays whole.
func writeWrapped(b *strings.Builder, first, rest, text string) {
	line, indent := first, first
	for _, word := range strings.Fields(text) {
		if line != indent && width(line)+1+width(word) > TextWidth {
			b.WriteString(line + "\n")
			line, indent = rest, rest
		}
		if line != indent {
			line += " "
		}
		line += word
	}
	b.WriteString(line + "\n")
}

// compliance is the compliance of stage st in the summary s.
func compliance(s *scenarios.Summary, st model.Stage) (solver.Compliance, bool) {
	for _, c := range s.Compliance {
		if c.Stage == st.String() {
			return c, true
		}
	}
	return solver.Compliance{}, false
}

func cvFigure(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return num(v, 3)
}

// RoadmapTable is the roadmap as one table, a row per year with every
// figure: the content of roadmap.csv and of the roadmap workbook.
func RoadmapTable(rm *scenarios.Roadmap) Table {
	t := Table{Sheet: "路线图 roadmap", Head: []string{"学年 year", "计划月 plan_date", "返回 returned", "退休 retired",
		"符合条件 eligible", "应交流 required", "交流 moved", "骨干交流 backbone_moved", "应交流骨干 backbone_required"}}
	for _, st := range model.Stages {
		t.Head = append(t.Head, st.ZH()+"达标 compliant_"+st.String(), st.ZH()+"参评 parts_"+st.String())
	}
	for _, st := range model.Stages {
		for k := range model.NumTeacherIndicators {
			ind := model.Indicator(k)
			t.Head = append(t.Head, fmt.Sprintf("%s差异系数 cv_%s_%s", st.ZH(), st, ind))
		}
	}
	t.Head = append(t.Head, "剩余缺口 medium_deficit", "需招聘 hires", "其中骨干 hires_backbone", "其中体艺 hires_pe_art",
		"全部达标 all_meet")
	itoa := strconv.Itoa
	for _, y := range rm.Years {
		s := &y.Summary
		q := s.Quota
		row := []string{itoa(y.Year), y.PlanDate.String(), itoa(y.Returned), itoa(y.Retired),
			itoa(q.Eligible), itoa(q.Required), itoa(q.Moved), itoa(q.BackboneMoved), itoa(q.BackboneRequired)}
		for _, st := range model.Stages {
			if c, ok := compliance(s, st); ok {
				row = append(row, itoa(c.After), itoa(c.Parts))
			} else {
				row = append(row, "-", "-")
			}
		}
		for _, st := range model.Stages {
			for k := range model.NumTeacherIndicators {
				row = append(row, cvFigure(s.CV[st][k]))
			}
		}
		row = append(row, num(s.Medium, 3), itoa(y.Hires.Teachers), itoa(y.Hires.Backbone), itoa(y.Hires.PEArt),
			yesNo(s.AllMeet, "en"))
		t.Rows = append(t.Rows, row)
	}
	return t
}

// RoadmapCSV is roadmap.csv: RoadmapTable as CSV, UTF-8 with BOM.
func RoadmapCSV(rm *scenarios.Roadmap) []byte { return TableCSV(RoadmapTable(rm)) }

// RoadmapXLSX is the roadmap workbook: RoadmapTable on one sheet.
func RoadmapXLSX(rm *scenarios.Roadmap) ([]byte, error) { return TableXLSX(RoadmapTable(rm)) }

// RoadmapFile is roadmap.json, with stable keys.
type RoadmapFile struct {
	Provenance Provenance    `json:"provenance"`
	Years      []RoadmapYear `json:"years"`
	// FirstYear is the first year after whose plan every in-scope part
	// meets I1-I3; zero when none does.
	FirstYear     int                `json:"first_year"`
	Shortfalls    []RoadmapShortfall `json:"shortfalls"`
	ShortfallYear int                `json:"shortfall_year"` // the year the shortfalls are measured in
	RetiredTotal  int                `json:"retired_total"`
}

// RoadmapYear is one year of roadmap.json.
type RoadmapYear struct {
	Year          int                 `json:"year"`
	PlanDate      string              `json:"plan_date"`
	Returned      int                 `json:"returned"`
	Retired       int                 `json:"retired"`
	Quota         solver.Quota        `json:"quota"`
	Compliance    []solver.Compliance `json:"compliance"`
	CV            []RoadmapCV         `json:"cv"`
	MediumDeficit float64             `json:"medium_deficit"`
	Moves         int                 `json:"moves"`
	Km            float64             `json:"km"`
	NonVolunteer  int                 `json:"non_volunteer"`
	Total         float64             `json:"total"`
	Bound         float64             `json:"bound"`
	Hires         RoadmapHires        `json:"hires"`
	AllMeet       bool                `json:"all_meet"`
}

// RoadmapCV is the CV of a teacher indicator in a stage after a year's
// plan; After is null where the CV is undefined.
type RoadmapCV struct {
	Stage     string   `json:"stage"`
	Indicator string   `json:"indicator"`
	After     *float64 `json:"after"`
}

// RoadmapHires are the hires a year needs (see scenarios.Hires).
type RoadmapHires struct {
	Teachers int `json:"teachers"`
	Backbone int `json:"backbone"`
	PEArt    int `json:"pe_art"`
}

// RoadmapShortfall is a scenarios.Shortfall in roadmap.json.
type RoadmapShortfall struct {
	Stage     string  `json:"stage"`
	Indicator string  `json:"indicator"`
	Have      int     `json:"have"`
	Need      float64 `json:"need"`
}

// NewRoadmapFile is the content of roadmap.json of rm.
func NewRoadmapFile(rm *scenarios.Roadmap, prov Provenance) RoadmapFile {
	f := RoadmapFile{Provenance: prov, Years: []RoadmapYear{}, FirstYear: rm.First, Shortfalls: []RoadmapShortfall{},
		ShortfallYear: rm.ShortfallYear, RetiredTotal: retiredTotal(rm)}
	for _, y := range rm.Years {
		s := &y.Summary
		ry := RoadmapYear{Year: y.Year, PlanDate: y.PlanDate.String(), Returned: y.Returned, Retired: y.Retired,
			Quota: s.Quota, Compliance: s.Compliance, CV: []RoadmapCV{}, MediumDeficit: s.Medium, Moves: s.Moves, Km: s.Km,
			NonVolunteer: s.NonVolunteer, Total: s.Total, Bound: s.Bound,
			Hires:   RoadmapHires{Teachers: y.Hires.Teachers, Backbone: y.Hires.Backbone, PEArt: y.Hires.PEArt},
			AllMeet: s.AllMeet}
		if ry.Compliance == nil {
			ry.Compliance = []solver.Compliance{}
		}
		for _, st := range model.Stages {
			for k := range model.NumTeacherIndicators {
				c := RoadmapCV{Stage: st.String(), Indicator: model.Indicator(k).String()}
				if v := s.CV[st][k]; !math.IsNaN(v) {
					c.After = &v
				}
				ry.CV = append(ry.CV, c)
			}
		}
		f.Years = append(f.Years, ry)
	}
	for _, s := range rm.Shortfalls {
		f.Shortfalls = append(f.Shortfalls, RoadmapShortfall{Stage: s.Stage.String(), Indicator: s.Indicator.String(), Have: s.Have, Need: s.Need})
	}
	return f
}

// RoadmapJSON is roadmap.json of rm, indented, with a final newline.
func RoadmapJSON(rm *scenarios.Roadmap, prov Provenance) ([]byte, error) {
	b, err := json.MarshalIndent(NewRoadmapFile(rm, prov), "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// retiredTotal is the number of teachers who retire over the roadmap.
func retiredTotal(rm *scenarios.Roadmap) int {
	n := 0
	for _, y := range rm.Years {
		n += y.Retired
	}
	return n
}
