package document

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// UTF8BOM starts every CSV file of rotaplan; it makes Excel open a UTF-8
// CSV as UTF-8.
const UTF8BOM = "\ufeff"

// csvWriter writes the CSV files of rotaplan, which people open in Excel,
// WPS or LibreOffice: UTF-8 with a BOM, every cell made inert by
// inertCell. Every CSV file the commands write goes through it.
type csvWriter struct {
	buf *bufio.Writer
	w   *csv.Writer
	rec []string // the record as written; the caller's is left alone
}

// newCSVWriter starts a CSV file on w with the BOM.
func newCSVWriter(w io.Writer) *csvWriter {
	buf := bufio.NewWriter(w)
	buf.WriteString(UTF8BOM) // an error stays in buf for Flush
	return &csvWriter{buf: buf, w: csv.NewWriter(buf)}
}

// Write writes one record.
func (c *csvWriter) Write(rec []string) error {
	c.rec = c.rec[:0]
	for _, v := range rec {
		c.rec = append(c.rec, inertCell(v))
	}
	return c.w.Write(c.rec)
}

// Flush writes what is buffered to the underlying writer and returns the
// first error of any write.
func (c *csvWriter) Flush() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	return c.buf.Flush()
}

// inertCell is the cell v as a spreadsheet will show it rather than run
// it: text that starts with = + - or @, after any spaces, tabs or line
// breaks, or that starts with a tab or carriage return, gets a leading
// single quote, as OWASP advises against CSV injection. Plain numbers such
// as "-2.50" and a lone "-" (no value) compute nothing and stay as they
// are.
func inertCell(v string) string {
	if v == "" || v == "-" || plainNumber(v) {
		return v
	}
	if v[0] == '\t' || v[0] == '\r' {
		return "'" + v
	}
	if t := strings.TrimLeft(v, " \t\r\n"); t != "" && strings.IndexByte("=+-@", t[0]) >= 0 {
		return "'" + v
	}
	return v
}

// plainNumber reports whether v is a decimal number without exponent, as
// the CSV files write numbers: an optional sign, digits and at most one
// point.
func plainNumber(v string) bool {
	digits := strings.TrimLeft(v, "+-")
	if len(v)-len(digits) > 1 || strings.Trim(digits, ".0123456789") != "" {
		return false
	}
	_, err := strconv.ParseFloat(v, 64)
	return err == nil
}
