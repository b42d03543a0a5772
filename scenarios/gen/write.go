package gen

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/rotaplan/rotaplan/model"
)

// The file names and English headers of the data contract (DOMAIN.md §3).
var (
	schoolsHeader = []string{
		"school_id", "name", "type", "urban_rural", "weak",
		"students_primary", "students_junior", "classes_primary", "classes_junior",
		"lon", "lat", "staff_quota",
		"building_area_m2", "sports_area_m2", "equipment_value_yuan", "multimedia_rooms",
		"district", "group",
	}
	teachersHeader = []string{
		"teacher_id", "name", "id_number", "gender", "birth", "school_id", "stage", "subject",
		"education", "title", "backbone", "joined_school", "principal", "volunteer", "exempt",
		"serving_school_id", "graduating_class", "principal_since",
	}
	historyHeader = []string{"teacher_id", "to_school_id", "start", "end", "kind", "rural"}
	wishesHeader  = []string{"teacher_id", "rank", "school_id"}
	pairsHeader   = []string{"source_school_id", "receiver_school_id"}
)

// Write writes the county as schools.csv, teachers.csv and policy.toml in
// dir, which must exist, with history.csv, wishes.csv and pairs.csv when
// the instance has stints, wishes and pairs: UTF-8 without BOM, English headers, national
// codes for school type and urban-rural class, English codes for the other
// enums. Each file is written to a temporary file in dir and renamed into
// place.
func Write(dir string, in *model.Instance) error {
	type file struct {
		name  string
		write func(io.Writer, *model.Instance) error
	}
	files := []file{
		{"schools.csv", writeSchools},
		{"teachers.csv", writeTeachers},
		{"policy.toml", writePolicy},
	}
	if len(in.History) > 0 {
		files = append(files, file{"history.csv", writeHistory})
	}
	if len(in.Wishes) > 0 {
		files = append(files, file{"wishes.csv", writeWishes})
	}
	if len(in.Pairs) > 0 {
		files = append(files, file{"pairs.csv", writePairs})
	}
	for _, f := range files {
		if err := writeFile(filepath.Join(dir, f.name), func(w io.Writer) error { return f.write(w, in) }); err != nil {
			return err
		}
	}
	return nil
}

// writeFile writes path atomically: a temporary file beside it, synced and
// renamed over it.
func writeFile(path string, fill func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<16)
	if err := fill(bw); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	return nil
}

// typeCode is the national code of a school type (办学类型代码).
func typeCode(t model.SchoolType) string {
	switch t {
	case model.PrimarySchool:
		return "211"
	case model.TeachingPoint:
		return "218"
	case model.JuniorSchool:
		return "311"
	case model.NineYear:
		return "312"
	}
	return t.String()
}

// localeCode is the national urban-rural code of a school: the one it was
// given, or the most common code of its class.
func localeCode(s *model.School) string {
	if s.LocaleCode != "" {
		if l, err := model.ParseLocale(s.LocaleCode); err == nil && l == s.Locale {
			return s.LocaleCode
		}
	}
	switch s.Locale {
	case model.Urban:
		return "111"
	case model.Town:
		return "121"
	}
	return "220"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func itoa(n int) string { return strconv.Itoa(n) }

// num formats a number in its shortest exact decimal form.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func writeSchools(w io.Writer, in *model.Instance) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(schoolsHeader); err != nil {
		return err
	}
	for i := range in.Schools {
		s := &in.Schools[i]
		lon, lat := "", ""
		if s.HasCoords {
			lon, lat = strconv.FormatFloat(s.Lon, 'f', 6, 64), strconv.FormatFloat(s.Lat, 'f', 6, 64)
		}
		quota := ""
		if s.StaffQuota > 0 {
			quota = itoa(s.StaffQuota)
		}
		rec := []string{
			s.ID, s.Name, typeCode(s.Type), localeCode(s), yesNo(s.Weak),
			itoa(s.Students[model.Primary]), itoa(s.Students[model.Junior]),
			itoa(s.Classes[model.Primary]), itoa(s.Classes[model.Junior]),
			lon, lat, quota,
			num(s.BuildingArea), num(s.SportsArea), num(s.EquipmentValue), itoa(s.MultimediaRooms),
			s.District, s.Group,
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeTeachers(w io.Writer, in *model.Instance) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(teachersHeader); err != nil {
		return err
	}
	for i := range in.Teachers {
		t := &in.Teachers[i]
		if t.School < 0 || t.School >= len(in.Schools) {
			return fmt.Errorf("teacher %s: school index %d out of range", t.ID, t.School)
		}
		serving := ""
		if t.OnRotation() {
			if t.Serving < 0 || t.Serving >= len(in.Schools) {
				return fmt.Errorf("teacher %s: serving school index %d out of range", t.ID, t.Serving)
			}
			serving = in.Schools[t.Serving].ID
		}
		since := ""
		if t.PrincipalSince != 0 {
			since = t.PrincipalSince.String()
		}
		rec := []string{
			t.ID, t.Name, t.IDNumber, t.Gender.String(), t.Birth.String(), in.Schools[t.School].ID,
			t.Stage.String(), t.Subject.String(), t.Education.String(), t.Title.String(), t.Backbone.String(),
			t.Joined.String(), yesNo(t.Principal), yesNo(t.Volunteer), t.Exempt,
			serving, yesNo(t.GraduatingClass), since,
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writePolicy writes the complete policy with its explicit plan date, so a
// generated county scores the same whenever it is read.
func writePolicy(w io.Writer, in *model.Instance) error { return model.EncodePolicy(w, in.Policy) }

// writeHistory writes the stints in order; an open end (start +
// stint_years) is left empty, and rural is always given.
func writeHistory(w io.Writer, in *model.Instance) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(historyHeader); err != nil {
		return err
	}
	for i := range in.History {
		s := &in.History[i]
		end := s.End.String()
		if s.OpenEnd {
			end = ""
		}
		if err := cw.Write([]string{s.TeacherID, s.SchoolID, s.Start.String(), end, s.Kind.String(), yesNo(s.Rural)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeWishes(w io.Writer, in *model.Instance) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(wishesHeader); err != nil {
		return err
	}
	for i := range in.Wishes {
		wi := &in.Wishes[i]
		if err := cw.Write([]string{wi.TeacherID, itoa(wi.Rank), wi.SchoolID}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writePairs(w io.Writer, in *model.Instance) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(pairsHeader); err != nil {
		return err
	}
	for _, p := range in.Pairs {
		if err := cw.Write([]string{p.SourceID, p.ReceiverID}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
