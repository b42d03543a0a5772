package document

import (
	"bytes"
	_ "embed"
	"fmt"
	"html"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// reportTemplate is the page of --html: one self-contained file, styles
// inline, charts as inline SVG, no scripts and nothing fetched.
//
//go:embed report.html.tmpl
var reportTemplate string

var reportTmpl = template.Must(template.New("report").Parse(reportTemplate))

// Colours of the report's charts.
const (
	colBefore   = "#9aa5b1"
	colAfter    = "#2f6fb0"
	colBelow    = "#d9822b"
	colLimit    = "#c0392b"
	colSource   = "#c0392b"
	colReceiver = "#27864a"
	colArrow    = "#2f6fb0"
)

// termNamesZH are the Chinese names of the medium and soft terms of the
// score; the hard ones are in hardTermNames.
var termNamesZH = map[string]string{
	"deficit_qualified": "高于规定学历教师缺口",
	"deficit_backbone":  "骨干教师缺口",
	"deficit_pe_art":    "体育艺术教师缺口",
	"subject_gap":       "学科缺口",
	"moves":             "交流人次",
	"distance_km":       "交流距离 (公里)",
	"non_volunteer":     "非自愿交流",
	"graduating_class":  "毕业班教师交流",
	"wish_rank":         "未得首选志愿",
	"outside_wishes":    "志愿外交流",
}

// termText names a term of the score for people.
func termText(name, lang string) string {
	zh, ok := hardTermNames[name]
	if !ok {
		zh, ok = termNamesZH[name]
	}
	if !ok {
		return name
	}
	return Tr(lang, zh, strings.ReplaceAll(name, "_", " "))
}

// page is what the report template shows.
type page struct {
	Lang      string
	Title     string
	Prov      Provenance
	Result    *solver.Result
	GapText   string // the proven gap in percent, when there is a Result
	Score     solver.ScoreJSON
	Quota     solver.Quota
	Terms     []termRow
	Comp      []compRow
	IndCharts []chart
	CVCharts  []chart
	Map       chart
	Moves     []moveRow
	Pinned    int          // moves that are pins of the planner
	Invalid   []invalidRow // moves of an infeasible plan that break a rule
	Faults    []faultRow   // what each violated hard term holds
	// Units are the districts' and groups' compliance and CVs, Principals
	// the principal exchange (DOMAIN §8).
	Units      []unitRow
	Principals []principalRow
}

// T picks the label of the page's language.
func (p *page) T(zh, en string) string { return Tr(p.Lang, zh, en) }

// Print is the print rules of the page: A4 landscape, page numbers, table
// heads repeated on every page.
func (p *page) Print() template.CSS { return printRules(p.Lang) }

// chart is one inline SVG figure with its caption.
type chart struct {
	ID      string
	Caption string
	SVG     template.HTML
}

type termRow struct {
	Level, Name, Code, Amount, Weighted string
	Violated                            bool
}

type compRow struct {
	Stage                string
	Parts, Before, After int
}

type moveRow struct {
	No                                  int
	ID, Name, Stage, Subject, Backbone  string
	FromID, From, ToID, To, Km, Reasons string
	Pinned                              bool // the planner pinned this move (pins.csv)
}

// invalidRow is a move that breaks a structural rule: the teacher, the
// school the teacher is at, the school of the move and why it is invalid.
type invalidRow struct {
	TeacherID, Name, FromID, From, ToID, To, Why string
}

// faultRow is one school or teacher behind a violated hard term.
type faultRow struct {
	Term, Code, Amount        string
	TeacherID, Name           string
	SchoolID, School, Details string
}

// newPage builds the page of the report of d.
func newPage(d Data) *page {
	lang := d.Lang
	rep := d.Report
	p := &page{Lang: lang, Title: Tr(lang, "县域教师交流轮岗方案报告", "County teacher rotation plan report"),
		Prov: d.Prov, Result: d.Result, Score: rep.Score, Quota: rep.Quota}
	if d.Result != nil {
		p.GapText = num(100*d.Result.Gap(), 3) + "%"
	}
	levels := map[string][2]string{"hard": {"硬", "hard"}, "medium": {"中", "medium"}, "soft": {"软", "soft"}}
	for _, t := range rep.Terms {
		lv := levels[t.Level]
		p.Terms = append(p.Terms, termRow{Level: Tr(lang, lv[0], lv[1]), Name: termText(t.Name, lang), Code: t.Name,
			Amount: num(t.Amount, 3), Weighted: num(t.Weighted, 2), Violated: t.Level == "hard" && t.Amount > 0})
	}
	for _, c := range rep.Compliance {
		st, _ := model.ParseStage(c.Stage)
		p.Comp = append(p.Comp, compRow{Stage: Tr(lang, st.ZH(), c.Stage), Parts: c.Parts, Before: c.Before, After: c.After})
	}
	for _, st := range model.Stages {
		for i := range model.NumTeacherIndicators {
			if c, ok := indicatorChart(rep, st, model.Indicator(i), lang); ok {
				p.IndCharts = append(p.IndCharts, c)
			}
		}
	}
	for _, st := range model.Stages {
		if c, ok := cvChart(rep, st, lang); ok {
			p.CVCharts = append(p.CVCharts, c)
		}
	}
	p.Map = mapChart(d.In, rep, lang)
	p.Units, p.Principals = structureRows(d)
	pins := pinnedMoves(d.In)
	for i, m := range rep.Moves {
		t := &d.In.Teachers[m.Teacher]
		to, ok := d.In.SchoolByID(m.To)
		pin, has := pins[m.Teacher]
		pinned := ok && has && pin == to
		if pinned {
			p.Pinned++
		}
		p.Moves = append(p.Moves, moveRow{No: i + 1, ID: t.ID, Name: t.Name,
			Stage: Tr(lang, t.Stage.ZH(), t.Stage.String()), Subject: Tr(lang, t.Subject.ZH(), t.Subject.String()),
			Backbone: Tr(lang, t.Backbone.ZH(), t.Backbone.String()),
			FromID:   m.From, From: schoolName(d.In, m.From), ToID: m.To, To: schoolName(d.In, m.To),
			Km: num(m.Km, 1), Reasons: reasonsText(m.Reasons, lang), Pinned: pinned})
	}
	p.Invalid, p.Faults = faults(d.In, rep, lang)
	return p
}

// pinnedMoves maps every teacher the planner pinned to a school (a move of
// pins.csv) to that school.
func pinnedMoves(in *model.Instance) map[int]int {
	pins := map[int]int{}
	for _, pin := range in.Pins {
		if pin.Action == model.PinMove {
			pins[pin.Teacher] = pin.School
		}
	}
	return pins
}

// faults names what makes a plan infeasible: the moves that break a
// structural rule and, for every violated hard term, the schools and
// teachers behind it (or the term alone when it has none).
func faults(in *model.Instance, rep *solver.Report, lang string) ([]invalidRow, []faultRow) {
	teacher := func(id string) (name, schoolID string) {
		if i, ok := in.TeacherByID(id); ok {
			t := &in.Teachers[i]
			if t.School >= 0 && t.School < len(in.Schools) {
				schoolID = in.Schools[t.School].ID
			}
			return t.Name, schoolID
		}
		return "", ""
	}
	var inv []invalidRow
	for _, m := range rep.Invalid {
		name, from := teacher(m.TeacherID)
		r := invalidRow{TeacherID: m.TeacherID, Name: name, FromID: from, ToID: m.ToID, To: schoolName(in, m.ToID), Why: m.Why}
		if from != "" {
			r.From = schoolName(in, from)
		}
		inv = append(inv, r)
	}
	var fs []faultRow
	for _, t := range rep.Terms {
		if t.Level != "hard" || t.Amount <= 0 {
			continue
		}
		items := t.Items
		if len(items) == 0 {
			items = []solver.TermItem{{Amount: t.Amount}}
		}
		for _, it := range items {
			f := faultRow{Term: termText(t.Name, lang), Code: t.Name, Amount: num(it.Amount, 0),
				TeacherID: it.TeacherID, SchoolID: it.SchoolID, Details: it.Detail}
			if it.TeacherID != "" {
				f.Name, _ = teacher(it.TeacherID)
			}
			if it.SchoolID != "" {
				f.School = schoolName(in, it.SchoolID)
			}
			fs = append(fs, f)
		}
	}
	return inv, fs
}

// ReportHTML renders the report page of d: one self-contained HTML file.
func ReportHTML(d Data) ([]byte, error) {
	var b bytes.Buffer
	if err := reportTmpl.Execute(&b, newPage(d)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// svg builds the text of an inline SVG figure; numbers get one decimal so
// the same report gives the same bytes.
type svg struct{ b strings.Builder }

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func (s *svg) printf(format string, args ...any) { fmt.Fprintf(&s.b, format, args...) }

// text writes an escaped text element.
func (s *svg) text(x, y float64, attrs, v string) {
	s.printf(`<text x="%s" y="%s" %s>%s</text>`, f1(x), f1(y), attrs, html.EscapeString(v))
}

func (s *svg) open(w, h float64, label string) {
	s.printf(`<svg width="%s" height="%s" viewBox="0 0 %s %s" role="img" aria-label="%s">`,
		f1(w), f1(h), f1(w), f1(h), html.EscapeString(label))
}

// close ends the figure; every text in it was escaped on the way in.
func (s *svg) close() template.HTML {
	s.b.WriteString("</svg>")
	return template.HTML(s.b.String())
}

// maxTicks bounds the ticks of a value axis, whatever its top.
const maxTicks = 20

// niceStep is a round tick step (1, 2, 2.5 or 5 times a power of ten) for
// an axis from 0 to top with about n intervals. It is positive and finite
// for every top: 1 when top is not a positive finite number, and at least
// top/n otherwise, so that n intervals reach top.
func niceStep(top float64, n int) float64 {
	if !(top > 0) || math.IsInf(top, 1) {
		return 1
	}
	raw := top / float64(max(n, 1))
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	if !(mag > 0) {
		// top/n is below the smallest float: one interval.
		return top
	}
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if s := m * mag; raw <= s {
			if math.IsInf(s, 1) {
				return raw
			}
			return s
		}
	}
	return raw
}

// valueAxis maps values from 0 to top onto the rows of a chart: 0 at row
// bottom, top height rows above it.
type valueAxis struct{ top, bottom, height float64 }

// newValueAxis is the axis of a chart showing vs: its top is the largest
// finite value grown by the factor grow for headroom, at least 1e-6, and
// finite however large the values are. NaN and infinite values play no
// part; y puts them at an end of the axis.
func newValueAxis(bottom, height, grow float64, vs ...float64) valueAxis {
	top := 0.0
	for _, v := range vs {
		if !math.IsInf(v, 0) && !math.IsNaN(v) {
			top = max(top, v)
		}
	}
	top *= grow
	if math.IsInf(top, 1) {
		top = math.MaxFloat64
	}
	return valueAxis{top: max(top, 1e-6), bottom: bottom, height: height}
}

// y is the row of v. Values below 0, NaN included, are drawn at 0 and
// values above top at top, so that every row lies on the chart.
func (a valueAxis) y(v float64) float64 {
	switch {
	case !(v > 0):
		v = 0
	case v > a.top:
		v = a.top
	}
	return a.bottom - v/a.top*a.height
}

// ticks are the tick values of the axis: multiples of a round step from 0
// up to top, at most maxTicks of them.
func (a valueAxis) ticks() []float64 {
	step := niceStep(a.top, 5)
	var vs []float64
	for i := range maxTicks {
		v := float64(i) * step
		if !(v <= a.top+1e-9) {
			break
		}
		vs = append(vs, v)
	}
	return vs
}

// yAxis draws the horizontal grid and tick labels of the value axis a
// between x0 and x1.
func (s *svg) yAxis(x0, x1 float64, a valueAxis, prec int) {
	for _, v := range a.ticks() {
		y := a.y(v)
		s.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e3e7eb"/>`, f1(x0), f1(y), f1(x1), f1(y))
		s.text(x0-4, y+4, `text-anchor="end" class="tick"`, num(v, prec))
	}
}

// legend draws coloured boxes with labels from x, y to the right.
func (s *svg) legend(x, y float64, items ...[2]string) {
	for _, it := range items {
		s.printf(`<rect x="%s" y="%s" width="12" height="12" fill="%s"/>`, f1(x), f1(y-10), it[0])
		s.text(x+16, y, `class="legend"`, it[1])
		x += 16 + 6.5*float64(textWidth(it[1])) + 20
	}
}

// minValueSlot is the narrowest slot, in pixels, of a bar chart that
// prints the values of its bars; narrower charts show them on hover only.
const minValueSlot = 14.0

// indicatorChart draws indicator ind of the in-scope parts of stage st,
// sorted by the value before, before and after against the threshold.
func indicatorChart(rep *solver.Report, st model.Stage, ind model.Indicator, lang string) (chart, bool) {
	var parts []*solver.PartReport
	for i := range rep.Parts {
		if p := &rep.Parts[i]; p.InScope && p.Stage == st.String() {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return chart{}, false
	}
	slices.SortStableFunc(parts, func(a, b *solver.PartReport) int {
		if c := cmpFloat(a.Indicators[ind].Before, b.Indicators[ind].Before); c != 0 {
			return c
		}
		return strings.Compare(a.SchoolID, b.SchoolID)
	})
	thr := parts[0].Indicators[ind].Threshold
	vs := []float64{thr}
	for _, p := range parts {
		vs = append(vs, p.Indicators[ind].Before, p.Indicators[ind].After)
	}
	const w, h, left, right, upper, lower = 1200.0, 360.0, 76.0, 12.0, 36.0, 120.0
	pw, ph := w-left-right, h-upper-lower
	ax := newValueAxis(upper+ph, ph, 1.2, vs...)
	y := ax.y
	slot := pw / float64(len(parts))
	title := fmt.Sprintf("%s %s · %s (%s)", ind.Code(), Tr(lang, ind.ZH(), ind.String()), Tr(lang, st.ZH(), st.String()),
		Tr(lang, "每百名学生", "per 100 students"))
	var s svg
	s.open(w, h, title)
	s.yAxis(left, w-right, ax, 1)
	s.legend(left, 18, [2]string{colBefore, Tr(lang, "交流前", "before")}, [2]string{colAfter, Tr(lang, "交流后", "after")},
		[2]string{colBelow, Tr(lang, "交流后仍低于标准", "after, below threshold")}, [2]string{colLimit, Tr(lang, "标准", "threshold") + " " + num(thr, 2)})
	bw := slot * 0.38
	for i, p := range parts {
		v := p.Indicators[ind]
		x := left + float64(i)*slot + slot*0.1
		after := colAfter
		if below(v.After, v.Threshold) {
			after = colBelow
		}
		tip := html.EscapeString(fmt.Sprintf("%s %s: %s → %s (%s %s)", p.SchoolID, p.Name, num(v.Before, 2), num(v.After, 2),
			Tr(lang, "标准", "threshold"), num(v.Threshold, 2)))
		s.printf(`<g><title>%s</title>`, tip)
		s.printf(`<rect class="before" x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, f1(x), f1(y(v.Before)), f1(bw), f1(y(0)-y(v.Before)), colBefore)
		s.printf(`<rect class="after" x="%s" y="%s" width="%s" height="%s" fill="%s"/></g>`, f1(x+bw), f1(y(v.After)), f1(bw), f1(y(0)-y(v.After)), after)
		if slot >= minValueSlot {
			// The value after, upwards from the top of its bar.
			vx, vy := x+bw*1.5+3, y(v.After)-3
			s.printf(`<text x="%s" y="%s" transform="rotate(-90 %s %s)" class="value">%s</text>`,
				f1(vx), f1(vy), f1(vx), f1(vy), num(v.After, 2))
		}
		lx := x + bw
		s.printf(`<text x="%s" y="%s" transform="rotate(-60 %s %s)" text-anchor="end" class="label">%s</text>`,
			f1(lx), f1(y(0)+12), f1(lx), f1(y(0)+12), html.EscapeString(p.SchoolID+" "+shortName(p.Name, 8)))
	}
	// Thresholds are per stage, but draw each part's so nothing is assumed.
	for i, p := range parts {
		t := p.Indicators[ind].Threshold
		x := left + float64(i)*slot
		s.printf(`<line class="threshold" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2" stroke-dasharray="6 3"/>`,
			f1(x), f1(y(t)), f1(x+slot), f1(y(t)), colLimit)
	}
	s.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#555"/>`, f1(left), f1(y(0)), f1(w-right), f1(y(0)))
	return chart{ID: "ind-" + st.String() + "-" + ind.Code(), Caption: title, SVG: s.close()}, true
}

// cvChart draws the CV of every indicator of stage st before and after
// against the limit.
func cvChart(rep *solver.Report, st model.Stage, lang string) (chart, bool) {
	var rows []solver.CVRow
	for _, r := range rep.CV {
		if r.Stage == st.String() {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return chart{}, false
	}
	limit := rows[0].Limit
	vs := []float64{limit}
	for _, r := range rows {
		if r.Before != nil {
			vs = append(vs, *r.Before)
		}
		if r.After != nil {
			vs = append(vs, *r.After)
		}
	}
	const w, h, left, right, upper, lower = 1200.0, 320.0, 56.0, 12.0, 36.0, 64.0
	pw, ph := w-left-right, h-upper-lower
	ax := newValueAxis(upper+ph, ph, 1.15, vs...)
	y := ax.y
	slot := pw / float64(len(rows))
	title := fmt.Sprintf("%s · %s", Tr(lang, "差异系数", "Coefficient of variation"), Tr(lang, st.ZH(), st.String()))
	var s svg
	s.open(w, h, title)
	s.yAxis(left, w-right, ax, 2)
	s.legend(left, 18, [2]string{colBefore, Tr(lang, "交流前", "before")}, [2]string{colAfter, Tr(lang, "交流后", "after")},
		[2]string{colBelow, Tr(lang, "交流后超过限值", "after, over the limit")}, [2]string{colLimit, Tr(lang, "限值", "limit") + " " + num(limit, 2)})
	bw := slot * 0.3
	for i, r := range rows {
		ind, _ := model.ParseIndicator(r.Indicator)
		x := left + float64(i)*slot + slot*0.2
		for k, v := range []*float64{r.Before, r.After} {
			bx := x + float64(k)*bw
			if v == nil {
				s.text(bx+bw/2, y(0)-4, `text-anchor="middle" class="tick"`, "–")
				continue
			}
			fill := colBefore
			if k == 1 {
				fill = colAfter
				if *v > r.Limit {
					fill = colBelow
				}
			}
			s.printf(`<rect class="cv" x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s</title></rect>`,
				f1(bx), f1(y(*v)), f1(bw), f1(y(0)-y(*v)), fill, num(*v, 3))
			s.text(bx+bw/2, y(*v)-3, `text-anchor="middle" class="tick"`, num(*v, 3))
		}
		s.text(x+bw, y(0)+16, `text-anchor="middle" class="label"`, ind.Code())
		s.text(x+bw, y(0)+32, `text-anchor="middle" class="tick"`, shortName(Tr(lang, ind.ZH(), ind.String()), 16))
		s.printf(`<line class="threshold" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2" stroke-dasharray="6 3"/>`,
			f1(left+float64(i)*slot), f1(y(r.Limit)), f1(left+float64(i+1)*slot), f1(y(r.Limit)), colLimit)
	}
	s.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#555"/>`, f1(left), f1(y(0)), f1(w-right), f1(y(0)))
	return chart{ID: "cv-" + st.String(), Caption: title, SVG: s.close()}, true
}

// placed reports whether the map can draw school s: it has finite
// coordinates.
func placed(s *model.School) bool {
	return s.HasCoords && !math.IsNaN(s.Lon) && !math.IsInf(s.Lon, 0) && !math.IsNaN(s.Lat) && !math.IsInf(s.Lat, 0)
}

// mapChart draws the schools at their coordinates, sources and receivers
// in two colours and sized by students, and every move as an arrow from
// its source to its receiver. Schools without finite coordinates are left
// out, and so are moves between them. Any finite coordinates fit the
// canvas: spans are taken in halves of degrees, which cannot overflow.
func mapChart(in *model.Instance, rep *solver.Report, lang string) chart {
	title := Tr(lang, "学校分布与交流流向", "Schools and moves")
	minLon, maxLon, minLat, maxLat := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	maxStudents := 1
	for i := range in.Schools {
		s := &in.Schools[i]
		if !placed(s) {
			continue
		}
		minLon, maxLon = min(minLon, s.Lon), max(maxLon, s.Lon)
		minLat, maxLat = min(minLat, s.Lat), max(maxLat, s.Lat)
		maxStudents = max(maxStudents, s.TotalStudents())
	}
	const w, h, pad, upper = 1200.0, 820.0, 40.0, 40.0
	var s svg
	s.open(w, h, title)
	s.printf(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z" fill="%s"/></marker></defs>`, colArrow)
	s.legend(pad, 20, [2]string{colSource, Tr(lang, "输出学校 (城镇)", "source (urban)")},
		[2]string{colReceiver, Tr(lang, "接收学校 (乡村或薄弱)", "receiver (rural or weak)")},
		[2]string{colArrow, Tr(lang, "交流 (调出 → 调入)", "move (from → to)")})
	s.text(w-pad, 20, `text-anchor="end" class="legend"`, Tr(lang, "标注：校名 调出(出)、调入(入)人数", "labels: school, teachers out and in"))
	if math.IsInf(minLon, 1) {
		s.text(w/2, h/2, `text-anchor="middle" class="label"`, Tr(lang, "学校没有经纬度", "no school has coordinates"))
		return chart{ID: "map", Caption: title, SVG: s.close()}
	}
	// Half spans (and a scale per half degree) are exactly half the
	// spans (and twice the scale) wherever those do not overflow.
	kx := math.Abs(math.Cos((minLat/2 + maxLat/2) * math.Pi / 180))
	halfX, halfY := max((maxLon/2-minLon/2)*kx, 0.5e-6), max(maxLat/2-minLat/2, 0.5e-6)
	scale := min((w-2*pad)/halfX, (h-upper-2*pad)/halfY)
	offX := (w - halfX*scale) / 2
	offY := upper + (h-upper-halfY*scale)/2
	pos := func(sc *model.School) (float64, float64) {
		return offX + (sc.Lon/2-minLon/2)*kx*scale, offY + (maxLat/2-sc.Lat/2)*scale
	}
	radius := func(sc *model.School) float64 {
		return 3 + 11*math.Sqrt(max(0, float64(sc.TotalStudents()))/float64(maxStudents))
	}
	out, into := map[string]int{}, map[string]int{}
	for _, m := range rep.Moves {
		out[m.From]++
		into[m.To]++
	}
	for i := range in.Schools {
		sc := &in.Schools[i]
		if !placed(sc) {
			continue
		}
		x, y := pos(sc)
		fill, kind := colReceiver, "receiver"
		if sc.IsSource() {
			fill, kind = colSource, "source"
		}
		counts := moveCounts(out[sc.ID], into[sc.ID], lang)
		s.printf(`<circle class="school %s" cx="%s" cy="%s" r="%s" fill="%s" fill-opacity="0.75" stroke="#fff"><title>%s</title></circle>`,
			kind, f1(x), f1(y), f1(radius(sc)), fill,
			html.EscapeString(fmt.Sprintf("%s %s, %d %s; %s", sc.ID, sc.Name, sc.TotalStudents(), Tr(lang, "名学生", "students"), counts)))
	}
	// Labels go over the circles and under the arrows: the name and the
	// teachers leaving (出) and arriving (入) of every school with moves,
	// the name alone of the others.
	for i := range in.Schools {
		sc := &in.Schools[i]
		if !placed(sc) {
			continue
		}
		x, y := pos(sc)
		label := shortName(sc.Name, 8)
		if out[sc.ID]+into[sc.ID] > 0 {
			label += " " + moveCounts(out[sc.ID], into[sc.ID], lang)
		}
		s.text(x+radius(sc)+2, y+4, `class="place"`, label)
	}
	for _, m := range rep.Moves {
		fi, ok1 := in.SchoolByID(m.From)
		ti, ok2 := in.SchoolByID(m.To)
		if !ok1 || !ok2 || !placed(&in.Schools[fi]) || !placed(&in.Schools[ti]) {
			continue
		}
		from, to := &in.Schools[fi], &in.Schools[ti]
		x0, y0 := pos(from)
		x1, y1 := pos(to)
		dx, dy := x1-x0, y1-y0
		d := math.Hypot(dx, dy)
		if d < 1e-6 {
			continue
		}
		// A slight bend keeps moves in opposite directions apart.
		cx, cy := (x0+x1)/2-dy*0.15, (y0+y1)/2+dx*0.15
		sx, sy := shorten(x0, y0, cx, cy, radius(from))
		ex, ey := shorten(x1, y1, cx, cy, radius(to)+2)
		s.printf(`<path class="move" d="M%s,%s Q%s,%s %s,%s" fill="none" stroke="%s" stroke-opacity="0.6" stroke-width="1.4" marker-end="url(#arrow)"><title>%s</title></path>`,
			f1(sx), f1(sy), f1(cx), f1(cy), f1(ex), f1(ey), colArrow,
			html.EscapeString(fmt.Sprintf("%s: %s → %s, %s km", m.ID, from.Name, to.Name, num(m.Km, 1))))
	}
	// One degree of latitude is 111.195 km, and a half degree scale pixels.
	if maxLon > minLon || maxLat > minLat {
		s.scaleBar(pad, h-14, 2*kmPerDegree/scale, lang)
	}
	return chart{ID: "map", Caption: title, SVG: s.close()}
}

// kmPerDegree is the length of one degree of a great circle of the earth
// (mean radius 6371 km).
const kmPerDegree = 6371 * math.Pi / 180

// scaleBar draws a bar of a round number of kilometres about 150 pixels
// long from x, y to the right, for a map of kmPerPx kilometres a pixel. A
// map whose scale is not a positive finite number gets none.
func (s *svg) scaleBar(x, y, kmPerPx float64, lang string) {
	const target = 150.0
	km := niceStep(target*kmPerPx, 1)
	n := km / kmPerPx
	if !(kmPerPx > 0) || math.IsInf(target*kmPerPx, 0) || !(n >= 1 && n <= 2*target) {
		return
	}
	s.printf(`<g class="scale"><path d="M%s,%sv5h%sv-5" fill="none" stroke="#1f2933" stroke-width="1.5"/>`,
		f1(x), f1(y-5), f1(n))
	s.text(x+n+6, y, `class="legend"`, strconv.FormatFloat(km, 'g', 6, 64)+Tr(lang, " 公里 (直线)", " km (straight line)"))
	s.b.WriteString("</g>")
}

// moveCounts says how many teachers leave and arrive at a school: "出3 入1".
func moveCounts(out, in int, lang string) string {
	var parts []string
	if out > 0 {
		parts = append(parts, Tr(lang, "出", "out ")+strconv.Itoa(out))
	}
	if in > 0 {
		parts = append(parts, Tr(lang, "入", "in ")+strconv.Itoa(in))
	}
	if len(parts) == 0 {
		return Tr(lang, "无交流", "no moves")
	}
	return strings.Join(parts, " ")
}

// shorten moves the end point (x, y) of a segment towards (cx, cy) by r.
func shorten(x, y, cx, cy, r float64) (float64, float64) {
	dx, dy := cx-x, cy-y
	d := math.Hypot(dx, dy)
	if d <= r {
		return x, y
	}
	return x + dx/d*r, y + dy/d*r
}

// shortName cuts v to n runes with an ellipsis.
func shortName(v string, n int) string {
	r := []rune(v)
	if len(r) <= n {
		return v
	}
	return string(r[:n-1]) + "…"
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
