package model

import (
	"fmt"
	"strings"
)

// Stage is a school stage (学段). Indicators, thresholds and subject demand are
// per stage; a nine-year school has one part per stage.
type Stage uint8

// The two compulsory-education stages.
const (
	Primary Stage = iota // 小学
	Junior               // 初中
)

// NumStages is the number of stages; arrays indexed by Stage have this length.
const NumStages = 2

// Stages lists the stages in order.
var Stages = [NumStages]Stage{Primary, Junior}

var stageNames = enumNames{
	codes: []string{"primary", "junior"},
	zh:    []string{"小学", "初中"},
	alias: map[string]int{"小学段": 0, "初中段": 1, "1": 0, "2": 1, "primary school": 0, "junior high": 1, "middle": 1},
}

func (s Stage) String() string { return stageNames.code(int(s)) }

// ZH returns the Chinese name of the stage.
func (s Stage) ZH() string { return stageNames.chinese(int(s)) }

// ParseStage accepts an English code or a Chinese word.
func ParseStage(v string) (Stage, error) {
	i, err := stageNames.parse(v)
	return Stage(i), err
}

// SchoolType is a school's kind (办学类型) with its national code.
type SchoolType uint8

// School types with their national codes in comments.
const (
	PrimarySchool SchoolType = iota // 小学 211
	TeachingPoint                   // 教学点 218
	JuniorSchool                    // 初中 311
	NineYear                        // 九年一贯制学校 312
)

var schoolTypeNames = enumNames{
	codes: []string{"primary", "teaching_point", "junior", "nine_year"},
	zh:    []string{"小学", "教学点", "初中", "九年一贯制"},
	alias: map[string]int{
		"211": 0, "218": 1, "311": 2, "312": 3,
		"小学教学点": 1, "初级中学": 2, "九年一贯制学校": 3, "nine-year": 3, "teaching point": 1,
	},
}

func (t SchoolType) String() string { return schoolTypeNames.code(int(t)) }

// ZH returns the Chinese name of the school type.
func (t SchoolType) ZH() string { return schoolTypeNames.chinese(int(t)) }

// ParseSchoolType accepts an English code, a Chinese word or the national code.
func ParseSchoolType(v string) (SchoolType, error) {
	i, err := schoolTypeNames.parse(v)
	return SchoolType(i), err
}

// Teaches reports whether a school of this type teaches the stage.
func (t SchoolType) Teaches(s Stage) bool {
	switch t {
	case PrimarySchool, TeachingPoint:
		return s == Primary
	case JuniorSchool:
		return s == Junior
	case NineYear:
		return true
	}
	return false
}

// Locale is the urban/rural classification (城乡分类) of a school.
type Locale uint8

// Locales, coarsened from the national urban-rural codes.
const (
	Urban Locale = iota // 城区 111, 112
	Town                // 镇区 121, 122, 123
	Rural               // 乡村 210, 220
)

var localeNames = enumNames{
	codes: []string{"urban", "town", "rural"},
	zh:    []string{"城区", "镇区", "乡村"},
	alias: map[string]int{
		"111": 0, "112": 0, "121": 1, "122": 1, "123": 1, "210": 2, "220": 2,
		"城市": 0, "城镇": 1, "镇": 1, "农村": 2, "村": 2, "主城区": 0, "城乡结合区": 0,
		"镇中心区": 1, "镇乡结合区": 1, "特殊区域": 1, "乡中心区": 2, "村庄": 2,
	},
}

func (l Locale) String() string { return localeNames.code(int(l)) }

// ZH returns the Chinese name of the locale.
func (l Locale) ZH() string { return localeNames.chinese(int(l)) }

// ParseLocale accepts an English word, a Chinese word or a national code.
func ParseLocale(v string) (Locale, error) {
	i, err := localeNames.parse(v)
	return Locale(i), err
}

// Subject is a teaching subject (任教学科).
type Subject uint8

// Subjects of the 2022 compulsory curriculum plus special education and other.
const (
	Morality Subject = iota
	Chinese
	Math
	English
	History
	Geography
	Science
	Physics
	Chemistry
	Biology
	IT
	PE
	Music
	Art
	Labor
	Psychology
	Special
	Other
	NumSubjects int = iota
)

