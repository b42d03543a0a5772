package model

import (
	"fmt"
	"strings"
)

// Column is one known column of a dataset file: its English name, its main
// Chinese name and the other names Excel sheets use for it.
type Column struct {
	Key      string // English name as in the data contract, e.g. "school_id"
	ZH       string // main Chinese name, e.g. "学校代码"
	Aliases  []string
	Required bool
}

// SchoolColumns are the columns of schools.csv, in the order of the data
// contract.
var SchoolColumns = []Column{
	{Key: "school_id", ZH: "学校代码", Required: true, Aliases: []string{"学校标识码", "学校编码", "学校编号", "学校id", "标识码", "id", "school_code"}},
	{Key: "name", ZH: "学校名称", Required: true, Aliases: []string{"学校名", "校名", "名称", "school_name", "school"}},
	{Key: "type", ZH: "办学类型", Required: true, Aliases: []string{"学校类型", "办学类型代码", "学校类别", "类型", "school_type"}},
	{Key: "urban_rural", ZH: "城乡分类代码", Required: true, Aliases: []string{"城乡分类", "城乡类型", "城乡属性", "城乡类别", "城乡", "所在地城乡类型", "urban_rural_code", "locale"}},
	{Key: "weak", ZH: "薄弱学校", Aliases: []string{"是否薄弱学校", "是否薄弱", "薄弱", "weak_school"}},
	{Key: "students_primary", ZH: "小学在校生数", Required: true, Aliases: []string{"小学学生数", "小学在校学生数", "小学生数", "小学在校生", "primary_students"}},
	{Key: "students_junior", ZH: "初中在校生数", Required: true, Aliases: []string{"初中学生数", "初中在校学生数", "初中生数", "初中在校生", "junior_students"}},
	{Key: "classes_primary", ZH: "小学班级数", Required: true, Aliases: []string{"小学班数", "小学教学班数", "primary_classes"}},
	{Key: "classes_junior", ZH: "初中班级数", Required: true, Aliases: []string{"初中班数", "初中教学班数", "junior_classes"}},
	{Key: "lon", ZH: "经度", Aliases: []string{"longitude", "lng", "long"}},
	{Key: "lat", ZH: "纬度", Aliases: []string{"latitude"}},
	{Key: "staff_quota", ZH: "核定编制数", Aliases: []string{"编制数", "核定编制", "教职工编制数"}},
	{Key: "building_area_m2", ZH: "教学及辅助用房面积", Required: true, Aliases: []string{"教学及辅助用房", "教学辅助用房面积", "building_area"}},
	{Key: "sports_area_m2", ZH: "体育运动场馆面积", Required: true, Aliases: []string{"体育运动场馆", "体育场馆面积", "运动场馆面积", "sports_area"}},
	{Key: "equipment_value_yuan", ZH: "教学仪器设备值", Required: true, Aliases: []string{"教学仪器设备资产值", "教学仪器设备总值", "仪器设备值", "equipment_value"}},
	{Key: "multimedia_rooms", ZH: "网络多媒体教室数", Required: true, Aliases: []string{"多媒体教室数", "网络多媒体教室", "多媒体教室"}},
	{Key: "district", ZH: "学区", Aliases: []string{"片区", "学区/片区", "学区片区", "所属学区", "所属片区", "school_district"}},
	{Key: "group", ZH: "教育集团", Aliases: []string{"集团", "所属集团", "所属教育集团", "education_group"}},
}

// TeacherColumns are the columns of teachers.csv, in the order of the data
// contract.
var TeacherColumns = []Column{
	{Key: "teacher_id", ZH: "教职工号", Required: true, Aliases: []string{"工号", "教职工编号", "职工号", "教师编号", "教师编码", "教师id", "id"}},
	{Key: "name", ZH: "姓名", Required: true, Aliases: []string{"教师姓名", "名字", "teacher_name"}},
	{Key: "id_number", ZH: "身份证件号", Aliases: []string{"身份证号", "身份证号码", "身份证件号码", "证件号码", "id_card"}},
	{Key: "gender", ZH: "性别", Required: true, Aliases: []string{"sex"}},
	{Key: "birth", ZH: "出生年月", Required: true, Aliases: []string{"出生日期", "出生年月日", "birth_date", "birthday", "born"}},
	{Key: "school_id", ZH: "学校代码", Required: true, Aliases: []string{"学校标识码", "所在学校代码", "任职学校代码", "编制学校代码", "学校编码", "school"}},
	{Key: "stage", ZH: "任教学段", Required: true, Aliases: []string{"学段"}},
	{Key: "subject", ZH: "任教学科", Required: true, Aliases: []string{"学科", "主教学科", "任教科目"}},
	{Key: "education", ZH: "最高学历", Required: true, Aliases: []string{"学历"}},
	{Key: "title", ZH: "职称", Aliases: []string{"专业技术职务", "专业技术职称", "职称等级"}},
	{Key: "backbone", ZH: "骨干教师级别", Required: true, Aliases: []string{"骨干教师", "骨干级别", "是否骨干教师", "骨干"}},
	{Key: "joined_school", ZH: "进本校年月", Required: true, Aliases: []string{"进入本校年月", "进本校时间", "进入本校时间", "到校年月", "来校年月", "调入本校年月", "joined"}},
	{Key: "principal", ZH: "是否校长", Aliases: []string{"校长"}},
	{Key: "volunteer", ZH: "自愿交流", Aliases: []string{"是否自愿交流", "自愿"}},
	{Key: "exempt", ZH: "暂缓原因", Aliases: []string{"暂缓交流原因", "暂缓"}},
	{Key: "serving_school_id", ZH: "现任教学校", Aliases: []string{"现任教学校代码", "现任教学校标识码", "serving_school"}},
	{Key: "graduating_class", ZH: "毕业班", Aliases: []string{"是否毕业班", "任教毕业班"}},
	{Key: "principal_since", ZH: "任现职年月", Aliases: []string{"任校长年月", "任现职时间", "校长任职年月", "任职年月", "principal_from"}},
}

