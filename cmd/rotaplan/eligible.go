package main

import "github.com/rotaplan/rotaplan/model"

// eligibleTeachers returns the indices of the teachers in the rotation pool
// E of the reference model (DOMAIN.md §4), the denominator of the quota: a
// teacher posted at a source school (neither rural nor weak) and teaching
// there, not a principal unless the policy includes principals, at the
// school for at least min_years_at_school at the plan date, more than
// exclude_years_to_retirement before retirement, and not exempt. The
// evaluation core in package solver provides the same rule, with the reason
// for every exclusion; this copy serves the summary of check.
func eligibleTeachers(in *model.Instance) []int {
	p := &in.Policy
	const eps = 1e-9 // months turned into years: 72/12 must count as 6
	var out []int
	for i := range in.Teachers {
		t := &in.Teachers[i]
		switch {
		case !in.Schools[t.School].IsSource(),
			t.Serving != t.School,
			t.Principal && !p.IncludePrincipals,
			t.Joined.YearsUntil(p.PlanDate) < p.MinYearsAtSchool-eps,
			p.PlanDate.YearsUntil(p.Retirement(t)) <= p.ExcludeYearsToRetirement+eps,
			t.Exempt != "":
			continue
		}
		out = append(out, i)
	}
	return out
}
