package document

import (
	"fmt"
	"html/template"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// finishes runs f and panics unless it returns within a few seconds: a
// chart drawing that never ends would fill the memory before the test
// binary's timeout.
func finishes(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		panic(t.Name() + ": the chart did not finish within 5s")
	}
}

// svgNumber matches the numbers of an attribute value.
var svgNumber = regexp.MustCompile(`[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?`)

// figureStats is what the chart tests find in one figure.
type figureStats struct {
	ticks, schools int
	bad            []string // geometry attributes that are not finite numbers on the canvas
}

// statsOfFigure parses an SVG figure and checks the geometry of its
// elements: every number finite and within a few canvases of the origin,
// sizes not negative.
func statsOfFigure(t *testing.T, fig template.HTML) figureStats {
	t.Helper()
	require.Less(t, len(fig), 1<<20, "got a figure of %d bytes", len(fig))
	doc, err := html.Parse(strings.NewReader(string(fig)))
	require.NoError(t, err)
	var st figureStats
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch {
				case n.Data == "line" && a.Key == "stroke" && a.Val == "#e3e7eb":
					st.ticks++
				case n.Data == "circle" && a.Key == "class" && strings.HasPrefix(a.Val, "school"):
					st.schools++
				}
				switch strings.ToLower(a.Key) {
				case "x", "y", "x1", "y1", "x2", "y2", "width", "height", "cx", "cy", "r", "d", "transform", "viewbox":
				default:
					continue
				}
				if v := strings.ToLower(a.Val); strings.Contains(v, "nan") || strings.Contains(v, "inf") {
					st.bad = append(st.bad, n.Data+" "+a.Key+"="+a.Val)
					continue
				}
				for _, m := range svgNumber.FindAllString(a.Val, -1) {
					v, err := strconv.ParseFloat(m, 64)
					sized := a.Key == "width" || a.Key == "height" || a.Key == "r"
					if err != nil || math.Abs(v) > 5000 || (sized && v < 0) {
						st.bad = append(st.bad, n.Data+" "+a.Key+"="+a.Val)
						break
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return st
}

// absurdValues are finite, tiny, huge, negative and non-finite values of
// the chart tests.
var absurdValues = []struct {
	name string
	v    float64
}{
	{"zero", 0},
	{"ordinary", 4.62},
	{"tiny", 1e-300},
	{"smallest", math.SmallestNonzeroFloat64},
	{"huge", 1e308},
	{"largest", math.MaxFloat64},
	{"negative", -5},
	{"negative largest", -math.MaxFloat64},
	{"NaN", math.NaN()},
	{"+Inf", math.Inf(1)},
	{"-Inf", math.Inf(-1)},
}

func TestNiceStep(t *testing.T) {
	want := map[string]float64{"zero": 1, "ordinary": 1, "negative": 1, "NaN": 1, "+Inf": 1, "-Inf": 1}
	for _, tt := range absurdValues {
		for _, n := range []int{1, 5} {
			t.Run(fmt.Sprintf("%s/%d", tt.name, n), func(t *testing.T) {
				step := niceStep(tt.v, n)
				require.True(t, step > 0 && !math.IsInf(step, 0), "got step %g, want a positive finite step", step)
				if tt.v > 0 && !math.IsInf(tt.v, 0) {
					assert.GreaterOrEqual(t, step, tt.v/float64(n), "got step %g, want at least top/n = %g", step, tt.v/float64(n))
				}
				if w, ok := want[tt.name]; ok && n == 5 {
					assert.InEpsilon(t, w, step, 1e-12, "got step %g, want %g", step, w)
				}
			})
		}
	}
}

// absurdReport is a report of two primary parts and their CVs whose
// values, thresholds and limits are v, next to ordinary ones.
func absurdReport(v float64) *solver.Report {
	rep := &solver.Report{}
	for i, val := range []float64{v, 1} {
		p := solver.PartReport{SchoolID: strconv.Itoa(i + 1), Name: "school " + strconv.Itoa(i+1), Stage: "primary", Students: 100, InScope: true}
		for k := range model.NumIndicators {
			p.Indicators = append(p.Indicators, solver.IndicatorValue{Indicator: model.Indicator(k).String(), Threshold: v, Before: val, After: 1})
		}
		rep.Parts = append(rep.Parts, p)
	}
	one := 1.0
	for k := range model.NumIndicators {
		rep.CV = append(rep.CV, solver.CVRow{Stage: "primary", Indicator: model.Indicator(k).String(), Limit: v, Before: &v, After: &one})
	}
	return rep
}

// TestChartsAbsurdValues draws the indicator and CV charts of reports
// with absurd values: each finishes with a few ticks and finite geometry.
func TestChartsAbsurdValues(t *testing.T) {
	for _, tt := range absurdValues {
		t.Run(tt.name, func(t *testing.T) {
			rep := absurdReport(tt.v)
			var figs []chart
			finishes(t, func() {
				for i := range model.NumTeacherIndicators {
					c, ok := indicatorChart(rep, model.Primary, model.Indicator(i), "en")
					if ok {
						figs = append(figs, c)
					}
				}
				if c, ok := cvChart(rep, model.Primary, "en"); ok {
					figs = append(figs, c)
				}
			})
			require.Len(t, figs, int(model.NumTeacherIndicators)+1)
			for _, c := range figs {
				st := statsOfFigure(t, c.SVG)
				assert.Empty(t, st.bad, "%s: got geometry off the canvas", c.ID)
				assert.True(t, st.ticks >= 1 && st.ticks <= 20, "%s: got %d ticks, want 1 to 20", c.ID, st.ticks)
			}
		})
	}
}

// TestMapChartDegenerate draws the map of schools at one point, at the
// poles and the antimeridian, at absurd or missing coordinates: the
// schools with finite coordinates are drawn, on the canvas.
func TestMapChartDegenerate(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name     string
		lonLat   [][2]float64
		students int
		want     int // schools drawn
	}{
		{"one point", [][2]float64{{112.9, 28.2}, {112.9, 28.2}, {112.9, 28.2}}, 100, 3},
		{"one meridian", [][2]float64{{112.9, 28.2}, {112.9, 28.3}, {112.9, 28.4}}, 100, 3},
		{"poles", [][2]float64{{0, 90}, {180, 90}, {0, -90}}, 100, 3},
		{"north pole", [][2]float64{{0, 90}, {90, 90}, {180, 90}}, 100, 3},
		{"antimeridian", [][2]float64{{-180, 0}, {180, 0}, {0, 0}}, 100, 3},
		{"huge", [][2]float64{{-1e308, -1e308}, {1e308, 1e308}, {0, 0}}, 100, 3},
		{"largest", [][2]float64{{-math.MaxFloat64, math.MaxFloat64}, {math.MaxFloat64, -math.MaxFloat64}, {1, 1}}, 100, 3},
		{"tiny", [][2]float64{{1e-300, 1e-300}, {-1e-300, 5e-324}, {0, 0}}, 100, 3},
		{"NaN", [][2]float64{{nan, 28.2}, {112.9, nan}, {112.9, 28.2}}, 100, 1},
		{"Inf", [][2]float64{{inf, 28.2}, {112.9, -inf}, {113, 28.3}}, 100, 1},
		{"negative students", [][2]float64{{112.9, 28.2}, {113, 28.3}, {113.1, 28.4}}, -100, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &model.Instance{}
			for i, ll := range tt.lonLat {
				in.Schools = append(in.Schools, model.School{ID: strconv.Itoa(i), Name: "school " + strconv.Itoa(i),
					Lon: ll[0], Lat: ll[1], HasCoords: true, Students: [model.NumStages]int{tt.students, 0}, Weak: i > 0})
			}
			in.Index()
			rep := &solver.Report{Moves: []solver.MoveReport{{ID: "t1", From: "0", To: "1", Km: 1e308}, {ID: "t2", From: "1", To: "2"}, {ID: "t3", From: "2", To: "0"}}}
			var c chart
			finishes(t, func() { c = mapChart(in, rep, "en") })
			st := statsOfFigure(t, c.SVG)
			assert.Empty(t, st.bad, "got geometry off the canvas")
			assert.Equal(t, tt.want, st.schools, "got %d schools drawn, want %d", st.schools, tt.want)
		})
	}
}