// DistanceColumns are the columns of distances.csv.
var DistanceColumns = []Column{
	{Key: "from_school_id", ZH: "学校代码1", Required: true, Aliases: []string{"起点学校代码", "出发学校代码", "from"}},
	{Key: "to_school_id", ZH: "学校代码2", Required: true, Aliases: []string{"终点学校代码", "到达学校代码", "to"}},
	{Key: "km", ZH: "距离公里", Required: true, Aliases: []string{"距离", "公里", "里程", "distance", "distance_km"}},
}

// PinColumns are the columns of pins.csv.
var PinColumns = []Column{
	{Key: "teacher_id", ZH: "教职工号", Required: true, Aliases: []string{"工号", "教职工编号", "职工号", "教师编号"}},
	{Key: "action", ZH: "操作", Required: true, Aliases: []string{"动作", "类型"}},
	{Key: "to_school_id", ZH: "调入学校代码", Aliases: []string{"目标学校代码", "交流学校代码", "学校代码", "school_id"}},
}

// AssignmentColumns are the columns of a plan file read back by
// ReadAssignments: the two required columns, then the columns rotaplan
// writes, which are accepted silently.
var AssignmentColumns = []Column{
	{Key: "teacher_id", ZH: "教职工号", Required: true, Aliases: []string{"工号", "教职工编号", "职工号", "教师编号"}},
	{Key: "to_school_id", ZH: "调入学校代码", Required: true, Aliases: []string{"交流学校代码", "目标学校代码", "调入学校标识码", "调入学校", "交流学校", "to_school"}},
	{Key: "from_school_id", ZH: "调出学校代码", Aliases: []string{"原学校代码", "派出学校代码", "调出学校标识码"}},
	{Key: "name", ZH: "姓名", Aliases: []string{"教师姓名"}},
	{Key: "stage", ZH: "学段", Aliases: []string{"任教学段"}},
	{Key: "subject", ZH: "学科", Aliases: []string{"任教学科"}},
	{Key: "backbone", ZH: "骨干", Aliases: []string{"骨干教师", "骨干教师级别", "骨干级别"}},
	{Key: "km", ZH: "距离公里", Aliases: []string{"距离", "距离km", "公里"}},
	{Key: "reasons", ZH: "理由", Aliases: []string{"交流理由", "原因", "说明", "reason"}},
	{Key: "from_school", ZH: "调出学校", Aliases: []string{"调出学校名称", "原学校", "原学校名称", "from_school_name"}},
	{Key: "to_school_name", ZH: "调入学校名称", Aliases: []string{"交流学校名称", "目标学校名称"}},
	{Key: "no", ZH: "序号", Aliases: []string{"编号", "#"}},
	{Key: "gender", ZH: "性别"},
	{Key: "title", ZH: "职称"},
	{Key: "education", ZH: "学历", Aliases: []string{"最高学历"}},
	{Key: "volunteer", ZH: "自愿", Aliases: []string{"自愿交流"}},
	{Key: "graduating_class", ZH: "毕业班"},
	{Key: "wish_rank", ZH: "志愿序号", Aliases: []string{"所得志愿", "志愿"}},
	{Key: "years_at_school", ZH: "本校任教年限", Aliases: []string{"任教年限", "本校年限"}},
	{Key: "cost", ZH: "代价", Aliases: []string{"soft", "score"}},
	{Key: "note", ZH: "备注", Aliases: []string{"notes", "remark"}},
	// The status against a baseline plan that plan --baseline writes
	// (kept, changed, new, pinned): read back without a warning, not used.
	{Key: "baseline", ZH: "与基准方案", Aliases: []string{"基准方案", "baseline_status"}},
	// The identity number that the rotation list carries with
	// --include-id-number: read, so such a list reads back without a
	// warning, and checked against the dataset.
	{Key: "id_number", ZH: "身份证件号", Aliases: []string{"身份证号", "身份证号码", "身份证件号码", "证件号码", "id_card"}},
}

