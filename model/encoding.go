package model

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding names recorded in FileInfo.Encoding.
const (
	EncUTF8    = "utf-8"     // UTF-8 without BOM (plain ASCII included)
	EncUTF8BOM = "utf-8-bom" // UTF-8 with a byte-order mark, as Excel writes "CSV UTF-8"
	EncGB18030 = "gb18030"   // GB18030, a superset of GBK and GB2312 (Excel on Chinese Windows)
	EncUTF16LE = "utf-16le"  // UTF-16 little endian, as Excel writes "Unicode text"
	EncUTF16BE = "utf-16be"  // UTF-16 big endian, rare
	EncXLSX    = "xlsx"      // an Excel workbook
)

var (
	bomUTF8    = []byte{0xef, 0xbb, 0xbf}
	bomUTF16LE = []byte{0xff, 0xfe}
	bomUTF16BE = []byte{0xfe, 0xff}
)

// DecodeText turns the bytes of a text file into UTF-8 without a BOM and
// names the encoding it found. forced, when not empty, overrides detection:
// "utf-8" (also "utf8"), "gbk", "gb18030" or "gb2312", "utf-16le" (also
// "utf-16", "unicode"), "utf-16be". Detection looks for a BOM first, then
// accepts valid UTF-8, then UTF-16LE without BOM when every other byte of the
// first characters is zero, and falls back to GB18030. A UTF-8 BOM wins over
// a forced GBK, so a plan file that rotaplan wrote reads under
// --encoding gbk too.
//
// Text that would come out garbled is refused rather than guessed: a file
// whose lines are partly UTF-8 and partly GBK (the error names which lines
// are which), and a file forced as GBK whose Chinese text is valid UTF-8.
func DecodeText(data []byte, forced string) ([]byte, string, error) {
	enc, err := detectEncoding(data, forced)
	if err != nil {
		return nil, "", err
	}
	switch enc {
	case EncUTF8, EncUTF8BOM:
		hasBOM := bytes.HasPrefix(data, bomUTF8)
		data = bytes.TrimPrefix(data, bomUTF8)
		if !utf8.Valid(data) {
			if err := checkOneEncoding(data); err != nil {
				return nil, "", err
			}
			if !hasBOM {
				return nil, "", fmt.Errorf("file is not valid UTF-8; save it as UTF-8 or pass the encoding (gbk)")
			}
			// The mark says UTF-8, but the text is GBK throughout: it is
			// read as GBK, as a file without the mark would be, unless
			// UTF-8 was asked for.
			if forced != "" && !forcedGBK(forced) {
				return nil, "", errors.New("the file starts with the UTF-8 byte-order mark but its text is GBK: save it as UTF-8, or drop --encoding")
			}
			out, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), data)
			if err != nil {
				return nil, "", fmt.Errorf("decode gb18030: %w", err)
			}
			return out, EncGB18030, nil
		}
		return data, enc, nil
	case EncGB18030:
		if err := checkOneEncoding(data); err != nil {
			return nil, "", err
		}
		if forced != "" && looksUTF8(data) {
			return nil, "", errors.New("the file looks like UTF-8, not GBK: drop --encoding or use --encoding utf-8")
		}
		out, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), data)
		if err != nil {
			return nil, "", fmt.Errorf("decode gb18030: %w", err)
		}
		return out, enc, nil
	case EncUTF16LE, EncUTF16BE:
		if forced != "" && len(data) > 0 && bytes.IndexByte(data, 0) < 0 {
			return nil, "", errors.New("the file is not UTF-16 (it has no zero byte, which the commas and digits of UTF-16 text have): drop --encoding or use --encoding utf-8 or gbk")
		}
		order := unicode.LittleEndian
		if enc == EncUTF16BE {
			order = unicode.BigEndian
		}
		out, _, err := transform.Bytes(unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder(), data)
		if err != nil {
			return nil, "", fmt.Errorf("decode %s: %w", enc, err)
		}
		return bytes.TrimPrefix(out, bomUTF8), enc, nil
	}
	return nil, "", fmt.Errorf("unknown encoding %q", enc)
}

// forcedGBK reports whether the forced encoding is GBK or one of its names.
func forcedGBK(forced string) bool {
	switch Normalize(forced) {
	case "gbk", "gb18030", "gb2312", "cp936", "gb":
		return true
	}
	return false
}

