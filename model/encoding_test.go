package model

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// teacherLines returns n lines of teachers.csv starting at T<from>.
func teacherLines(from, n int) string {
	names := []string{"张伟", "李娜", "王芳", "刘洋", "陈静", "杨磊", "赵敏", "黄丽", "周杰", "吴婷"}
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "T%d,%s,男,1980-01,S1,小学,语文,本科,无,2010-09\n", from+i, names[(from+i)%len(names)])
	}
	return b.String()
}

const teacherHeader = "teacher_id,name,gender,birth,school_id,stage,subject,education,backbone,joined_school\n"

func TestDecodeTextMixed(t *testing.T) {
	utf := func(s string) []byte { return []byte(s) }
	gbk := func(s string) []byte { return gbkBytes([]byte(s)) }
	join := func(parts ...[]byte) []byte {
		var out []byte
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	var alternating []byte
	for i := range 12 {
		if i%2 == 0 {
			alternating = append(alternating, utf(teacherLines(i, 1))...)
		} else {
			alternating = append(alternating, gbk(teacherLines(i, 1))...)
		}
	}
	tests := []struct {
		name   string
		data   []byte
		forced string
		want   string // the error; empty means it decodes
	}{
		// The finding: a UTF-8 file with GBK lines appended was read as
		// GB18030 and the names came out garbled, with exit 0.
		{"utf-8 then gbk", join(utf(teacherHeader+teacherLines(0, 39)), gbk(teacherLines(39, 40))), "",
			"mixed encodings: lines 2-40 are UTF-8, lines 41-80 are GBK: save the file in one encoding"},
		{"gbk then utf-8 with a bom", join(gbk(teacherHeader+teacherLines(0, 2)), bomUTF8, utf(teacherLines(2, 2))), "",
			"lines 2-3 are GBK, lines 4-5 are UTF-8"},
		{"chinese header in utf-8", join(utf("教职工号,姓名\n"), gbk("T1,张伟\nT2,李娜\n")), "",
			"line 1 is UTF-8, lines 2-3 are GBK"},
		{"crlf", join(utf("a,b\r\nT1,张伟\r\n"), gbk("T2,李娜\r\n")), "",
			"line 2 is UTF-8, line 3 is GBK"},
		{"ranges listed up to a limit", join(utf(teacherHeader), alternating), "",
			"lines 2, 4, 6, 8 and 2 more ranges are UTF-8, lines 3, 5, 7, 9 and 2 more ranges are GBK"},
		{"neither encoding", join(utf("a,b\nT1,张伟\n"), []byte("T2,\x80\x80\n")), "",
			"line 2 is UTF-8, line 3 is neither UTF-8 nor GBK"},
		{"forced gbk", join(utf(teacherHeader+teacherLines(0, 3)), gbk(teacherLines(3, 3))), "gbk",
			"lines 2-4 are UTF-8, lines 5-7 are GBK"},
		{"forced utf-8", join(utf(teacherHeader+teacherLines(0, 3)), gbk(teacherLines(3, 3))), "utf-8",
			"lines 2-4 are UTF-8, lines 5-7 are GBK"},
		// The finding: --encoding gbk on a UTF-8 file garbled every name.
		{"forced gbk on utf-8", utf(teacherHeader + teacherLines(0, 5)), "gbk",
			"the file looks like UTF-8, not GBK: drop --encoding or use --encoding utf-8"},
		// A UTF-8 BOM wins over the forced encoding: rotaplan's own plan
		// files read under --encoding gbk.
		{"forced gb18030 on utf-8 with a bom", join(bomUTF8, utf("学校代码,名称\n001,城关小学\n")), "gb18030", ""},
		{"gbk alone", gbk(teacherHeader + teacherLines(0, 50)), "", ""},
		{"forced gbk on ascii", utf("a,b\n1,2\n"), "gbk", ""},
		// 女 in GBK (C5 AE) is valid UTF-8 for Ů: auto detection takes
		// UTF-8, so forcing GBK must stay possible.
		{"forced gbk on gbk that is valid utf-8", gbk("name,gender\nT1,女\nT2,女\n"), "gbk", ""},
		{"utf-8 with a line of gbk valid as utf-8", join(utf("a,b\nT1,张伟\n"), gbk("T2,女\n")), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := DecodeText(tt.data, tt.forced)
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestLoadMixedEncodings(t *testing.T) {
	teachers := append([]byte(strings.Join(strings.SplitAfter(miniTeachers, "\n")[:3], "")),
		gbkBytes([]byte(strings.Join(strings.SplitAfter(miniTeachers, "\n")[3:], "")))...)
	tests := []struct {
		name string
		fsys fstest.MapFS
		opt  LoadOptions
		file string
		want string
	}{
		{"mixed teachers", fstest.MapFS{
			"schools.csv":  {Data: []byte(miniSchools)},
			"teachers.csv": {Data: teachers},
		}, LoadOptions{}, "teachers.csv", "cannot read table: mixed encodings: lines 2-3 are UTF-8, lines 4-5 are GBK"},
		{"forced gbk", miniFS(t), LoadOptions{Encoding: "gbk"}, "schools.csv", "the file looks like UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, probs, err := LoadFS(tt.fsys, tt.opt)
			assert.Nil(t, in)
			require.Error(t, err)
			for _, p := range probs {
				if p.Severity == Error && p.File == tt.file && strings.Contains(p.Message, tt.want) {
					return
				}
			}
			t.Errorf("got problems:\n%swant an error on %s containing %q", problemList(probs), tt.file, tt.want)
		})
	}
}

// GBK text that happens to be valid UTF-8 must not read as UTF-8, or a
// GBK file would be refused as mixed; UTF-8 Chinese text must.
func TestReadsAsUTF8(t *testing.T) {
	var hanzi [][]byte // every GB2312 hanzi in GBK
	for hi := 0xb0; hi <= 0xf7; hi++ {
		for lo := 0xa1; lo <= 0xfe; lo++ {
			hanzi = append(hanzi, []byte{byte(hi), byte(lo)})
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	valid := 0
	for n := 1; n <= 4; n++ {
		for range 100_000 {
			line := []byte("T1,")
			for range n {
				line = append(line, hanzi[r.IntN(len(hanzi))]...)
			}
			line = append(line, ",male"...)
			if !utf8.Valid(line) {
				continue
			}
			valid++
			if readsAsUTF8(line) {
				t.Fatalf("GBK line %x reads as UTF-8 %q", line, line)
			}
		}
	}
	assert.Greater(t, valid, 1000, "got %d GBK lines valid as UTF-8, want many to test", valid)

	for _, line := range strings.Split(teacherLines(0, 10)+miniSchools+"阿依古丽·买买提,“骨干”教师（县级）,①\n", "\n") {
		if !isASCII([]byte(line)) {
			assert.True(t, readsAsUTF8([]byte(line)), "got %q not read as UTF-8", line)
		}
	}
}

func TestValidGB18030(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"ascii", []byte("a,b"), true},
		{"gbk", gbkBytes([]byte("城关小学,男")), true},
		{"four bytes", []byte{0x81, 0x30, 0x81, 0x30}, true},
		{"lone lead", []byte{'a', 0xb0}, false},
		{"bad trail", []byte{0xb0, 0x7f}, false},
		{"0x80", []byte{0x80, 0x41}, false},
		{"short four bytes", []byte{0x81, 0x30, 0x81}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := validGB18030(tt.data)
			assert.Equal(t, tt.want, got, "got %v, want %v", got, tt.want)
		})
	}
}

// TestDecodeTextBOMThenGBK checks a file that starts with the UTF-8
// byte-order mark but holds GBK text throughout, as some tools write: it
// is read as GBK, as it would be without the mark, unless UTF-8 is forced.
func TestDecodeTextBOMThenGBK(t *testing.T) {
	text := "教职工号,交流学校代码,开始年月,交流方式\n10002,4301000004,2016-09,支教\n"
	data := append([]byte("\ufeff"), gbkBytes([]byte(text))...)
	tests := []struct {
		name   string
		forced string
		want   string // the text read, "" when refused
		err    string
	}{
		{"detected", "", text, ""},
		{"forced gbk", "gbk", text, ""},
		{"forced gb18030", "GB18030", text, ""},
		{"forced utf-8", "utf-8", "", "starts with the UTF-8 byte-order mark but its text is GBK: save it as UTF-8, or drop --encoding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := DecodeText(data, tt.forced)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
		})
	}
}

// TestDecodeTextForcedUTF16 checks that --encoding utf-16le on a file that
// is not UTF-16 (no zero byte in it, where the commas and digits of any
// UTF-16 table have one) is refused with a way out, not read as garbage.
func TestDecodeTextForcedUTF16(t *testing.T) {
	_, _, err := DecodeText([]byte("teacher_id,rank,school_id\n10002,1,4301000004\n"), "utf-16le")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the file is not UTF-16 (it has no zero byte, which the commas and digits of UTF-16 text have): drop --encoding")

	u16, _, err := DecodeText([]byte("a\x00,\x00b\x00\n\x00"), "utf-16le")
	require.NoError(t, err)
	assert.Equal(t, "a,b\n", string(u16))
}
