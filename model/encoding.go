package model

import (
	"bytes"
	"fmt"
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
// first characters is zero, and falls back to GB18030.
func DecodeText(data []byte, forced string) ([]byte, string, error) {
	enc, err := detectEncoding(data, forced)
	if err != nil {
		return nil, "", err
	}
	switch enc {
	case EncUTF8, EncUTF8BOM:
		data = bytes.TrimPrefix(data, bomUTF8)
		if !utf8.Valid(data) {
			return nil, "", fmt.Errorf("file is not valid UTF-8; save it as UTF-8 or pass the encoding (gbk)")
		}
		return data, enc, nil
	case EncGB18030:
		out, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), data)
		if err != nil {
			return nil, "", fmt.Errorf("decode gb18030: %w", err)
		}
		return out, enc, nil
	case EncUTF16LE, EncUTF16BE:
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
