package model

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// writeBigCounty writes a prefecture-size dataset: schools schools (a
// quarter nine-year, the rest primary and junior) and teachers teachers
// spread evenly over them, with every optional column filled.
func writeBigCounty(tb testing.TB, dir string, schools, teachers int) {
	tb.Helper()
	write := func(name string, fill func(w *bufio.Writer)) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			tb.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<16)
		fill(w)
		if err := w.Flush(); err != nil {
			tb.Fatal(err)
		}
		if err := f.Close(); err != nil {
			tb.Fatal(err)
		}
	}
	types := []string{"primary", "junior", "nine_year", "primary"}
	locales := []string{"111", "121", "210", "220"}
	per := teachers / schools
	write("schools.csv", func(w *bufio.Writer) {
		w.WriteString("school_id,name,type,urban_rural,weak,students_primary,students_junior,classes_primary,classes_junior,lon,lat,staff_quota,building_area_m2,sports_area_m2,equipment_value_yuan,multimedia_rooms\n")
		for i := range schools {
			sp, sj, cp, cj := 30*per, 0, 20*per/10, 0
			switch types[i%4] {
			case "junior":
				sp, sj, cp, cj = 0, 30*per, 0, 20*per/10
			case "nine_year":
				sp, sj, cp, cj = 15*per, 15*per, per, per
			}
			fmt.Fprintf(w, "43%08d,第%d学校,%s,%s,%s,%d,%d,%d,%d,%.5f,%.5f,%d,%d,%d,%d,%d\n",
				i, i, types[i%4], locales[i%4], []string{"no", "yes"}[i%3/2], sp, sj, cp, cj,
				110+float64(i%100)*0.05, 25+float64(i/100)*0.05, per, 3000+i, 5000+i, 900000+i, 10+i%20)
		}
	})
	subjects := []string{"chinese", "math", "english", "pe", "music", "art", "science", "morality"}
	write("teachers.csv", func(w *bufio.Writer) {
		w.WriteString("teacher_id,name,id_number,gender,birth,school_id,stage,subject,education,title,backbone,joined_school,principal,volunteer,exempt,serving_school_id,graduating_class\n")
		for j := range teachers {
			s := j % schools
			stage := "primary"
			if types[s%4] == "junior" || (types[s%4] == "nine_year" && (j/schools)%2 == 1) {
				stage = "junior"
			}
			serving := ""
			if (j/schools)%25 == 1 && types[s%4] == "primary" {
				serving = fmt.Sprintf("43%08d", (s+4)%schools)
			}
			fmt.Fprintf(w, "%07d,教师%d,43010219%02d0%d01%04d,%s,19%02d-%02d,43%08d,%s,%s,%s,%s,%s,20%02d-09,%s,%s,%s,%s,%s\n",
				j, j, 60+j%40, 1+j%9, j%10000, []string{"male", "female"}[j%2], 60+j%40, 1+j%12, s, stage,
				subjects[j%len(subjects)], []string{"college", "bachelor", "master"}[j%3],
				[]string{"none", "second", "first", "senior"}[j%4], []string{"none", "county", "city", "none", "none"}[j%5],
				j%25, []string{"no", "yes"}[j%2], []string{"no", "yes", ""}[j%3], []string{"", "", "", "孕期"}[j%4],
				serving, []string{"no", "yes"}[j%2])
		}
	})
}

// BenchmarkLoad loads a synthetic prefecture: 2,000 schools and 100,000
// teachers.
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	writeBigCounty(b, dir, 2000, 100_000)
	in, _, err := Load(dir, LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	if len(in.Teachers) != 100_000 {
		b.Fatalf("got %d teachers, want 100000", len(in.Teachers))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Load(dir, LoadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
