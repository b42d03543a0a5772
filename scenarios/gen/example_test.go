package gen_test

import (
	"fmt"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/scenarios/gen"
)

func ExampleGenerate() {
	in, err := gen.Generate(gen.Small, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	var types [4]int
	students := 0
	for i := range in.Schools {
		types[in.Schools[i].Type]++
		students += in.Schools[i].TotalStudents()
	}
	fmt.Printf("%d schools: %d %s, %d %s, %d %s, %d %s\n", len(in.Schools),
		types[model.PrimarySchool], model.PrimarySchool.ZH(), types[model.TeachingPoint], model.TeachingPoint.ZH(),
		types[model.JuniorSchool], model.JuniorSchool.ZH(), types[model.NineYear], model.NineYear.ZH())
	fmt.Printf("%d teachers, %d students, plan date %s\n", len(in.Teachers), students, in.Policy.PlanDate)
	// Output:
	// 30 schools: 17 小学, 5 教学点, 4 初中, 4 九年一贯制
	// 1386 teachers, 20993 students, plan date 2026-09
}
