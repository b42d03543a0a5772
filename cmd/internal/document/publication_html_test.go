package document

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/rotaplan/rotaplan/cmd/internal/document/documenttest"
	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// planned is a county planned once for the tests of the documents.
type planned struct {
	in  *model.Instance
	ev  *solver.Evaluator
	res *solver.Result
	rep *solver.Report
}

var (
	sampleOnce = sync.OnceValues(func() (*planned, error) { return planCounty(sampleCounty) })
	testOnce   = sync.OnceValues(func() (*planned, error) { return planCounty(testCounty) })
)

func planCounty(dir string) (*planned, error) {
	in, _, err := model.Load(dir, model.LoadOptions{})
	if err != nil {
		return nil, err
	}
	ev := solver.NewEvaluator(in)
	res := solver.Solve(context.Background(), ev, solver.Options{Seed: 1, Threads: 1, Iterations: 2000})
	return &planned{in: in, ev: ev, res: res, rep: ev.Report(res.Plan)}, nil
}

// samplePlan is the plan of the sample county (顺林县): its policy.toml
// sets the texts of the documents.
func samplePlan(t *testing.T) *planned {
	t.Helper()
	p, err := sampleOnce()
	require.NoError(t, err)
	require.NotEmpty(t, p.rep.Moves, "the sample county plan has no moves")
	return p
}

// data is the document data of p in lang.
func (p *planned) data(lang string) Data {
	return Data{In: p.in, Report: p.rep, Result: p.res, Lang: lang,
		Prov: Provenance{Tool: "rotaplan", Version: "test", Dataset: "sample-county", PolicyHash: "0123456789abcdef0123"}}
}

// parsedPage is a page parsed for the tests: its visible text, its style
// sheets and its tables by id.
type parsedPage struct {
	text     string // the text of the body
	style    string
	tables   map[string]parsedTable
	all      []parsedTable // every table, in order
	scripts  int
	external []string
	ids      map[string]bool
}

