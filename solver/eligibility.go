package solver

import (
	"fmt"

	"github.com/rotaplan/rotaplan/model"
)

// Exclusion says why a teacher is not in the eligible pool E.
type Exclusion uint8

// Reasons for exclusion, checked in this order; the first that applies is reported.
const (
	Eligible       Exclusion = iota
	NotAtSource              // the post school is rural or weak: a receiver, not a source
	OnRotation               // already teaching at another school: on an ongoing stint
	Returning                // back from a stint that ended in the 12 months up to the plan date
	Exempted                 // 暂缓: pregnancy, illness or another local reason
	IsPrincipal              // principals are excluded unless include_principals
	TooFewYears              // fewer than min_years_at_school years at the post school
	NearRetirement           // within exclude_years_to_retirement of retirement
)

var exclusionNames = [...]string{"eligible", "not_at_source", "on_rotation", "returning", "exempt", "principal", "too_few_years", "near_retirement"}
var exclusionZH = [...]string{"符合条件", "非城镇或优质学校", "已在交流中", "交流期满返回", "暂缓交流", "校长", "本校任教年限不足", "临近退休"}

func (e Exclusion) String() string { return exclusionNames[e] }

// ZH is the Chinese wording of the reason.
func (e Exclusion) ZH() string { return exclusionZH[e] }

// Eligibility returns why teacher t is excluded from the pool, or Eligible,
// with a detail such as "4.5 years at school" for the reports.
func Eligibility(in *model.Instance, t *model.Teacher) (Exclusion, string) {
	p := &in.Policy
	home := &in.Schools[t.School]
	switch {
	case !home.IsSource():
		return NotAtSource, fmt.Sprintf("%s is %s", home.ID, sourceWord(home))
	case t.Returning:
		if t.ReturnFrom != model.NoSchool {
			return Returning, "back from " + in.Schools[t.ReturnFrom].ID
		}
		return Returning, "back from a stint"
	case t.OnRotation():
		return OnRotation, "serving at " + in.Schools[t.Serving].ID
	case t.OngoingStint: // at a school no longer in schools.csv
		return OnRotation, "on a stint"
	case t.Exempt != "":
		return Exempted, t.Exempt
	case t.Principal && !p.IncludePrincipals:
		return IsPrincipal, ""
	}
	// Continuous service at the post school counts from the end of the
	// latest stint (ServiceSince, never before Joined; zero when the
	// instance was not indexed).
	if y := max(t.Joined, t.ServiceSince).YearsUntil(p.PlanDate); y < p.MinYearsAtSchool-1e-9 {
		return TooFewYears, fmt.Sprintf("%.1f years at school, %g required", y, p.MinYearsAtSchool)
	}
	if y := p.PlanDate.YearsUntil(p.Retirement(t)); y <= p.ExcludeYearsToRetirement+1e-9 {
		return NearRetirement, fmt.Sprintf("%.1f years to retirement", y)
	}
	return Eligible, ""
}

func sourceWord(s *model.School) string {
	if s.Weak {
		return "weak"
	}
	return "rural"
}

// WishWarnings warns, once per teacher at the first row of their wishes,
// about the wishes of teachers who are not eligible this year: they are
// kept, and used only if the teacher is pinned to move (DOMAIN §6 makes
// it a warning, not an error).
func WishWarnings(in *model.Instance) model.Problems {
	var ps model.Problems
	seen := map[string]bool{}
	for _, w := range in.Wishes {
		t, ok := in.TeacherByID(w.TeacherID)
		if !ok || seen[w.TeacherID] {
			continue
		}
		seen[w.TeacherID] = true
		if e, detail := Eligibility(in, &in.Teachers[t]); e != Eligible {
			msg := "teacher " + w.TeacherID + " has wishes but is not eligible this year (" + e.String()
			if detail != "" {
				msg += ": " + detail
			}
			ps = append(ps, model.Problem{Severity: model.Warning, File: w.File, Line: w.Line, Message: msg + "); the wishes are not used"})
		}
	}
	ps.Sort()
	return ps.Capped()
}