// headerKey is the form in which header names are compared: without `*`
// marks, spaces of any width, underscores, hyphens and a BOM, lower case,
// with full-width parentheses and colons made ASCII.
func headerKey(h string) string {
	var b strings.Builder
	b.Grow(len(h))
	for _, r := range h {
		switch r {
		case '*', '＊', ' ', '\t', '\r', '\n', '\u3000', '\u00a0', '\ufeff', '_', '-', ':', '：':
			continue
		case '（':
			r = '('
		case '）':
			r = ')'
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// stripUnit removes a trailing parenthesised unit or note such as "(㎡)" or
// "(必填)" from a header key.
func stripUnit(k string) string {
	if strings.HasSuffix(k, ")") {
		if i := strings.LastIndexByte(k, '('); i > 0 {
			return k[:i]
		}
	}
	return k
}

// columnSet is a file's known columns with their header lookup.
type columnSet struct {
	cols   []Column
	lookup map[string]colRef
}

type colRef struct{ col, rank int }

func newColumnSet(cols []Column) *columnSet {
	cs := &columnSet{cols: cols, lookup: make(map[string]colRef)}
	for i, c := range cols {
		names := append([]string{c.Key, c.ZH}, c.Aliases...)
		for rank, n := range names {
			k := headerKey(n)
			if _, dup := cs.lookup[k]; !dup {
				cs.lookup[k] = colRef{col: i, rank: rank}
			}
		}
	}
	return cs
}

var (
	schoolColumnSet     = newColumnSet(SchoolColumns)
	teacherColumnSet    = newColumnSet(TeacherColumns)
	distanceColumnSet   = newColumnSet(DistanceColumns)
	pinColumnSet        = newColumnSet(PinColumns)
	assignmentColumnSet = newColumnSet(AssignmentColumns)
)

// find returns the known column a header cell names, or false.
func (cs *columnSet) find(h string) (colRef, bool) {
	k := headerKey(h)
	if r, ok := cs.lookup[k]; ok {
		return r, true
	}
	if s := stripUnit(k); s != k {
		r, ok := cs.lookup[s]
		return r, ok
	}
	return colRef{}, false
}

// columnMap locates the known columns in a table's header: pos[i] is the
// table column of cs.cols[i], or -1.
type columnMap struct {
	pos []int
}

// mapHeader matches the header of t to the known columns. It reports
// missing required columns as errors and unknown columns as one warning.
// When two columns name the same field the one with the more canonical name
// wins, with a warning when warnDup is set.
func mapHeader(t *Table, cs *columnSet, warnDup bool) (columnMap, Problems) {
	var probs Problems
	m := columnMap{pos: make([]int, len(cs.cols))}
	rank := make([]int, len(cs.cols))
	for i := range m.pos {
		m.pos[i] = -1
	}
	var unknown []string
	for j, h := range t.Header {
		if h == "" {
			continue
		}
		ref, ok := cs.find(h)
		if !ok {
			unknown = append(unknown, h)
			continue
		}
		if p := m.pos[ref.col]; p >= 0 {
			keep, drop := p, j
			if ref.rank < rank[ref.col] {
				keep, drop = j, p
				m.pos[ref.col], rank[ref.col] = j, ref.rank
			}
			if warnDup {
				probs = append(probs, Problem{
					Severity: Warning, File: t.Name, Line: t.HeaderLine, Column: t.Header[drop],
					Message: fmt.Sprintf("column %s also gives %s (%s); using column %s", t.Header[drop], cs.cols[ref.col].Key, cs.cols[ref.col].ZH, t.Header[keep]),
				})
			}
			continue
		}
		m.pos[ref.col], rank[ref.col] = j, ref.rank
	}
	for i, c := range cs.cols {
		if c.Required && m.pos[i] < 0 {
			probs = append(probs, Problem{
				Severity: Error, File: t.Name, Line: t.HeaderLine,
				Message: fmt.Sprintf("missing required column %s (%s)", c.Key, c.ZH),
			})
		}
	}
	if len(unknown) > 0 {
		probs = append(probs, Problem{
			Severity: Warning, File: t.Name, Line: t.HeaderLine,
			Message: fmt.Sprintf("unknown column(s) ignored: %s", strings.Join(unknown, ", ")),
		})
	}
	return m, probs
}

// has reports whether the table has column i.
func (m columnMap) has(i int) bool { return m.pos[i] >= 0 }
