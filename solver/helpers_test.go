package solver

import (
	"fmt"
	"math/rand/v2"
	"os/exec"
	"testing"

	"github.com/rotaplan/rotaplan/model"
)

// county builds instances by hand for the tests.
type county struct{ in model.Instance }

func newCounty() *county {
	return &county{in: model.Instance{Policy: model.DefaultPolicy(model.MonthOf(2026, 9))}}
}

// school adds a school; students and classes are per stage.
func (c *county) school(id string, typ model.SchoolType, loc model.Locale, weak bool, prim, jun int, lon, lat float64) int {
	s := model.School{ID: id, Name: "school " + id, Type: typ, Locale: loc, Weak: weak, Lon: lon, Lat: lat, HasCoords: true}
	s.Students = [2]int{prim, jun}
	s.Classes = [2]int{(prim + 44) / 45, (jun + 49) / 50}
	c.in.Schools = append(c.in.Schools, s)
	return len(c.in.Schools) - 1
}

// teacher adds a teacher; joined is years at school at the plan date.
type tspec struct {
	stage     model.Stage
	subject   model.Subject
	edu       model.Education
	backbone  model.Backbone
	years     int
	age       int
	volunteer bool
	grad      bool
	principal bool
	exempt    string
	gender    model.Gender
}

func (c *county) teacher(school int, ts tspec) int {
	plan := c.in.Policy.PlanDate
	if ts.age == 0 {
		ts.age = 40
	}
	id := fmt.Sprintf("T%04d", len(c.in.Teachers))
	t := model.Teacher{
		ID: id, Name: "teacher " + id, Gender: ts.gender, Birth: plan - model.Month(12*ts.age),
		School: school, Serving: school, Stage: ts.stage, Subject: ts.subject, Education: ts.edu,
		Backbone: ts.backbone, Joined: plan - model.Month(12*ts.years), Volunteer: ts.volunteer,
		GraduatingClass: ts.grad, Principal: ts.principal, Exempt: ts.exempt,
	}
	c.in.Teachers = append(c.in.Teachers, t)
	return len(c.in.Teachers) - 1
}

// many adds n copies of a teacher.
func (c *county) many(school, n int, ts tspec) {
	for range n {
		c.teacher(school, ts)
	}
}

func (c *county) build() *model.Instance {
	in := c.in
	in.Index()
	return &in
}

// randomCounty builds a small seeded county with every kind of school.
func randomCounty(seed uint64, schools int) *model.Instance {
	c := newCounty()
	rng := rand.New(rand.NewPCG(seed, 7))
	for i := range schools {
		loc := []model.Locale{model.Urban, model.Town, model.Rural, model.Rural}[i%4]
		typ := []model.SchoolType{model.PrimarySchool, model.JuniorSchool, model.NineYear, model.TeachingPoint, model.PrimarySchool}[i%5]
		prim, jun := 40+rng.IntN(400), 40+rng.IntN(300)
		s := c.school(fmt.Sprintf("S%02d", i), typ, loc, i%7 == 3, prim, jun, 113+rng.Float64()*0.3, 28+rng.Float64()*0.3)
		n := 4 + rng.IntN(14)
		if loc != model.Rural {
			n += 10
		}
		for range n {
			st := model.Primary
			if !c.in.Schools[s].Teaches(st) || (c.in.Schools[s].Teaches(model.Junior) && rng.IntN(2) == 0) {
				st = model.Junior
			}
			c.teacher(s, tspec{
				stage: st, subject: model.Subject(rng.IntN(model.NumSubjects)), edu: model.Education(1 + rng.IntN(4)),
				backbone: model.Backbone(rng.IntN(3)), years: rng.IntN(15), age: 25 + rng.IntN(30),
				volunteer: rng.IntN(3) == 0, grad: rng.IntN(5) == 0,
			})
		}
	}
	return c.build()
}

// cbcPath is where CBC is installed; a test that needs it is skipped
// when it is not.
func cbcPath(t *testing.T) string {
	t.Helper()
	cbc, err := exec.LookPath("cbc")
	if err != nil {
		t.Skip("cbc is not on PATH (apt-get install coinor-cbc)")
	}
	return cbc
}
