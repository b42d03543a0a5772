package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/rotaplan/rotaplan/model"
)

// structureSummary is the county's school structures (DOMAIN §8) as check
// shows them: its districts and groups with their source and receiving
// schools, the pairs, move_scope and the principals due for the exchange.
type structureSummary struct {
	MoveScope  string      `json:"move_scope"`
	Districts  []unitCount `json:"districts"`
	Groups     []unitCount `json:"groups"`
	NoDistrict int         `json:"schools_without_district"`
	NoGroup    int         `json:"schools_without_group"`
	Pairs      int         `json:"pairs"`
	// PrincipalsDue have principal_max_years of tenure or more;
	// PrincipalsUnknown lack principal_since.
	PrincipalMaxYears float64 `json:"principal_max_years"`
	PrincipalsDue     int     `json:"principals_due"`
	PrincipalsUnknown int     `json:"principals_without_since"`
	// Warnings are the structures that no move can help: a district or a
	// group with receiving schools but no source school.
	Warnings []string `json:"warnings"`
	// warnAt is, by warning, where in the dataset it points: the schools
	// file and its district or group column.
	warnAt []string
}

// unitCount is one district or group.
type unitCount struct {
	Name      string `json:"name"`
	Schools   int    `json:"schools"`
	Sources   int    `json:"sources"`
	Receivers int    `json:"receivers"`
}

func summarizeStructures(in *model.Instance) *structureSummary {
	s := &structureSummary{MoveScope: in.Policy.MoveScope.String(), Pairs: len(in.Pairs),
		PrincipalMaxYears: in.Policy.PrincipalMaxYears, Districts: []unitCount{}, Groups: []unitCount{}, Warnings: []string{}}
	units := func(name func(*model.School) string, none *int) []unitCount {
		index := map[string]int{}
		out := []unitCount{}
		for i := range in.Schools {
			sc := &in.Schools[i]
			n := name(sc)
			if n == "" {
				*none++
				continue
			}
			k, ok := index[n]
			if !ok {
				k = len(out)
				index[n] = k
				out = append(out, unitCount{Name: n})
			}
			out[k].Schools++
			if sc.IsSource() {
				out[k].Sources++
			} else {
				out[k].Receivers++
			}
		}
		slices.SortFunc(out, func(a, b unitCount) int { return cmp.Compare(a.Name, b.Name) })
		return out
	}
	s.Districts = units(func(sc *model.School) string { return sc.District }, &s.NoDistrict)
	s.Groups = units(func(sc *model.School) string { return sc.Group }, &s.NoGroup)
	for _, u := range []struct {
		what, scope string
		units       []unitCount
	}{{"district", "district", s.Districts}, {"group", "group", s.Groups}} {
		for _, x := range u.units {
			if x.Receivers > 0 && x.Sources == 0 {
				s.warnAt = append(s.warnAt, schoolsFile(in)+": column "+u.what)
				s.Warnings = append(s.Warnings, fmt.Sprintf("%s %s has %d receiving %s but no source school: within the %s (move_scope = %s) no teacher can be sent there",
					u.what, x.Name, x.Receivers, plural(x.Receivers, "school", "schools"), u.what, u.scope))
			}
		}
	}
	for i := range in.Teachers {
		t := &in.Teachers[i]
		switch {
		case !t.Principal:
		case t.PrincipalSince == 0:
			s.PrincipalsUnknown++
		case in.PrincipalDue(t):
			s.PrincipalsDue++
		}
	}
	return s
}

// text adds the structures to the summary for people.
func (s *structureSummary) text(b *strings.Builder) {
	pf := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	pf("\n学校结构 (school structures): 交流范围 (move_scope) %s\n", s.MoveScope)
	for _, u := range []struct {
		title string
		units []unitCount
		none  int
	}{{"学区 (districts)", s.Districts, s.NoDistrict}, {"教育集团 (groups)", s.Groups, s.NoGroup}} {
		if len(u.units) == 0 {
			pf("  %s: 无 (none)\n", u.title)
			continue
		}
		parts := make([]string, len(u.units))
		for i, x := range u.units {
			parts[i] = fmt.Sprintf("%s %d (输出 sources %d, 接收 receivers %d)", x.Name, x.Schools, x.Sources, x.Receivers)
		}
		pf("  %s %d: %s", u.title, len(u.units), strings.Join(parts, "; "))
		if u.none > 0 {
			pf("; 未划入 (none) %d", u.none)
		}
		pf("\n")
	}
	pf("  结对帮扶 (pairs): %d\n", s.Pairs)
	pf("  校长任职满 %g 年 (principals due): %d", s.PrincipalMaxYears, s.PrincipalsDue)
	if s.PrincipalsUnknown > 0 {
		pf(", 缺任现职年月 (without principal_since) %d", s.PrincipalsUnknown)
	}
	pf("\n")
}

// schoolsFile is the name of the schools file of the dataset in, for
// messages: the first of in.Files.
func schoolsFile(in *model.Instance) string {
	if len(in.Files) > 0 && in.Files[0].Name != "" {
		return in.Files[0].Name
	}
	return "schools.csv"
}
