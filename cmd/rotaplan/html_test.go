package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
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
		col[strings.TrimPrefix(h, document.UTF8BOM)] = i
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

const (
	// browserTestTimeout bounds the whole browser test, the start and the
	// close of Chromium included.
	browserTestTimeout = 2 * time.Minute
	// stepTimeout bounds each step of the browser test in the tab.
	stepTimeout = 30 * time.Second
)

// startChromium starts the headless Chromium at path with a throw-away
// profile in dir and opens its tab; ctx bounds the life of the browser. It
// returns the chromedp context of the tab and a func that closes the
// browser and waits for it to exit. Chromium's output goes to a file in
// dir, read back only when the start fails.
func startChromium(t *testing.T, ctx context.Context, path, dir string) (tab context.Context, stop func()) {
	t.Helper()
	profile, err := os.MkdirTemp(dir, "profile-")
	require.NoError(t, err)
	outPath := filepath.Join(dir, "chromium-output.txt")
	out, err := os.Create(outPath)
	require.NoError(t, err)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.UserDataDir(profile),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.CombinedOutput(out),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tab, cancelTab := chromedp.NewContext(allocCtx)
	stop = func() {
		// A graceful close, so that no process of Chromium writes in the
		// profile after the test; then the allocator waits for the exit
		// and for the copy of the output.
		if err := chromedp.Cancel(tab); err != nil && ctx.Err() == nil {
			t.Errorf("closing chromium: %v", err)
		}
		cancelTab()
		cancelAlloc()
		out.Close()
	}
	// The first run starts the browser and binds it to tab, so it has no
	// timeout of its own: ctx bounds it.
	if err := chromedp.Do(tab); err != nil {
		stop()
		log, _ := os.ReadFile(outPath)
		t.Fatalf("starting chromium: %v; chromium output:\n%s", err, log)
	}
	return tab, stop
}

// inTab runs the action in the tab within stepTimeout and returns its
// value.
func inTab[T any](t *testing.T, tab context.Context, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	require.NoError(t, err)
	return v
}

// open shows the file at path in the tab and waits until it has loaded.
func open(t *testing.T, tab context.Context, path string) {
	t.Helper()
	abs, err := filepath.Abs(path)
	require.NoError(t, err)
	inTab(t, tab, chromedp.Navigate("file://"+filepath.ToSlash(abs)))
}

// command is the action that sends a protocol command with an empty
// result to the tab.
func command[P any](c cdp.Command[P, cdp.Empty], params P) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, c, params)
		return err
	})
}

// setMedia emulates the CSS media type in the tab; "" ends the emulation.
func setMedia(t *testing.T, tab context.Context, media string) {
	t.Helper()
	inTab(t, tab, command(emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media}))
}