var subjectNames = enumNames{
	codes: []string{"morality", "chinese", "math", "english", "history", "geography", "science",
		"physics", "chemistry", "biology", "it", "pe", "music", "art", "labor", "psychology", "special", "other"},
	zh: []string{"道德与法治", "语文", "数学", "英语", "历史", "地理", "科学",
		"物理", "化学", "生物", "信息科技", "体育", "音乐", "美术", "劳动", "心理健康", "特殊教育", "其他"},
	alias: map[string]int{
		"思政": 0, "思想政治": 0, "道法": 0, "政治": 0, "品德与社会": 0, "品德与生活": 0, "maths": 2, "mathematics": 2,
		"外语": 3, "日语": 3, "俄语": 3, "foreign_language": 3, "生物学": 9, "信息技术": 10, "信息": 10,
		"体育与健康": 11, "physical_education": 11, "艺术": 13, "fine_art": 13, "fine_arts": 13, "综合实践": 14,
		"劳动教育": 14, "综合实践活动": 14, "labour": 14, "心理": 15, "心理健康教育": 15, "特教": 16, "其它": 17,
	},
}

func (s Subject) String() string { return subjectNames.code(int(s)) }

// ZH returns the Chinese name of the subject.
func (s Subject) ZH() string { return subjectNames.chinese(int(s)) }

// ParseSubject accepts an English code or a Chinese word.
func ParseSubject(v string) (Subject, error) {
	i, err := subjectNames.parse(v)
	return Subject(i), err
}

// IsPEArt reports whether the subject counts for indicator I3 (PE, music, fine art).
func (s Subject) IsPEArt() bool { return s == PE || s == Music || s == Art }

// Education is the highest degree (最高学历), ordered from lowest to highest.
type Education uint8

// Education levels in increasing order.
const (
	HighSchool Education = iota // 高中及以下
	Secondary                   // 中专/中师
	College                     // 专科/大专
	Bachelor                    // 本科
	Master                      // 硕士
	Doctor                      // 博士
)

var educationNames = enumNames{
	codes: []string{"high_school", "secondary", "college", "bachelor", "master", "doctor"},
	zh:    []string{"高中", "中专", "专科", "本科", "硕士", "博士"},
	alias: map[string]int{
		"高中及以下": 0, "初中及以下": 0, "中师": 1, "中专/中师": 1, "大专": 2, "专科/大专": 2, "associate": 2,
		"大学本科": 3, "研究生": 4, "硕士研究生": 4, "博士研究生": 5, "phd": 5,
	},
}

func (e Education) String() string { return educationNames.code(int(e)) }

// ZH returns the Chinese name of the education level.
func (e Education) ZH() string { return educationNames.chinese(int(e)) }

// ParseEducation accepts an English code or a Chinese word.
func ParseEducation(v string) (Education, error) {
	i, err := educationNames.parse(v)
	return Education(i), err
}

// Title is a professional title (职称), ordered from lowest to highest.
type Title uint8

// Titles in increasing order.
const (
	NoTitle   Title = iota // 未定级
	Third                  // 三级
	Second                 // 二级
	First                  // 一级
	Senior                 // 高级
	Professor              // 正高级
)

var titleNames = enumNames{
	codes: []string{"none", "third", "second", "first", "senior", "professor"},
	zh:    []string{"未定级", "三级", "二级", "一级", "高级", "正高级"},
	alias: map[string]int{
		"无": 0, "": 0, "三级教师": 1, "二级教师": 2, "一级教师": 3, "高级教师": 4, "正高级教师": 5,
		"小教二级": 2, "小教一级": 3, "小教高级": 4, "中教二级": 2, "中教一级": 3, "中教高级": 4,
	},
}

func (t Title) String() string { return titleNames.code(int(t)) }

// ZH returns the Chinese name of the title.
func (t Title) ZH() string { return titleNames.chinese(int(t)) }

// ParseTitle accepts an English code or a Chinese word; empty means none.
func ParseTitle(v string) (Title, error) {
	i, err := titleNames.parse(v)
	return Title(i), err
}

