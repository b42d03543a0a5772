package model_test

import (
	"fmt"
	"time"

	"github.com/rotaplan/rotaplan/model"
)

func ExampleDecodePolicy() {
	text := []byte(`
plan_date = "2026-09"
rotation_rate = 0.15
rotaton_rate = 0.2

[retirement_age]
female = 30
`)
	p, problems := model.DecodePolicy("policy.toml", text, time.Now())
	fmt.Println(p.PlanDate, p.RotationRate, p.MinYearsAtSchool)
	for _, pr := range problems {
		fmt.Println(pr)
	}
	// Output:
	// 2026-09 0.15 6
	// policy.toml:4: column rotaton_rate: warning: unknown key rotaton_rate is ignored
	// policy.toml:7: column retirement_age.female: error: want an age from 40 to 75
}
