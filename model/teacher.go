package model

// NoSchool marks an unset school index.
const NoSchool = -1

// Teacher is one row of teachers.csv with its school references resolved to
// indices into Instance.Schools.
type Teacher struct {
	ID       string // 教职工号, unique in the county
	Name     string
	IDNumber string // 身份证件号; never printed unmasked (see MaskIDNumber)
	Gender   Gender
	Birth    Month

	School  int // index of the school holding the post
	Serving int // index of the school where the teacher teaches now (== School unless on rotation)

	Stage     Stage
	Subject   Subject
	Education Education
	Title     Title
	Backbone  Backbone
	Joined    Month // 进本校年月

	Principal       bool
	Volunteer       bool
	GraduatingClass bool
	Exempt          string // 暂缓原因; non-empty means not eligible this year
	// PrincipalSince is the month a principal took the post (任现职年月);
	// 0 when not given. Principals with principal_max_years of tenure at
	// the plan date are due for the principal exchange.
	PrincipalSince Month

	// The facts of the teacher's stints (history.csv, Instance.History) at
	// the plan date, derived by Instance.Index; without stints ServiceSince
	// is Joined, ReturnFrom NoSchool and the rest zero, but for the months
	// at a rural or weak post school. Months ignore the day (DOMAIN §6).

	// ServiceSince starts the continuous service at the post school: the
	// later of Joined and the end of the latest stint ended by the plan
	// date. min_years_at_school and the points' years count from it.
	ServiceSince Month
	// RuralMonths are the months served at rural or weak schools up to the
	// plan date: the stints marked rural, plus the months at the post
	// school since Joined, outside stints, when it is rural or weak.
	RuralMonths int
	// OngoingStint: a stint runs at the plan date (start ≤ plan date <
	// end). The teacher serves at the stint's school this year (Serving,
	// when that school is in schools.csv) and is not eligible.
	OngoingStint bool
	// Returning: a stint ended in the 12 months up to the plan date (plan
	// date − 12 months < end ≤ plan date). The teacher counts at the
	// stint's school in the current standing (Serving) and at the post
	// school in the planned year, and is not eligible this year.
	Returning bool
	// ReturnFrom is the school of the ending stint of a Returning teacher
	// when it is in schools.csv, else NoSchool.
	ReturnFrom int

	Line int // line in the source file, for messages; 0 when built in code
}

// OnRotation reports whether the teacher already teaches away from the post
// school in the current standing: on an ongoing stint, or on the stint a
// Returning teacher is coming back from.
func (t *Teacher) OnRotation() bool { return t.Serving != t.School }

// MonthsAtSchool is the months of continuous service at the post school
// at month at, counted from ServiceSince; 0 before it.
func (t *Teacher) MonthsAtSchool(at Month) int { return max(0, int(at-t.ServiceSince)) }

// NeedsRuralForTitle reports whether the teacher holds the first title
// (一级) and has served less than a year at rural or weak schools, the
// year required to apply for the senior title (高级职称).
func (t *Teacher) NeedsRuralForTitle() bool { return t.Title == First && t.RuralMonths < 12 }

// AgeAt is the teacher's age in whole years at month at.
func (t *Teacher) AgeAt(at Month) int {
	if at < t.Birth {
		return 0
	}
	return int(at-t.Birth) / 12
}