// printPDF prints the page in the tab as the browser's print dialog
// would with the page's own paper size (@page size) and no browser header
// or footer (chromedp's default).
func printPDF(t *testing.T, tab context.Context) []byte {
	t.Helper()
	pdf := inTab(t, tab, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")), "got no PDF")
	return pdf
}

var (
	pdfPage     = regexp.MustCompile(`/Type\s*/Page\b`)
	pdfMediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]`)
)

// pdfPages counts the pages of a PDF written by Chromium, whose page
// objects are not compressed, and returns the width and height in points
// of each page's media box.
func pdfPages(t *testing.T, pdf []byte) (n int, sizes [][2]float64) {
	t.Helper()
	n = len(pdfPage.FindAll(pdf, -1))
	for _, m := range pdfMediaBox.FindAllSubmatch(pdf, -1) {
		var v [4]float64
		for i := range v {
			f, err := strconv.ParseFloat(string(m[i+1]), 64)
			require.NoError(t, err)
			v[i] = f
		}
		sizes = append(sizes, [2]float64{v[2] - v[0], v[3] - v[1]})
	}
	return n, sizes
}

// printLayout is what the browser test reads from a page laid out for
// print: the display of the heads of its tables and, for the cells of the
// column headed 姓名 (name) of the list, their white-space and how many
// lines each takes.
type printLayout struct {
	Tables       int      `json:"tables"`
	HeadDisplays []string `json:"heads"` // display of each table's thead; "" for a table without one
	Names        int      `json:"names"`
	WhiteSpace   []string `json:"whiteSpace"`
	Broken       []string `json:"broken"` // names laid out on more than one line
	Widest       string   `json:"widest"`
	WidestLines  int      `json:"widestLines"`
}

// layoutJS measures a printLayout of the list %s, whose name column is
// headed %s; the media are print.
const layoutJS = `(() => {
  const lines = el => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; };
  const tables = [...document.querySelectorAll('table')];
  const out = {tables: tables.length, heads: tables.map(t => t.tHead ? getComputedStyle(t.tHead).display : ''),
    names: 0, whiteSpace: [], broken: [], widest: '', widestLines: 0};
  const list = document.querySelector(%q);
  if (!list || !list.tHead) return out;
  const col = [...list.tHead.rows[0].cells].findIndex(c => c.textContent.trim() === %q);
  if (col < 0) return out;
  let widest = null;
  for (const row of list.tBodies[0].rows) {
    const c = row.cells[col];
    if (!c) continue;
    out.names++;
    const ws = getComputedStyle(c).whiteSpace;
    if (!out.whiteSpace.includes(ws)) out.whiteSpace.push(ws);
    if (lines(c) > 1) out.broken.push(c.textContent);
    if (!widest || c.scrollWidth > widest.scrollWidth) widest = c;
  }
  if (widest) { out.widest = widest.textContent; out.widestLines = lines(widest); }
  return out;
})()`

// TestHTMLBrowser opens the pages of the sample county in one headless
// Chromium driven with chromedp: the report renders to a screenshot and its
// DOM holds the charts and no scripts; the report, the approval form and
// the public notice print on A4 landscape pages, the heads of their tables
// repeat on every page and no name is broken over lines. Without Chromium
// it fails unless ROTAPLAN_NO_BROWSER=1.
func TestHTMLBrowser(t *testing.T) {
	path := chromium()
	if path == "" {
		if os.Getenv("ROTAPLAN_NO_BROWSER") == "1" {
			t.Skip("ROTAPLAN_NO_BROWSER=1: chromium is not installed, the browser test is skipped")
		}
		t.Fatal("chromium (or chromium-browser) is not on PATH; install it (apt-get install -y chromium) or set ROTAPLAN_NO_BROWSER=1 to skip")
	}
	if runtime.GOOS == "windows" {
		t.Skip("the browser test does not run on Windows")
	}
	ctx, cancel := context.WithTimeout(context.Background(), browserTestTimeout)
	defer cancel()
	dir := t.TempDir()
	page, rep := htmlPlan(t, dir)
	tab, stop := startChromium(t, ctx, path, dir)
	defer stop()
	report := filepath.Join(dir, "report.html")
	moves := len(rep.Report.Moves)
	require.Greater(t, moves, 40, "the sample county plan has too few moves for a list of several pages")

	t.Run("Screenshot", func(t *testing.T) {
		open(t, tab, report)
		inTab(t, tab, chromedp.EmulateViewport(1280, 2400))
		defer func() {
			ctx, cancel := context.WithTimeout(tab, stepTimeout)
			defer cancel()
			_, _ = chromedp.Run(ctx, command(emulation.ClearDeviceMetricsOverride, cdp.Empty{}))
		}()
		png := inTab(t, tab, chromedp.CaptureScreenshot())
		assert.True(t, bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")), "got a screenshot that is not a PNG")
		assert.Greater(t, len(png), 20<<10, "got a screenshot of %d bytes, want a rendered page (> 20 KB)", len(png))
		if *updateScreenshot {
			require.NoError(t, os.MkdirAll("../../docs", 0o755))
			require.NoError(t, writeFileAtomic("../../docs/report.png", png))
		}
	})

	t.Run("DOM", func(t *testing.T) {
		open(t, tab, report)
		dom := inTab(t, tab, chromedp.Evaluate[string]("document.documentElement.outerHTML"))
		st := statsOf(t, []byte(dom))
		assert.Equal(t, wantCharts(rep), st.svgs, "got %d <svg> charts in the DOM, want %d", st.svgs, wantCharts(rep))
		assert.Equal(t, moves, st.moves, "got %d move arrows in the DOM, want %d", st.moves, moves)
		assert.Zero(t, st.scripts, "got <script> in the DOM, want none")
		assert.Equal(t, statsOf(t, page).svgs, st.svgs)
	})

	// A4 landscape is 297 × 210 mm: 841.9 × 595.3 points.
	const a4W, a4H = 841.89, 595.28
	tests := []struct {
		name, path, list, nameHead string
		minPages, maxPages         int
	}{
		// The report has charts, a map and the list; its list alone
		// takes more than a page.
		{"report", report, "#move-list", "姓名", 3, 30},
		// A list of n rows: more than one page, and at least 20 rows a
		// page.
		{"approval", filepath.Join(dir, "plan", "approval.html"), "#list", "姓名", 2, moves/20 + 1},
		{"notice", filepath.Join(dir, "plan", "notice.html"), "#list", "姓名", 2, moves/20 + 1},
	}
	for _, tt := range tests {
		t.Run("Print/"+tt.name, func(t *testing.T) {
			open(t, tab, tt.path)
			setMedia(t, tab, "print")
			lay := inTab(t, tab, chromedp.Evaluate[printLayout](fmt.Sprintf(layoutJS, tt.list, tt.nameHead)))
			setMedia(t, tab, "")
			pdf := printPDF(t, tab)
			if os.Getenv("ROTAPLAN_KEEP_PDF") != "" {
				require.NoError(t, os.WriteFile(filepath.Join(os.Getenv("ROTAPLAN_KEEP_PDF"), tt.name+".pdf"), pdf, 0o644))
			}

			n, sizes := pdfPages(t, pdf)
			assert.True(t, n >= tt.minPages && n <= tt.maxPages, "got %d pages, want %d to %d", n, tt.minPages, tt.maxPages)
			require.Len(t, sizes, n, "got %d media boxes, want one per page", len(sizes))
			for i, sz := range sizes {
				assert.True(t, math.Abs(sz[0]-a4W) < 1.5 && math.Abs(sz[1]-a4H) < 1.5,
					"page %d: got %.1f × %.1f pt, want A4 landscape %.1f × %.1f", i+1, sz[0], sz[1], a4W, a4H)
			}

			require.Positive(t, lay.Tables, "got no table")
			for i, d := range lay.HeadDisplays {
				assert.Equal(t, "table-header-group", d, "table %d: got thead display %q, want table-header-group (heads repeated on every page)", i+1, d)
			}
			assert.Equal(t, moves, lay.Names, "got %d cells in the %s column of %s, want one per move", lay.Names, tt.nameHead, tt.list)
			assert.Equal(t, []string{"nowrap"}, lay.WhiteSpace, "got white-space %v for the names, want nowrap", lay.WhiteSpace)
			assert.Empty(t, lay.Broken, "got names broken over lines")
			assert.Equal(t, 1, lay.WidestLines, "got the widest name %q on %d lines, want 1", lay.Widest, lay.WidestLines)
		})
	}
}

// TestPlanPublication checks the documents for approval and publication of
// the plan folder: approval.html, notice.html, notice.csv and schools.html
// are written, self-contained; the notice carries its five columns and no
// other field of a teacher, names pseudonyms with --pseudonymize; and two
// runs give the same bytes.
func TestPlanPublication(t *testing.T) {
	dir := t.TempDir()
	names, ids := teacherNamesAndIDNumbers(t)
	plan := func(t *testing.T, name string, extra ...string) (map[string][]byte, planJSON) {
		t.Helper()
		sub := filepath.Join(dir, name)
		require.NoError(t, os.Mkdir(sub, 0o755))
		_, rep := htmlPlan(t, sub, extra...)
		return readDir(t, filepath.Join(sub, "plan")), rep
	}
	zh, rep := plan(t, "zh")
	en, _ := plan(t, "en", "--lang", "en", "--pseudonymize")
	require.NotEmpty(t, rep.Report.Moves)
	docs := []string{"approval.html", "notice.html", "notice.csv", "schools.html"}

	tests := []struct {
		name      string
		files     map[string][]byte
		heads     []string
		want, not []string // in every document
	}{
		{"zh", zh, []string{"姓名", "原学校", "交流学校", "学科", "学段"}, []string{"顺林县"}, nil},
		{"en pseudonymized", en, []string{"name", "post_school", "destination", "subject", "stage"}, []string{"teacher-"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, name := range docs {
				data, ok := tt.files[name]
				require.True(t, ok, "got no %s in the plan folder", name)
				for _, w := range tt.want {
					assert.Contains(t, string(data), w, "%s", name)
				}
				for id, num := range ids {
					if num != "" {
						assert.NotContains(t, string(data), num, "%s: got the identity number of %s", name, id)
					}
				}
				if strings.HasSuffix(name, ".html") {
					st := statsOf(t, data)
					assert.Zero(t, st.scripts, "%s: got <script>", name)
					assert.Empty(t, st.external, "%s: got references outside the file", name)
				}
			}
			recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(tt.files["notice.csv"], []byte(document.UTF8BOM)))).ReadAll()
			require.NoError(t, err)
			require.Len(t, recs, len(rep.Report.Moves)+1, "notice.csv: got %d records, want the heads and one per move", len(recs))
			assert.Equal(t, tt.heads, recs[0], "notice.csv: got heads %v, want the five of the notice", recs[0])
			notice := statsOf(t, tt.files["notice.html"]).text.String()
			for _, m := range rep.Report.Moves {
				assert.NotContains(t, notice, m.ID, "notice.html: got the staff number %s", m.ID)
				if tt.name == "zh" {
					assert.Contains(t, notice, names[m.ID], "notice.html: got no name for %s", m.ID)
				} else {
					assert.NotContains(t, notice, names[m.ID], "notice.html: got the real name of %s with --pseudonymize", m.ID)
					assert.NotContains(t, string(tt.files["schools.html"]), names[m.ID], "schools.html: got the real name of %s with --pseudonymize", m.ID)
					assert.NotContains(t, string(tt.files["approval.html"]), names[m.ID], "approval.html: got the real name of %s with --pseudonymize", m.ID)
				}
			}
		})
	}

	t.Run("Deterministic", func(t *testing.T) {
		again, _ := plan(t, "again")
		for _, name := range docs {
			assert.True(t, bytes.Equal(zh[name], again[name]), "%s: got different bytes from the same run", name)
		}
	})
}
