package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"html/template"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
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

var updateScreenshot = flag.Bool("update-screenshot", false, "save the browser test's screenshot of the sample county report to docs/report.png")

// htmlSearch are the search flags of the report tests: a small budget,
// reproducible.
var htmlSearch = []string{"--iterations", "2000", "--time-limit", "0", "--threads", "2", "--seed", "1"}

// htmlPlan plans the sample county into dir with --out and --html and the
// extra flags, and returns the page and the report of plan.json.
func htmlPlan(t *testing.T, dir string, extra ...string) (page []byte, rep planJSON) {
	t.Helper()
	out, path := filepath.Join(dir, "plan"), filepath.Join(dir, "report.html")
	args := append([]string{"plan", sampleCounty, "--out", out, "--html", path}, htmlSearch...)
	r := run(t, append(args, extra...)...)
	require.Equal(t, exitOK, r.code, "got exit %d, want 0; stderr:\n%s", r.code, r.stderr)
	assert.Contains(t, r.stderr, "wrote "+path)
	page, err := os.ReadFile(path)
	require.NoError(t, err)
	js, err := os.ReadFile(filepath.Join(out, "plan.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(js, &rep))
	return page, rep
}

// pageStats is what the structural checks count in a parsed page.
type pageStats struct {
	svgs, moves, scripts int
	external             []string // src or href attributes pointing outside the file
	text                 strings.Builder
}

func statsOf(t *testing.T, page []byte) *pageStats {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	require.NoError(t, err)
	st := &pageStats{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "svg":
				st.svgs++
			case "script":
				st.scripts++
			case "path":
				for _, a := range n.Attr {
					if a.Key == "class" && slices.Contains(strings.Fields(a.Val), "move") {
						st.moves++
					}
				}
			}
			for _, a := range n.Attr {
				switch strings.ToLower(a.Key) {
				case "src", "href", "xlink:href", "action":
					if v := strings.ToLower(strings.TrimSpace(a.Val)); !strings.HasPrefix(v, "#") {
						st.external = append(st.external, a.Key+"="+a.Val)
					}
				}
			}
		}
		if n.Type == html.TextNode {
			st.text.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return st
}

// wantCharts is the number of charts of a report: I1-I3 for every stage
// with in-scope parts, a CV chart per stage and the map.
func wantCharts(rep planJSON) int {
	inScope := map[string]bool{}
	for _, p := range rep.Report.Parts {
		if p.InScope {
			inScope[p.Stage] = true
		}
	}
	cvStages := map[string]bool{}
	for _, r := range rep.Report.CV {
		cvStages[r.Stage] = true
	}
	return 3*len(inScope) + len(cvStages) + 1
}

func TestHTML(t *testing.T) {
	dir := t.TempDir()
	zhDir, enDir := filepath.Join(dir, "zh"), filepath.Join(dir, "en")
	require.NoError(t, os.Mkdir(zhDir, 0o755))
	require.NoError(t, os.Mkdir(enDir, 0o755))
	zh, zhRep := htmlPlan(t, zhDir)
	en, enRep := htmlPlan(t, enDir, "--lang", "en", "--pseudonymize")
	require.NotEmpty(t, zhRep.Report.Moves, "the sample county plan has no moves")

	t.Run("Structure", func(t *testing.T) {
		for _, tt := range []struct {
			name string
			page []byte
			rep  planJSON
		}{{"zh", zh, zhRep}, {"en", en, enRep}} {
			t.Run(tt.name, func(t *testing.T) {
				st := statsOf(t, tt.page)
				assert.Equal(t, wantCharts(tt.rep), st.svgs, "got %d <svg> charts, want %d", st.svgs, wantCharts(tt.rep))
				assert.Equal(t, len(tt.rep.Report.Moves), st.moves, "got %d move arrows, want one per move (%d)", st.moves, len(tt.rep.Report.Moves))
				assert.Zero(t, st.scripts, "got %d <script> elements, want none", st.scripts)
				assert.Empty(t, st.external, "got references outside the file")
				assert.NotContains(t, string(tt.page), "http://")
				assert.NotContains(t, string(tt.page), "https://")
				assert.Contains(t, string(tt.page), `marker-end="url(#arrow)"`)
			})
		}
	})

	t.Run("Labels", func(t *testing.T) {
		for _, tt := range []struct {
			name      string
			page      []byte
			want, not []string
		}{
			{"zh", zh, []string{"交流名单", "差异系数", "评分", "交流前", "交流后", "标准", "高于规定学历教师数", "交流人数不足"},
				[]string{"Rotation list", "Coefficient of variation"}},
			{"en", en, []string{"Rotation list", "Coefficient of variation", "Score by constraint", "before", "after", "threshold", "quota shortfall"},
				[]string{"交流名单", "差异系数", "评分"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				text := statsOf(t, tt.page).text.String()
				for _, w := range tt.want {
					assert.Contains(t, text, w)
				}
				for _, w := range tt.not {
					assert.NotContains(t, text, w)
				}
			})
		}
	})

	t.Run("Privacy", func(t *testing.T) {
		names, ids := teacherNamesAndIDNumbers(t)
		for _, m := range enRep.Report.Moves {
			assert.Contains(t, string(en), pseudonym(m.ID, "en"), "got no pseudonym for %s", m.ID)
			assert.NotContains(t, string(en), names[m.ID], "got the real name of %s with --pseudonymize", m.ID)
		}
		for _, m := range zhRep.Report.Moves {
			assert.Contains(t, string(zh), names[m.ID], "got no name for %s", m.ID)
		}
		for id, num := range ids {
			if num == "" {
				continue
			}
			assert.NotContains(t, string(zh), num, "got the identity number of %s", id)
			assert.NotContains(t, string(en), num, "got the identity number of %s", id)
		}
	})

	t.Run("Deterministic", func(t *testing.T) {
		again := filepath.Join(dir, "again")
		require.NoError(t, os.Mkdir(again, 0o755))
		page, _ := htmlPlan(t, again)
		assert.True(t, bytes.Equal(zh, page), "got different bytes from the same run")
	})

	t.Run("Score", func(t *testing.T) {
		path := filepath.Join(dir, "score.html")
		r := run(t, "score", sampleCounty, "--plan", filepath.Join(zhDir, "plan", "plan.csv"), "--html", path, "--lang", "en")
		require.Equal(t, exitOK, r.code, "got exit %d, want 0; stderr:\n%s", r.code, r.stderr)
		page, err := os.ReadFile(path)
		require.NoError(t, err)
		st := statsOf(t, page)
		assert.Equal(t, len(zhRep.Report.Moves), st.moves, "got %d move arrows, want %d", st.moves, len(zhRep.Report.Moves))
		assert.Equal(t, wantCharts(zhRep), st.svgs)
		assert.Contains(t, st.text.String(), "Rotation list")
	})

	t.Run("BadPath", func(t *testing.T) {
		for _, tt := range []struct{ name, path string }{
			{"extension", filepath.Join(dir, "report.txt")},
			{"no folder", filepath.Join(dir, "missing", "report.html")},
			{"folder", filepath.Join(dir, "folder.html")},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if tt.name == "folder" {
					require.NoError(t, os.MkdirAll(tt.path, 0o755))
				}
				r := run(t, "plan", sampleCounty, "--html", tt.path, "--iterations", "10")
				assert.Equal(t, exitBadInput, r.code, "got exit %d, want %d; stderr:\n%s", r.code, exitBadInput, r.stderr)
				assert.Contains(t, r.stderr, "--html")
			})
		}
	})
}