// TestMapChartLabels checks that the map names every school placed on it
// with the teachers leaving and arriving, and draws a scale bar of a round
// number of kilometres, except when every school stands at one point.
func TestMapChartLabels(t *testing.T) {
	tests := []struct {
		name   string
		lonLat [][2]float64
		labels []string
		scale  string // the text of the scale bar; "" when none
	}{
		{"county", [][2]float64{{112.90, 28.20}, {113.00, 28.30}, {113.10, 28.25}},
			[]string{"school 0 出2", "school 1 出1 入1", "school 2 入2"}, "5 公里 (直线)"},
		{"one point", [][2]float64{{112.9, 28.2}, {112.9, 28.2}, {112.9, 28.2}},
			[]string{"school 0 出2", "school 1 出1 入1", "school 2 入2"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &model.Instance{}
			for i, ll := range tt.lonLat {
				in.Schools = append(in.Schools, model.School{ID: strconv.Itoa(i), Name: "school " + strconv.Itoa(i),
					Lon: ll[0], Lat: ll[1], HasCoords: true, Students: [model.NumStages]int{100, 0}})
			}
			in.Index()
			rep := &solver.Report{Moves: []solver.MoveReport{{ID: "t1", From: "0", To: "1"}, {ID: "t2", From: "0", To: "2"}, {ID: "t3", From: "1", To: "2"}}}
			c := mapChart(in, rep, "zh")
			doc, err := html.Parse(strings.NewReader(string(c.SVG)))
			require.NoError(t, err)
			var places []string
			scale := ""
			var walk func(n *html.Node, inScale bool)
			walk = func(n *html.Node, inScale bool) {
				if n.Type == html.ElementNode {
					for _, a := range n.Attr {
						if a.Key == "class" && a.Val == "place" && n.FirstChild != nil {
							places = append(places, n.FirstChild.Data)
						}
						if a.Key == "class" && a.Val == "scale" {
							inScale = true
						}
					}
					if inScale && n.Data == "text" && n.FirstChild != nil {
						scale = n.FirstChild.Data
					}
				}
				for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
					walk(ch, inScale)
				}
			}
			walk(doc, false)
			assert.Equal(t, tt.labels, places, "got labels %v, want %v", places, tt.labels)
			assert.Equal(t, tt.scale, scale, "got scale bar %q, want %q", scale, tt.scale)
			assert.Empty(t, statsOfFigure(t, c.SVG).bad, "got geometry off the canvas")
		})
	}
}

