package model_test

import (
	"errors"
	"fmt"

	"github.com/rotaplan/rotaplan/model"
)

func ExampleLoad() {
	in, warnings, err := model.Load("testdata/county", model.LoadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(in.Schools), "schools,", len(in.Teachers), "teachers,", len(warnings), "warnings")
	fmt.Println("plan date", in.Policy.PlanDate, "rotation rate", in.Policy.RotationRate)
	for _, f := range in.Files[:2] {
		fmt.Println(f.Name, f.Encoding)
	}
	// Output:
	// 6 schools, 42 teachers, 0 warnings
	// plan date 2026-09 rotation rate 0.15
	// schools.csv utf-8
	// teachers.csv utf-8
}

func ExampleLoad_problems() {
	_, problems, err := model.Load("testdata/broken", model.LoadOptions{})
	var ie *model.InputError
	if errors.As(err, &ie) {
		fmt.Println(len(problems.Errors()), "errors")
		for _, p := range problems.Errors()[:3] {
			fmt.Println(p)
		}
	}
	// Output:
	// 24 errors
	// distances.csv:2: column km: error: got "-3", want a number ≥ 0
	// distances.csv:3: column to_school_id: error: unknown school B9: not in schools.csv
	// pins.csv:2: column to_school_id: error: missing value: a move pin needs the code of the target school
}