// parsedTable is a table's head cells and body rows as text.
type parsedTable struct {
	id    string
	heads []string
	rows  [][]string
	class []string // the class of every body row
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func parsePage(t *testing.T, page []byte) *parsedPage {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	require.NoError(t, err)
	p := &parsedPage{tables: map[string]parsedTable{}, ids: map[string]bool{}}
	var text strings.Builder
	var walk func(n *html.Node, inBody bool)
	walk = func(n *html.Node, inBody bool) {
		if n.Type == html.ElementNode {
			if id := attr(n, "id"); id != "" {
				p.ids[id] = true
			}
			for _, a := range n.Attr {
				switch strings.ToLower(a.Key) {
				case "src", "href", "xlink:href", "action":
					if !strings.HasPrefix(strings.TrimSpace(a.Val), "#") {
						p.external = append(p.external, a.Key+"="+a.Val)
					}
				}
			}
			switch n.Data {
			case "body":
				inBody = true
			case "style":
				p.style += textOf(n)
				return
			case "script":
				p.scripts++
			case "table":
				tb := parsedTable{id: attr(n, "id")}
				var rows func(n *html.Node, head bool)
				rows = func(n *html.Node, head bool) {
					for c := n.FirstChild; c != nil; c = c.NextSibling {
						if c.Type != html.ElementNode {
							continue
						}
						switch c.Data {
						case "thead":
							rows(c, true)
						case "tbody":
							rows(c, false)
						case "tr":
							var cells []string
							for d := c.FirstChild; d != nil; d = d.NextSibling {
								if d.Type == html.ElementNode && (d.Data == "td" || d.Data == "th") {
									cells = append(cells, textOf(d))
								}
							}
							if head {
								tb.heads = cells
							} else {
								tb.rows = append(tb.rows, cells)
								tb.class = append(tb.class, attr(c, "class"))
							}
						}
					}
				}
				rows(n, false)
				p.all = append(p.all, tb)
				if tb.id != "" {
					p.tables[tb.id] = tb
				}
			}
		}
		if n.Type == html.TextNode && inBody {
			text.WriteString(n.Data)
			text.WriteString("\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inBody)
		}
	}
	walk(doc, false)
	p.text = text.String()
	return p
}

// TestNoticeHTML checks that the public notice shows the five columns of
// DOMAIN §9 and nothing more of a teacher (no birth, gender, identity
// number, title, staff number, distance or points), and the notice period,
// where objections go and the issuing unit from policy.toml.
func TestNoticeHTML(t *testing.T) {
	p := samplePlan(t)
	tests := []struct {
		lang string
		want []string // texts of the page
	}{
		{"zh", []string{"关于顺林县2026年义务教育学校教师交流轮岗名单的公示", "公示期为5个工作日", "如有异议，请在公示期内向顺林县教育局人事股反映", "顺林县教育局"}},
		{"en", []string{"teacher rotation list of the compulsory-education schools, 2026: public notice", "The notice runs for 5 working days", "Objections during the notice period go to 顺林县教育局人事股", "顺林县教育局"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			d := p.data(tt.lang)
			page, err := NoticeHTML(d)
			require.NoError(t, err)
			pg := parsePage(t, page)
			for _, w := range tt.want {
				assert.Contains(t, pg.text, w)
			}
			list, ok := pg.tables["list"]
			require.True(t, ok, "got no table #list")
			assert.Equal(t, NoticeHeads(tt.lang), list.heads, "got heads %v, want the five of the notice", list.heads)
			require.Len(t, list.rows, len(p.rep.Moves), "got %d rows, want one per move (%d)", len(list.rows), len(p.rep.Moves))
			recs := documenttest.ReadCSV(t, NoticeCSV(d))
			assert.Equal(t, NoticeHeads(tt.lang), recs[0], "notice.csv: got heads %v", recs[0])
			require.Len(t, recs, len(p.rep.Moves)+1)
			for i, m := range p.rep.Moves {
				tc := &p.in.Teachers[m.Teacher]
				want := []string{tc.Name, schoolName(p.in, m.From), schoolName(p.in, m.To),
					Tr(tt.lang, tc.Subject.ZH(), tc.Subject.String()), Tr(tt.lang, tc.Stage.ZH(), tc.Stage.String())}
				assert.Equal(t, want, list.rows[i], "notice.html row %d: got %v, want %v", i+1, list.rows[i], want)
				assert.Equal(t, want, recs[i+1], "notice.csv row %d: got %v, want %v", i+1, recs[i+1], want)
			}

			// Nothing else of the teachers listed.
			for _, m := range p.rep.Moves {
				tc := &p.in.Teachers[m.Teacher]
				for _, v := range []string{tc.IDNumber, tc.Birth.String(), tc.ID} {
					if v != "" {
						assert.NotContains(t, pg.text, v, "got a field beyond the five (%s)", v)
						assert.NotContains(t, string(NoticeCSV(d)), v, "notice.csv: got a field beyond the five (%s)", v)
					}
				}
				for _, row := range list.rows {
					for _, v := range []string{tc.Gender.ZH(), tc.Gender.String(), tc.Title.ZH(), tc.Title.String(),
						tc.Backbone.ZH(), tc.Education.ZH(), num(m.Km, 1)} {
						assert.NotContains(t, row, v, "got a cell %q beyond the five: %v", v, row)
					}
				}
			}
			for _, w := range []string{"缺口", "积分", "理由", "性别", "出生", "身份证", "职称", "公里", "points", "reason", "gender", "birth"} {
				assert.NotContains(t, pg.text, w, "got %q on the public notice", w)
			}
		})
	}
}

// TestApprovalHTML checks the approval form: title, issuing unit, stint,
// kind, the list under repeated heads, the signature block and the print
// rules (A4 landscape, page numbers).
func TestApprovalHTML(t *testing.T) {
	p := samplePlan(t)
	tests := []struct {
		lang string
		want []string
	}{
		{"zh", []string{"顺林县2026年义务教育学校教师交流轮岗名单", "发文单位：顺林县教育局", "交流期限：3年（2026年9月至2029年8月）",
			"交流方式：交流轮岗", "经办人：", "审核人：", "单位负责人：", "日期：     年   月   日"}},
		{"en", []string{"顺林县: teacher rotation list of the compulsory-education schools, 2026", "Issuing unit: 顺林县教育局",
			"Stint: 3 years (2026-09 to 2029-08)", "Kind: rotation", "Prepared by:", "Checked by:", "Head of unit:", "Date:"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			d := p.data(tt.lang)
			page, err := ApprovalHTML(d)
			require.NoError(t, err)
			pg := parsePage(t, page)
			for _, w := range tt.want {
				assert.Contains(t, pg.text, w)
			}
			a := NewApproval(d)
			list, ok := pg.tables["list"]
			require.True(t, ok, "got no table #list")
			assert.Equal(t, a.Heads, list.heads)
			assert.Equal(t, a.Rows, list.rows, "got rows other than the approval form's")
			assert.True(t, pg.ids["signatures"], "got no signature block")
			for _, w := range []string{"size: A4 landscape", "counter(page)", "counter(pages)", "@bottom-center", "table-header-group"} {
				assert.Contains(t, pg.style, w, "got no %q in the print rules", w)
			}
		})
	}
}

// TestSchoolsHTML checks the schools page: one section per school with
// who leaves, who arrives and the seven indicators of each part.
func TestSchoolsHTML(t *testing.T) {
	p := samplePlan(t)
	for _, lang := range Langs {
		t.Run(lang, func(t *testing.T) {
			page, err := SchoolsHTML(p.data(lang))
			require.NoError(t, err)
			doc, err := html.Parse(bytes.NewReader(page))
			require.NoError(t, err)
			leave, arrive := map[string]int{}, map[string]int{}
			for _, m := range p.rep.Moves {
				leave[m.From]++
				arrive[m.To]++
			}
			parts := map[string]int{}
			for _, pt := range p.rep.Parts {
				parts[pt.SchoolID]++
			}
			sections := map[string]*html.Node{}
			var find func(n *html.Node)
			find = func(n *html.Node) {
				if n.Type == html.ElementNode && n.Data == "section" {
					sections[strings.TrimPrefix(attr(n, "id"), "s-")] = n
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					find(c)
				}
			}
			find(doc)
			require.Len(t, sections, len(p.in.Schools), "got %d school sections, want one per school", len(sections))
			for _, s := range p.in.Schools {
				sec, ok := sections[s.ID]
				require.True(t, ok, "got no section of %s", s.ID)
				var b bytes.Buffer
				require.NoError(t, html.Render(&b, sec))
				sp := parsePage(t, []byte("<body>"+b.String()))
				require.Len(t, sp.all, 2+parts[s.ID], "%s: got %d tables, want leaving, arriving and one per part", s.ID, len(sp.all))
				count := func(tb parsedTable) int {
					if len(tb.rows) == 1 && len(tb.rows[0]) == 1 {
						return 0 // the "none" row
					}
					return len(tb.rows)
				}
				assert.Equal(t, leave[s.ID], count(sp.all[0]), "%s: got %d leaving, want %d", s.ID, count(sp.all[0]), leave[s.ID])
				assert.Equal(t, arrive[s.ID], count(sp.all[1]), "%s: got %d arriving, want %d", s.ID, count(sp.all[1]), arrive[s.ID])
				for _, tb := range sp.all[2:] {
					assert.Len(t, tb.rows, model.NumIndicators, "%s: got %d indicator rows, want %d", s.ID, len(tb.rows), model.NumIndicators)
				}
				assert.Contains(t, sp.text, s.Name)
			}
		})
	}
}

// TestPublicationPages checks what every printable page shares: it is
// self-contained (no scripts, nothing fetched), it prints on A4 landscape
// with every table's heads in a thead, and the same plan gives the same
// bytes.
func TestPublicationPages(t *testing.T) {
	p := samplePlan(t)
	pages := []struct {
		name  string
		build func(Data) ([]byte, error)
	}{
		{"approval", ApprovalHTML}, {"notice", NoticeHTML}, {"schools", SchoolsHTML}, {"report", ReportHTML},
	}
	for _, pp := range pages {
		for _, lang := range Langs {
			t.Run(pp.name+"/"+lang, func(t *testing.T) {
				page, err := pp.build(p.data(lang))
				require.NoError(t, err)
				again, err := pp.build(p.data(lang))
				require.NoError(t, err)
				assert.True(t, bytes.Equal(page, again), "got different bytes from the same plan")
				pg := parsePage(t, page)
				assert.Zero(t, pg.scripts, "got %d <script> elements, want none", pg.scripts)
				assert.Empty(t, pg.external, "got references outside the file")
				assert.NotContains(t, string(page), "http://")
				assert.NotContains(t, string(page), "https://")
				assert.Contains(t, pg.style, "size: A4 landscape")
				require.NotEmpty(t, pg.all)
				for i, tb := range pg.all {
					assert.NotEmpty(t, tb.heads, "table %d (%s): got no thead", i+1, tb.id)
				}
			})
		}
	}
}

// TestPrintCells checks the classes of the printed cells: numbers are
// right-aligned, short text never wraps, long text may.
func TestPrintCells(t *testing.T) {
	long := "顺林县某某镇某某村完全小学教学点分校"
	tests := []struct {
		name string
		rows [][]string
		want []string
	}{
		{"numbers", [][]string{{"1", "2.5"}, {"10", "-3"}}, []string{"n", "n"}},
		{"names", [][]string{{"欧阳婧芳", "teacher-1a2b3c4d"}, {"李", "x"}}, []string{"", ""}},
		{"long text", [][]string{{long, "a"}, {"短", "b"}}, []string{"w", ""}},
		{"numbers and text", [][]string{{"1", "2"}, {"–", "3"}}, []string{"", "n"}},
		{"none", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := printCells(tt.rows)
			require.Len(t, got, len(tt.rows))
			for _, r := range got {
				var classes []string
				for _, c := range r {
					classes = append(classes, c.Class)
				}
				assert.Equal(t, tt.want, classes, "got classes %v, want %v", classes, tt.want)
			}
		})
	}
}

// TestReportPinned checks that the rotation list of the report marks the
// moves the planner pinned, and only those.
func TestReportPinned(t *testing.T) {
	p, err := testOnce()
	require.NoError(t, err)
	pins := map[string]string{}
	for _, pin := range p.in.Pins {
		if pin.Action == model.PinMove {
			pins[p.in.Teachers[pin.Teacher].ID] = p.in.Schools[pin.School].ID
		}
	}
	require.NotEmpty(t, pins, "the test county has no pinned move")
	for _, tt := range []struct{ lang, label string }{{"zh", "固定"}, {"en", "pinned"}} {
		t.Run(tt.lang, func(t *testing.T) {
			page, err := ReportHTML(p.data(tt.lang))
			require.NoError(t, err)
			list := parsePage(t, page).tables["move-list"]
			require.Len(t, list.rows, len(p.rep.Moves))
			col := slices.Index(list.heads, Tr(tt.lang, "固定", "Pinned"))
			require.GreaterOrEqual(t, col, 0, "got no pinned column in %v", list.heads)
			marked := 0
			for i, m := range p.rep.Moves {
				want := pins[m.ID] == m.To
				if want {
					marked++
				}
				assert.Equal(t, want, list.class[i] == "pinned", "move %s: got row class %q", m.ID, list.class[i])
				assert.Equal(t, want, list.rows[i][col] == tt.label, "move %s: got %q in the pinned column", m.ID, list.rows[i][col])
			}
			assert.Positive(t, marked, "got no pinned move in the plan of the test county")
		})
	}
}

// TestReportInfeasible checks that the report of an infeasible plan names
// the move that breaks a rule and the hard rules violated, and that the
// report of a feasible plan has no such section.
func TestReportInfeasible(t *testing.T) {
	p, err := testOnce()
	require.NoError(t, err)
	plan := solver.NewPlan(len(p.in.Teachers))
	bad, to := -1, -1
	for ti := range p.in.Teachers {
		for s := range p.in.Schools {
			if p.ev.Invalid(ti, s) != "" && s != p.in.Teachers[ti].School {
				bad, to = ti, s
				break
			}
		}
		if bad >= 0 {
			break
		}
	}
	require.GreaterOrEqual(t, bad, 0, "the test county has no invalid move")
	plan.Dest[bad] = int32(to)
	rep := p.ev.Report(plan)
	require.False(t, rep.Score.Feasible)
	require.Len(t, rep.Invalid, 1)
	tc := &p.in.Teachers[bad]

	tests := []struct {
		name     string
		rep      *solver.Report
		section  bool
		want     []string
		wantRows int // rows of the invalid-move table
	}{
		{"infeasible", rep, true, []string{"方案不可行的原因", "无效调动", tc.ID, tc.Name, p.in.Schools[to].ID, p.in.Schools[to].Name,
			rep.Invalid[0].Why, "无效调动", "invalid_move", "交流人数不足"}, 1},
		{"feasible", p.rep, false, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := p.data("zh")
			d.Report, d.Result = tt.rep, nil
			page, err := ReportHTML(d)
			require.NoError(t, err)
			pg := parsePage(t, page)
			assert.Equal(t, tt.section, pg.ids["infeasible"], "got section #infeasible %v, want %v", pg.ids["infeasible"], tt.section)
			for _, w := range tt.want {
				assert.Contains(t, pg.text, w)
			}
			assert.Len(t, pg.tables["invalid"].rows, tt.wantRows)
			if tt.section {
				require.NotEmpty(t, pg.tables["invalid"].rows)
				row := pg.tables["invalid"].rows[0]
				assert.Equal(t, []string{tc.ID, tc.Name}, row[:2], "got the invalid move of %v", row[:2])
				assert.NotEmpty(t, pg.tables["faults"].rows, "got no violated hard rule")
			}
		})
	}
}
