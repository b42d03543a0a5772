package solver

// storedRows are rows of the MIP kept in memory with the columns they
// introduce, for the families that are too irregular to generate from the
// evaluator's indices on the fly (the complaint chains of enforce mode,
// the structure rows): a few rows per teacher or part. A column index of
// their entries lets MIP.column list each column's entries in row order.
type storedRows struct {
	kind     rowKind // of every row; rowID.a indexes rows
	off      int     // first column
	rows     []mipRow
	rowNames []string
	names    []string  // per column
	cost     []float64 // per column: its objective coefficient
	// Per column (x columns included): the stored rows it appears in,
	// with its coefficient, in row order.
	colStart []int32
	colRows  []int32
	colCoefs []float64
}

func newStoredRows(kind rowKind, off int) *storedRows { return &storedRows{kind: kind, off: off} }

// newCol adds a continuous non-negative column and returns its index.
func (f *storedRows) newCol(name string, cost float64) int32 {
	f.names = append(f.names, name)
	f.cost = append(f.cost, cost)
	return int32(f.off + len(f.names) - 1)
}

// addRow adds a row; the pointer is valid until the next addRow, so a row
// is filled before the next one is added.
func (f *storedRows) addRow(name string, sense byte, rhs float64) *mipRow {
	f.rows = append(f.rows, mipRow{id: rowID{kind: f.kind, a: int32(len(f.rows))}, sense: sense, rhs: rhs})
	f.rowNames = append(f.rowNames, name)
	return &f.rows[len(f.rows)-1]
}

// push adds a row built apart, taking its slices.
func (f *storedRows) push(name string, r mipRow) {
	r.id = rowID{kind: f.kind, a: int32(len(f.rows))}
	f.rows = append(f.rows, r)
	f.rowNames = append(f.rowNames, name)
}

// index builds the column index once every row is added.
func (f *storedRows) index() {
	ncols := f.off + len(f.names)
	f.colStart = make([]int32, ncols+1)
	for i := range f.rows {
		for _, j := range f.rows[i].cols {
			f.colStart[j+1]++
		}
	}
	prefix(f.colStart)
	f.colRows = make([]int32, f.colStart[ncols])
	f.colCoefs = make([]float64, f.colStart[ncols])
	fill := append([]int32(nil), f.colStart[:ncols]...)
	for i := range f.rows {
		for k, j := range f.rows[i].cols {
			f.colRows[fill[j]] = int32(i)
			f.colCoefs[fill[j]] = f.rows[i].coefs[k]
			fill[j]++
		}
	}
}

// column calls fn for each stored row column j appears in, in row order.
func (f *storedRows) column(j int, fn func(id rowID, coef float64)) {
	if f == nil || j+1 >= len(f.colStart) {
		return
	}
	for k := f.colStart[j]; k < f.colStart[j+1]; k++ {
		fn(rowID{kind: f.kind, a: f.colRows[k]}, f.colCoefs[k])
	}
}

// has reports whether column j is one of the block's columns.
func (f *storedRows) has(j int) bool { return f != nil && j >= f.off && j < f.off+len(f.names) }

// eachRow calls fn for every stored row, in order.
func (f *storedRows) eachRow(fn func(r *mipRow) error) error {
	if f == nil {
		return nil
	}
	for i := range f.rows {
		if err := fn(&f.rows[i]); err != nil {
			return err
		}
	}
	return nil
}

// len is the number of rows, zero for a nil block.
func (f *storedRows) len() int {
	if f == nil {
		return 0
	}
	return len(f.rows)
}

// width is the number of columns, zero for a nil block.
func (f *storedRows) width() int {
	if f == nil {
		return 0
	}
	return len(f.names)
}
