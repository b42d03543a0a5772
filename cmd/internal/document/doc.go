// Package document renders the documents of rotaplan from a plan's report:
// the text report, the CSV files (rotation list, school parts, comparison),
// the approval workbook (XLSX), the self-contained report page (HTML with
// inline SVG charts) and the comparison and roadmap tables. The commands
// of cmd/rotaplan use it, and so does any other front end: a document is
// rendered here whoever asks for it, and new documents belong here too.
//
// Documents are rendered from what they are given: they return bytes or
// write to the io.Writer they get, and open no files. Privacy is
// the caller's: Data.In is shown as it is, so identity numbers and real
// names appear only when the caller leaves them in. Every CSV file is
// UTF-8 with a BOM and every cell is kept inert, so that a spreadsheet
// shows text that looks like a formula rather than running it. The same
// input gives the same bytes.
//
// Labels are Chinese or English (Langs, Tr).
package document