// teacherNamesAndIDNumbers reads the names and identity numbers of the
// sample county's teachers by teacher ID.
func teacherNamesAndIDNumbers(t *testing.T) (names, ids map[string]string) {
	t.Helper()
	f, err := os.Open(filepath.Join(sampleCounty, "teachers.csv"))
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	col := map[string]int{}
	for i, h := range recs[0] {
		col[strings.TrimPrefix(h, utf8BOM)] = i
	}
	names, ids = map[string]string{}, map[string]string{}
	for _, r := range recs[1:] {
		names[r[col["teacher_id"]]] = r[col["name"]]
		ids[r[col["teacher_id"]]] = r[col["id_number"]]
	}
	return names, ids
}

// chromium finds the headless browser of the browser test.
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// chromiumArgs are the flags of a headless, offline, throw-away browser.
func chromiumArgs(profile string) []string {
	return []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + profile}
}

// TestHTMLBrowser opens the report of the sample county in a headless
// Chromium: the page renders to a screenshot and its DOM holds the charts
// and no scripts. Without Chromium it fails unless ROTAPLAN_NO_BROWSER=1.
func TestHTMLBrowser(t *testing.T) {
	browser := chromium()
	if browser == "" {
		if os.Getenv("ROTAPLAN_NO_BROWSER") == "1" {
			t.Skip("ROTAPLAN_NO_BROWSER=1: chromium is not installed, the browser test is skipped")
		}
		t.Fatal("chromium (or chromium-browser) is not on PATH; install it (apt-get install -y chromium) or set ROTAPLAN_NO_BROWSER=1 to skip")
	}
	dir := t.TempDir()
	page, rep := htmlPlan(t, dir)
	url := "file://" + filepath.ToSlash(filepath.Join(dir, "report.html"))
	if !filepath.IsAbs(dir) {
		abs, err := filepath.Abs(filepath.Join(dir, "report.html"))
		require.NoError(t, err)
		url = "file://" + filepath.ToSlash(abs)
	}
	browse := func(t *testing.T, args ...string) []byte {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		profile, err := os.MkdirTemp(dir, "profile-")
		require.NoError(t, err)
		cmd := exec.CommandContext(ctx, browser, append(append(chromiumArgs(profile), args...), url)...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err = cmd.Run()
		require.NoError(t, ctx.Err(), "chromium timed out; stderr:\n%s", stderr.String())
		require.NoError(t, err, "chromium failed; stderr:\n%s", stderr.String())
		return stdout.Bytes()
	}

	t.Run("Screenshot", func(t *testing.T) {
		shot := filepath.Join(dir, "shot.png")
		browse(t, "--screenshot="+shot, "--window-size=1280,2400", "--hide-scrollbars")
		png, err := os.ReadFile(shot)
		require.NoError(t, err, "got no screenshot")
		assert.True(t, bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")), "got a screenshot that is not a PNG")
		assert.Greater(t, len(png), 20<<10, "got a screenshot of %d bytes, want a rendered page (> 20 KB)", len(png))
		if *updateScreenshot {
			require.NoError(t, os.MkdirAll("../../docs", 0o755))
			require.NoError(t, writeFileAtomic("../../docs/report.png", png))
		}
	})

	t.Run("DOM", func(t *testing.T) {
		dom := browse(t, "--dump-dom")
		st := statsOf(t, dom)
		assert.Equal(t, wantCharts(rep), st.svgs, "got %d <svg> charts in the DOM, want %d", st.svgs, wantCharts(rep))
		assert.Equal(t, len(rep.Report.Moves), st.moves, "got %d move arrows in the DOM, want %d", st.moves, len(rep.Report.Moves))
		assert.Zero(t, st.scripts, "got <script> in the DOM, want none")
		assert.Equal(t, statsOf(t, page).svgs, st.svgs)
	})
}

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
