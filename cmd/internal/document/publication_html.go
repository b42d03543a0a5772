package document

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/rotaplan/rotaplan/model"
)

// publicationTemplate holds the pages of the approval form, the public
// notice and the schools, and the print rules they share with the report
// page: self-contained like it, styles inline, no scripts, nothing fetched.
//
//go:embed publication.html.tmpl
var publicationTemplate string

var publicationTmpl = template.Must(template.New("publication").Parse(publicationTemplate))

// wrapWidth is the display width (a CJK character counts two) above which
// a column may wrap. Narrower columns (names, stages, subjects, titles,
// numbers) never do, so no name is broken over lines.
const wrapWidth = 24

// cell is one cell of a printed table with its class: "n" for a number
// (right-aligned), "w" for long text that may wrap, "" for text kept on
// one line.
type cell struct{ Class, Text string }

// printCells gives the rows their classes, column by column: a column whose
// cells are all numbers is "n", one whose widest cell is wider than
// wrapWidth is "w".
func printCells(rows [][]string) [][]cell {
	var classes []string
	for _, r := range rows {
		for c, v := range r {
			if c == len(classes) {
				classes = append(classes, "n")
			}
			if classes[c] == "w" {
				continue
			}
			if textWidth(v) > wrapWidth {
				classes[c] = "w"
			} else if _, err := strconv.ParseFloat(v, 64); err != nil && classes[c] == "n" {
				classes[c] = ""
			}
		}
	}
	out := make([][]cell, len(rows))
	for i, r := range rows {
		out[i] = make([]cell, len(r))
		for c, v := range r {
			out[i][c] = cell{Class: classes[c], Text: v}
		}
	}
	return out
}

// pubPage is what every page of the publication template shows; each page
// fills its own part.
type pubPage struct {
	Lang  string
	Title string
	Prov  Provenance

	Approval Approval
	Notice   Notice
	Rows     [][]cell // the rows of the approval form or the notice

	Schools []schoolView // the schools page
}

// T picks the label of the page's language.
func (p *pubPage) T(zh, en string) string { return Tr(p.Lang, zh, en) }

// YesNo is yes or no in the page's language.
func (p *pubPage) YesNo(b bool) string { return yesNo(b, p.Lang) }

// schoolView is one school on the schools page.
type schoolView struct {
	ID, Name          string
	Leaving, Arriving [][]cell
	Parts             []partView
}

// partView is one stage of a school: its figures and indicators.
type partView struct {
	Stage                           string
	InScope                         bool
	Students, Before, After         int
	CompliantBefore, CompliantAfter bool
	Indicators                      []indicatorView
}

// indicatorView is one indicator of a part; Full* are the values at full
// precision, for the hover text.
type indicatorView struct {
	Code, Name                        string
	Threshold, Before, After          string
	FullBefore, FullAfter             string
	BelowBefore, BelowAfter, TeachInd bool
}

// render executes the page name of the publication template.
func render(name string, p *pubPage) ([]byte, error) {
	var b bytes.Buffer
	if err := publicationTmpl.ExecuteTemplate(&b, name, p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ApprovalHTML renders the approval form (报批表) of d as a printable page:
// A4 landscape, the heads of the list repeated and the page number at the
// foot of every page, the signature block at the end.
func ApprovalHTML(d Data) ([]byte, error) {
	a := NewApproval(d)
	return render("approval", &pubPage{Lang: d.Lang, Title: a.Title, Prov: d.Prov, Approval: a, Rows: printCells(a.Rows)})
}

// NoticeHTML renders the public notice (公示名单) of d as a printable page:
// the five columns of the notice and nothing else, the notice period, where
// objections go and the issuing unit.
func NoticeHTML(d Data) ([]byte, error) {
	n := NewNotice(d)
	return render("notice", &pubPage{Lang: d.Lang, Title: noticeTitle(n.Title, d.Lang), Notice: n, Rows: printCells(n.Rows)})
}

// noticeTitle is the heading of the public notice.
func noticeTitle(list, lang string) string {
	return Tr(lang, "关于"+list+"的公示", list+": public notice")
}

// SchoolsHTML renders the pages of the schools of d: a summary table, then
// for every school who leaves, who arrives, and each part's indicators
// before and after against the thresholds and its compliance.
func SchoolsHTML(d Data) ([]byte, error) {
	lang := d.Lang
	p := &pubPage{Lang: lang, Title: Tr(lang, listTitle(d.In, lang)+"（分校情况）", listTitle(d.In, lang)+", by school"), Prov: d.Prov}
	for _, sp := range NewSchoolPages(d) {
		v := schoolView{ID: sp.ID, Name: sp.Name, Leaving: printCells(sp.Leaving), Arriving: printCells(sp.Arriving)}
		for _, pt := range sp.Parts {
			pv := partView{Stage: pt.Stage, InScope: pt.InScope, Students: pt.Students,
				Before: pt.TeachersBefore, After: pt.TeachersAfter,
				CompliantBefore: pt.CompliantBefore, CompliantAfter: pt.CompliantAfter}
			if st, err := model.ParseStage(pt.Stage); err == nil {
				pv.Stage = Tr(lang, st.ZH(), st.String())
			}
			for k, iv := range pt.Indicators {
				ind, err := model.ParseIndicator(iv.Indicator)
				code, name := iv.Indicator, iv.Indicator
				if err == nil {
					code, name = ind.Code(), Tr(lang, ind.ZH(), strings.ReplaceAll(ind.String(), "_", " "))
				}
				pv.Indicators = append(pv.Indicators, indicatorView{Code: code, Name: name,
					Threshold: num(iv.Threshold, 2), Before: num(iv.Before, 2), After: num(iv.After, 2),
					FullBefore: strconv.FormatFloat(iv.Before, 'g', -1, 64), FullAfter: strconv.FormatFloat(iv.After, 'g', -1, 64),
					BelowBefore: pt.InScope && below(iv.Before, iv.Threshold), BelowAfter: pt.InScope && below(iv.After, iv.Threshold),
					TeachInd: k < model.NumTeacherIndicators})
			}
			v.Parts = append(v.Parts, pv)
		}
		p.Schools = append(p.Schools, v)
	}
	return render("schools", p)
}

// printRules are the print rules of every page rotaplan renders: A4
// landscape with the page number at the foot of every page (a CSS page
// margin box, which Chromium prints from version 131 on), the heads of
// tables repeated on every page, rows and figures kept whole and headings
// kept with what follows them.
func printRules(lang string) template.CSS {
	foot := `"第 " counter(page) " 页，共 " counter(pages) " 页"`
	if lang == "en" {
		foot = `"Page " counter(page) " of " counter(pages)`
	}
	return template.CSS(`@page { size: A4 landscape; margin: 12mm 12mm 14mm;
  @bottom-center { content: ` + foot + `; font-size: 9pt; color: #52606d; } }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr, figure, .keep { break-inside: avoid; }
h1, h2, h3, caption { break-after: avoid; }
@media print {
  body { margin: 0; font-size: 10pt; }
  table { font-size: 9.5pt; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}`)
}

// Print is the print rules of the page.
func (p *pubPage) Print() template.CSS { return printRules(p.Lang) }

// ProvText is the provenance line of a printed page.
func (p *pubPage) ProvText() string {
	v := p.Prov
	hash := v.PolicyHash
	if len(hash) > 12 {
		hash = hash[:12]
	}
	return fmt.Sprintf("%s %s · %s %s · %s sha256 %s", v.Tool, v.Version, p.T("数据集", "dataset"), v.Dataset,
		p.T("政策", "policy"), hash)
}