// TestIndicatorChartLabels checks that the bars of an indicator chart are
// sorted by the value before, labelled with the school's code and name,
// show the value after when there is room, and the values before and
// after on hover.
func TestIndicatorChartLabels(t *testing.T) {
	part := func(id string, before, after float64) solver.PartReport {
		p := solver.PartReport{SchoolID: id, Name: "S" + id, Stage: "primary", Students: 100, InScope: true}
		for k := range model.NumIndicators {
			p.Indicators = append(p.Indicators, solver.IndicatorValue{Indicator: model.Indicator(k).String(), Threshold: 1, Before: before, After: after})
		}
		return p
	}
	tests := []struct {
		name   string
		parts  int
		values bool // the values after are printed
	}{
		{"few parts", 3, true},
		{"many parts", 200, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := &solver.Report{}
			for i := range tt.parts {
				id := strconv.Itoa(1000 + i)
				rep.Parts = append(rep.Parts, part(id, float64(tt.parts-i), float64(tt.parts-i)+0.25))
			}
			c, ok := indicatorChart(rep, model.Primary, model.Qualified, "zh")
			require.True(t, ok)
			svg := string(c.SVG)
			var labels, values, tips []string
			for _, m := range regexp.MustCompile(`<text [^>]*class="(label|value)"[^>]*>([^<]*)</text>`).FindAllStringSubmatch(svg, -1) {
				if m[1] == "label" {
					labels = append(labels, m[2])
				} else {
					values = append(values, m[2])
				}
			}
			for _, m := range regexp.MustCompile(`<g><title>([^<]*)</title>`).FindAllStringSubmatch(svg, -1) {
				tips = append(tips, m[1])
			}
			require.Len(t, labels, tt.parts)
			require.Len(t, tips, tt.parts)
			// Sorted by the value before: the last part first.
			assert.Equal(t, strconv.Itoa(1000+tt.parts-1)+" S"+strconv.Itoa(1000+tt.parts-1), labels[0])
			assert.Equal(t, "1000 S1000: "+num(float64(tt.parts), 2)+" → "+num(float64(tt.parts)+0.25, 2)+" (标准 1.00)", tips[tt.parts-1])
			if tt.values {
				assert.Equal(t, []string{"1.25", "2.25", "3.25"}, values)
			} else {
				assert.Empty(t, values, "got values printed on bars %0.1f pixels wide", 1132.0/float64(tt.parts))
			}
		})
	}
}
