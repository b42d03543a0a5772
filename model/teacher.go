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

	Line int // line in the source file, for messages; 0 when built in code
}

// OnRotation reports whether the teacher already teaches away from the post school.
func (t *Teacher) OnRotation() bool { return t.Serving != t.School }
