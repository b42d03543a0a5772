package gen

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Surnames roughly in order of frequency in Hunan; draws favour the front.
var surnames = []string{
	"刘", "李", "陈", "王", "张", "周", "彭", "罗", "谭", "曾", "邓", "杨", "黄", "吴", "易",
	"胡", "唐", "蒋", "肖", "何", "欧阳", "文", "廖", "贺", "朱", "龙", "谢", "赵", "徐", "邱",
	"郭", "汤", "戴", "雷", "陶", "袁", "曹", "钟", "向", "田", "姚", "丁", "孙", "石", "夏",
	"许", "尹", "熊", "付", "邹", "颜", "毛", "伍", "左", "方", "高", "梁", "任", "龚", "宋",
	"卢", "冯", "段", "严", "余", "万", "范", "魏", "林", "苏", "潘", "蔡", "覃", "舒", "司马",
}

var (
	maleGiven = []string{
		"伟", "强", "军", "勇", "杰", "涛", "斌", "波", "辉", "刚", "明", "平", "俊", "峰", "磊",
		"建", "国", "华", "志", "文", "德", "海", "林", "鹏", "飞", "宇", "浩", "然", "凯", "超",
		"洪", "卫", "东", "新", "成", "龙", "泽", "锋", "毅", "坚", "武", "松", "振", "家", "树",
	}
	femaleGiven = []string{
		"芳", "娟", "敏", "静", "丽", "艳", "燕", "霞", "红", "玲", "萍", "琴", "英", "梅", "兰",
		"慧", "婷", "雪", "莉", "琳", "倩", "婧", "颖", "洁", "佳", "璐", "晶", "媛", "蓉", "丹",
		"春", "秀", "珍", "凤", "娜", "欣", "怡", "月", "瑶", "晓", "思", "雨", "诗", "文", "青",
	}
	placeFirst = []string{
		"青", "白", "石", "桃", "杨", "柳", "黄", "龙", "凤", "金", "花", "大", "新", "高", "长",
		"双", "三", "马", "鹤", "梅", "兰", "竹", "松", "枫", "茶", "沙", "清", "云", "月", "东",
		"西", "南", "北", "上", "下", "古", "樟", "湘", "泉", "雁", "荷", "莲", "安", "永", "福",
		"太", "平", "和", "兴", "顺",
	}
	placeSecond = []string{
		"山", "溪", "江", "河", "桥", "湖", "塘", "坪", "岭", "冲", "湾", "田", "坡", "洲", "市",
		"铺", "口", "坝", "港", "林", "峰", "源", "阳", "岗", "家", "庄", "垅", "渡", "井", "滩",
	}
	urbanPrimaryNames = []string{
		"实验小学", "城关第一小学", "城关第二小学", "城东小学", "城西小学", "城南小学", "城北小学",
		"人民路小学", "解放路小学", "育才小学", "新城小学", "朝阳小学", "芙蓉小学", "滨江小学",
		"星沙小学", "湘江小学",
	}
	urbanJuniorNames = []string{
		"第一中学", "第二中学", "第三中学", "实验中学", "城关中学", "育英中学", "城东中学", "城西中学",
		"滨江中学", "新城中学",
	}
	urbanNineYearNames = []string{"实验学校", "外国语学校", "城南学校", "城北学校", "育才学校"}
)

// namer draws Chinese personal names and place names unique within a county.
type namer struct {
	r    *rand.Rand
	used map[string]bool
}

func newNamer(r *rand.Rand) *namer { return &namer{r: r, used: map[string]bool{}} }

// skewed draws an index below n, favouring small ones.
func skewed(r *rand.Rand, n int) int {
	u := r.Float64()
	return int(u * u * float64(n))
}

// person returns a Chinese name: a surname and one or two given characters.
func (nm *namer) person(female bool) string {
	given := maleGiven
	if female {
		given = femaleGiven
	}
	name := surnames[skewed(nm.r, len(surnames))] + given[nm.r.IntN(len(given))]
	if nm.r.Float64() < 0.7 {
		name += given[nm.r.IntN(len(given))]
	}
	return name
}

// place returns a two-character place name not used before in the county.
func (nm *namer) place() string {
	for range 50 {
		p := placeFirst[nm.r.IntN(len(placeFirst))] + placeSecond[nm.r.IntN(len(placeSecond))]
		if !nm.used[p] {
			nm.used[p] = true
			return p
		}
	}
	// The name space is large enough that this is rare; a numbered name keeps it unique.
	for i := 1; ; i++ {
		p := fmt.Sprintf("%s%s%d", placeFirst[nm.r.IntN(len(placeFirst))], placeSecond[nm.r.IntN(len(placeSecond))], i)
		if !nm.used[p] {
			nm.used[p] = true
			return p
		}
	}
}

// listName returns the i-th name of a list, then numbered ones past its end:
// numbered holds %s for the Chinese numeral of i+1.
func listName(list []string, i int, numbered string) string {
	if i < len(list) {
		return list[i]
	}
	return fmt.Sprintf(numbered, zhNumber(i+1))
}

// zhNumber writes 1..99 in Chinese numerals, as in 第十七中学.
func zhNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + strings.TrimPrefix(digits[n%10], "零")
	case n < 100:
		return digits[n/10] + "十" + strings.TrimPrefix(digits[n%10], "零")
	}
	return fmt.Sprint(n)
}