// detectEncoding names the encoding of data, or checks and canonicalises forced.
func detectEncoding(data []byte, forced string) (string, error) {
	if forced != "" {
		switch Normalize(forced) {
		case "utf-8", "utf8", "utf-8-bom", "utf8bom":
			if bytes.HasPrefix(data, bomUTF8) {
				return EncUTF8BOM, nil
			}
			return EncUTF8, nil
		case "gbk", "gb18030", "gb2312", "cp936", "gb":
			if bytes.HasPrefix(data, bomUTF8) {
				return EncUTF8BOM, nil // the mark of Excel's CSV UTF-8 and of rotaplan's own files
			}
			return EncGB18030, nil
		case "utf-16le", "utf16le", "utf-16", "utf16", "unicode", "ucs-2":
			return EncUTF16LE, nil
		case "utf-16be", "utf16be":
			return EncUTF16BE, nil
		}
		return "", fmt.Errorf("unknown encoding %q, want utf-8, gbk, gb18030 or utf-16le", forced)
	}
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		return EncUTF8BOM, nil
	case bytes.HasPrefix(data, bomUTF16LE):
		return EncUTF16LE, nil
	case bytes.HasPrefix(data, bomUTF16BE):
		return EncUTF16BE, nil
	case looksUTF16LE(data):
		return EncUTF16LE, nil
	case utf8.Valid(data):
		return EncUTF8, nil
	}
	return EncGB18030, nil
}

// looksUTF16LE reports whether data starts like UTF-16LE text without a BOM:
// ASCII characters (commas, tabs, digits, line ends) have a zero high byte
// at odd offsets, while no UTF-8 or GB18030 text has NUL bytes at all.
func looksUTF16LE(data []byte) bool {
	n := min(len(data), 128) &^ 1
	odd, even := 0, 0
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	return odd >= 2 && even == 0
}

// Line classes of checkOneEncoding.
const (
	lineUTF8    = iota // valid UTF-8 with Chinese text
	lineGBK            // not UTF-8, valid GB18030
	lineNeither        // neither
	numLineClasses
)

var lineClassNames = [numLineClasses]string{"UTF-8", "GBK", "neither UTF-8 nor GBK"}

// maxRangesListed bounds the line ranges an encoding error lists per class.
const maxRangesListed = 4

// checkOneEncoding refuses text whose lines with non-ASCII bytes are in more
// than one encoding, as when a GBK file and a UTF-8 file were joined: some
// lines are valid UTF-8 holding Chinese text, others are not UTF-8. Lines
// that are valid UTF-8 only by chance (GBK bytes can be, decoding to Latin
// or Cyrillic letters) do not count as UTF-8.
func checkOneEncoding(data []byte) error {
	var ranges [numLineClasses][][2]int
	last := -1 // class of the last classified line
	line := 0
	for len(data) > 0 {
		line++
		var l []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			l, data = data, nil
		}
		if isASCII(l) {
			continue
		}
		c := lineNeither
		switch {
		case utf8.Valid(l):
			if !readsAsUTF8(l) {
				continue // GBK that is valid UTF-8 by chance, or too short to tell
			}
			c = lineUTF8
		case validGB18030(l):
			c = lineGBK
		}
		if c == last {
			ranges[c][len(ranges[c])-1][1] = line
		} else {
			ranges[c] = append(ranges[c], [2]int{line, line})
		}
		last = c
	}
	if len(ranges[lineUTF8]) == 0 || len(ranges[lineGBK])+len(ranges[lineNeither]) == 0 {
		return nil
	}
	// Classes in the order of their first line.
	classes := []int{lineUTF8, lineGBK, lineNeither}
	sort.SliceStable(classes, func(i, j int) bool {
		a, b := ranges[classes[i]], ranges[classes[j]]
		return len(a) > 0 && (len(b) == 0 || a[0][0] < b[0][0])
	})
	var parts []string
	for _, c := range classes {
		if rs := ranges[c]; len(rs) > 0 {
			parts = append(parts, describeLines(rs)+" "+lineClassNames[c])
		}
	}
	return fmt.Errorf("mixed encodings: %s: save the file in one encoding (UTF-8 or GBK)", strings.Join(parts, ", "))
}

// describeLines writes line ranges as "lines 2-40, 81 are", listing at most
// maxRangesListed of them.
func describeLines(rs [][2]int) string {
	var b strings.Builder
	b.WriteString("line")
	if len(rs) > 1 || rs[0][0] != rs[0][1] {
		b.WriteString("s")
	}
	for i, r := range rs {
		if i == maxRangesListed {
			fmt.Fprintf(&b, " and %d more ranges", len(rs)-i)
			break
		}
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " %d", r[0])
		if r[1] != r[0] {
			fmt.Fprintf(&b, "-%d", r[1])
		}
	}
	if len(rs) > 1 || rs[0][0] != rs[0][1] {
		b.WriteString(" are")
	} else {
		b.WriteString(" is")
	}
	return b.String()
}

// looksUTF8 reports whether data is valid UTF-8 and most of its lines with
// non-ASCII bytes read as Chinese in UTF-8, so that decoding it as GBK would
// garble it.
func looksUTF8(data []byte) bool {
	data = bytes.TrimPrefix(data, bomUTF8)
	if !utf8.Valid(data) {
		return false
	}
	yes, no := 0, 0
	for len(data) > 0 {
		var l []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			l, data = data, nil
		}
		switch {
		case isASCII(l):
		case readsAsUTF8(l):
			yes++
		default:
			no++
		}
	}
	return yes > no
}