// Backbone is a backbone-teacher level (骨干教师级别); County and above count
// for indicator I2 and for the backbone share of the rotation quota.
type Backbone uint8

// Backbone levels in increasing order.
const (
	NotBackbone      Backbone = iota // 无
	CountyBackbone                   // 县级
	CityBackbone                     // 市级
	ProvinceBackbone                 // 省级
	NationalBackbone                 // 国家级
)

var backboneNames = enumNames{
	codes: []string{"none", "county", "city", "province", "national"},
	zh:    []string{"无", "县级", "市级", "省级", "国家级"},
	alias: map[string]int{
		"否": 0, "": 0, "no": 0, "false": 0, "0": 0, "是": 1, "yes": 1, "true": 1, "1": 1,
		"县级骨干": 1, "区级": 1, "县区级": 1, "市级骨干": 2, "地市级": 2, "省级骨干": 3, "国家级骨干": 4,
	},
}

func (b Backbone) String() string { return backboneNames.code(int(b)) }

// ZH returns the Chinese name of the backbone level.
func (b Backbone) ZH() string { return backboneNames.chinese(int(b)) }

// ParseBackbone accepts an English code, a Chinese word or a yes/no value
// (yes meaning county level); empty means none.
func ParseBackbone(v string) (Backbone, error) {
	i, err := backboneNames.parse(v)
	return Backbone(i), err
}

// IsBackbone reports whether the level counts as a backbone teacher.
func (b Backbone) IsBackbone() bool { return b >= CountyBackbone }

// Gender is a teacher's gender; it sets the retirement age.
type Gender uint8

// Genders with the national codes 1 and 2.
const (
	Male   Gender = iota // 男 1
	Female               // 女 2
)

var genderNames = enumNames{
	codes: []string{"male", "female"},
	zh:    []string{"男", "女"},
	alias: map[string]int{"1": 0, "2": 1, "m": 0, "f": 1, "男性": 0, "女性": 1},
}

func (g Gender) String() string { return genderNames.code(int(g)) }

// ZH returns the Chinese name of the gender.
func (g Gender) ZH() string { return genderNames.chinese(int(g)) }

// ParseGender accepts male/female, 男/女 or the national codes 1/2.
func ParseGender(v string) (Gender, error) {
	i, err := genderNames.parse(v)
	return Gender(i), err
}

// ParseBool accepts 是/否, yes/no, true/false, y/n, 1/0 and √/×; empty is false.
func ParseBool(v string) (bool, error) {
	switch Normalize(v) {
	case "", "否", "no", "n", "false", "f", "0", "×", "x", "无":
		return false, nil
	case "是", "yes", "y", "true", "t", "1", "√", "有":
		return true, nil
	}
	return false, fmt.Errorf("got %q, want 是/否, yes/no, true/false or 1/0", v)
}

// Normalize trims ASCII and full-width spaces and lower-cases ASCII letters,
// the form in which codes, words and headers are compared.
func Normalize(v string) string {
	v = strings.Trim(v, " \t\r\n\u3000\u00a0\ufeff")
	return strings.ToLower(v)
}

// enumNames maps the English codes, Chinese words and aliases of one enum.
type enumNames struct {
	codes []string
	zh    []string
	alias map[string]int
}

func (n enumNames) code(i int) string {
	if i < 0 || i >= len(n.codes) {
		return fmt.Sprintf("invalid(%d)", i)
	}
	return n.codes[i]
}

func (n enumNames) chinese(i int) string {
	if i < 0 || i >= len(n.zh) {
		return fmt.Sprintf("invalid(%d)", i)
	}
	return n.zh[i]
}

func (n enumNames) parse(v string) (int, error) {
	k := Normalize(v)
	for i, c := range n.codes {
		if k == c || k == n.zh[i] {
			return i, nil
		}
	}
	if i, ok := n.alias[k]; ok {
		return i, nil
	}
	return 0, fmt.Errorf("got %q, want one of %s", v, n.expected())
}

// expected lists the accepted codes with their Chinese words.
func (n enumNames) expected() string {
	parts := make([]string, len(n.codes))
	for i, c := range n.codes {
		parts[i] = c + "/" + n.zh[i]
	}
	return strings.Join(parts, ", ")
}