// readsAsUTF8 reports whether a line of valid UTF-8 reads as Chinese text in
// UTF-8 rather than GBK: its characters are Chinese (see chineseUTF8) and a
// larger share of them are GB2312 hanzi (the 6,763 characters of everyday
// text) than when its bytes are read as GBK. GBK text that happens to be
// valid UTF-8 decodes to letters or to rare, random characters.
func readsAsUTF8(line []byte) bool {
	if !chineseUTF8(line) {
		return false
	}
	common := gb2312Hanzi()
	var nu, cu int
	for _, r := range string(line) {
		if r >= 0x80 {
			nu++
			if r >= 0x4e00 && r <= 0x9fff && common[r-0x4e00] {
				cu++
			}
		}
	}
	var ng, cg int
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c < 0x80:
			i++
			continue
		case i+1 < len(line) && line[i+1] >= 0x30 && line[i+1] <= 0x39:
			i += 4
		default:
			if c >= 0xb0 && c <= 0xf7 && i+1 < len(line) && line[i+1] >= 0xa1 && line[i+1] <= 0xfe {
				cg++
			}
			i += 2
		}
		ng++
	}
	return cu*ng > cg*nu
}

// gb2312Hanzi marks the 6,763 hanzi of GB2312 (GBK B0A1-F7FE) by their
// offset from U+4E00.
var gb2312Hanzi = sync.OnceValue(func() []bool {
	common := make([]bool, 0xa000-0x4e00)
	dec := simplifiedchinese.GBK.NewDecoder()
	pair := make([]byte, 2)
	for hi := byte(0xb0); hi <= 0xf7; hi++ {
		for lo := byte(0xa1); lo <= 0xfe; lo++ {
			pair[0], pair[1] = hi, lo
			out, err := dec.Bytes(pair)
			if err != nil {
				continue
			}
			if r, _ := utf8.DecodeRune(out); r >= 0x4e00 && r <= 0x9fff {
				common[r-0x4e00] = true
			}
		}
	}
	return common
})

// chineseUTF8 reports whether valid UTF-8 text holds Chinese characters and
// no letters of the kind GBK bytes decode to when read as UTF-8 by chance:
// a two-byte GBK character that happens to be valid UTF-8 is always a
// letter below U+0800 (Latin, Greek, Cyrillic, Arabic...).
func chineseUTF8(text []byte) bool {
	cjk := false
	for _, r := range string(text) {
		switch {
		case r < 0x80:
		case isCJK(r):
			cjk = true
		case r == 0xfeff, r >= 0xa0 && r <= 0xbf, r == 0xd7, r == 0xf7, // BOM, ·, ° and ×, ÷
			r >= 0x2000 && r <= 0x206f, // general punctuation: — “ ” …
			r >= 0x2100 && r <= 0x218f, // ℃ № Ⅲ
			r >= 0x2460 && r <= 0x24ff: // ①
		default:
			return false
		}
	}
	return cjk
}

// isCJK reports whether r is a Chinese character or CJK punctuation or a
// full-width form.
func isCJK(r rune) bool {
	switch {
	case r >= 0x2e80 && r <= 0x2fdf, // radicals
		r >= 0x3000 && r <= 0x303f,   // CJK punctuation: 、。《》【】
		r >= 0x3400 && r <= 0x4dbf,   // extension A
		r >= 0x4e00 && r <= 0x9fff,   // unified ideographs
		r >= 0xf900 && r <= 0xfaff,   // compatibility ideographs
		r >= 0xfe30 && r <= 0xfe4f,   // compatibility forms
		r >= 0xff00 && r <= 0xffef,   // full-width forms
		r >= 0x20000 && r <= 0x3134f: // extensions B to G
		return true
	}
	return false
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// validGB18030 reports whether b is a well-formed GB18030 byte sequence:
// ASCII, two-byte characters (81-FE, 40-7E or 80-FE) and four-byte ones
// (81-FE, 30-39, 81-FE, 30-39).
func validGB18030(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < 0x80:
			i++
			continue
		case c == 0x80 || c == 0xff || i+1 >= len(b):
			return false
		}
		c2 := b[i+1]
		switch {
		case c2 >= 0x40 && c2 <= 0xfe && c2 != 0x7f:
			i += 2
		case c2 >= 0x30 && c2 <= 0x39 && i+3 < len(b) &&
			b[i+2] >= 0x81 && b[i+2] <= 0xfe && b[i+3] >= 0x30 && b[i+3] <= 0x39:
			i += 4
		default:
			return false
		}
	}
	return true
}
