package solver

import (
	"bufio"
	"io"
	"math"
	"math/bits"
	"strconv"
)

// MIP is the objective of an Evaluator written as a mixed-integer program,
// so that exact solvers (COIN-OR CBC, HiGHS) solve the same instance the
// core scores. For every plan the program can express (at most one
// candidate per teacher), its optimum over the auxiliary variables equals
// Evaluator.Score(plan).Total:
//
//	minimise  Σ cost·x + W.Medium·Σ d + W.Hard·(qs + bs + Σ oe + Σ ie + Σ v) + C·k_const
//	a_t:      Σ_c x_{t,c} ≤ 1                                 (teachers with ≥ 2 candidates)
//	dr_p_k:   d_{p,k} + Σ x arriving at p − Σ x leaving p ≥ need − base
//	quota:    qs + Σ x ≥ Required
//	bbz:      Q·z − P·Σ x ≥ 0                                 (P/Q = backbone_share)
//	bb:       bs − z + Σ x of backbone teachers ≥ 0
//	out_s:    Σ x leaving post school s − oe_s ≤ OutCap[s]
//	in_r:     Σ x arriving at r − ie_r ≤ InCap[r]
//	pin_t:    v_t + Σ_c (viol(stay) − viol(c))·x_{t,c} ≥ viol(stay)
//
// with x binary, z integer, the rest continuous and non-negative, and
// k_const fixed to 1 so that its objective coefficient C carries every
// constant term (LP-format objective constants are not portable).
//
// Only rows that can bind are written: a deficit row when its deficit
// depends on x, a cap row when more teachers could cross it than it allows;
// the deficits of the other rows are constant and go to C. Stay and forbid
// pins are enforced by the candidate lists; pin_t prices the pins a
// candidate choice can still break (a move pin, or contradictory pins), and
// a pinned move that is invalid is a constant hard unit.
//
// The model is not stored as a matrix: rows and columns are generated from
// the evaluator's indices when written, so prefecture-size models (millions
// of nonzeros) stream in bounded memory. Output is deterministic.
type MIP struct {
	ev *Evaluator

	// x columns: x_{t,c} is column xOff[t]+c; xTeacher maps a column back.
	xOff     []int32
	xTeacher []int32
	nx       int
	movable  int // teachers with at least one candidate

	base []int32 // counters of the empty plan in the planned year (returns applied), part·numCounters + counter

	// Deficit rows, one per (part, counter) whose deficit depends on x, in
	// ascending key order; defIdx maps a key to its row or -1.
	defKey []int32
	defIdx []int32

	// x columns arriving at each part, teachers (with candidates) leaving
	// each part, teachers (with candidates) by post school and x columns by
	// destination school, as CSR lists.
	inStart, inCols   []int32
	outStart, outTchr []int32
	srcStart, srcTchr []int32
	dstStart, dstCols []int32

	outS, inS     []int32 // schools with an outflow / inflow row
	outIdx, inIdx []int32 // per school: index into outS / inS, or -1

	quota    bool
	backbone bool
	bbP, bbQ float64 // the backbone share as P/Q, integers when it is a small fraction

	pinT   []int32 // teachers with a pin row
	pinIdx []int32 // per teacher: index into pinT, or -1

	constant float64

	fair *storedRows // the complaint rows and columns, in enforce mode
	strc *storedRows // the structure rows and columns, with a structure weight above 0

	// Column blocks: x, d, oe, ie, then qs, z, bs (when present), v, the
	// complaint columns, k_const.
	dOff, oeOff, ieOff, qsCol, zCol, bsCol, vOff, kCol, ncols int

	rows, nnz int

	def mipDefensible // rate cap and keep_compliance rows (mipdefensible.go)
}

// nc32 is numCounters as an int32, for the int32 keys of deficit rows.
const nc32 = int32(numCounters)

// rowKind names the families of rows of a MIP, in the order written.
type rowKind uint8

const (
	rowAssign rowKind = iota
	rowDeficit
	rowQuota
	rowBackboneZ
	rowBackbone
	rowOut
	rowIn
	rowPin
)

// rowID identifies one row: its family and up to two indices.
type rowID struct {
	kind rowKind
	a, b int32
}

// mipRow is one row as generated; its slices are scratch, reused between rows.
type mipRow struct {
	id    rowID
	sense byte // 'L' (≤), 'G' (≥) or 'E' (=)
	rhs   float64
	cols  []int32
	coefs []float64
}

func (r *mipRow) reset(id rowID, sense byte, rhs float64) {
	r.id, r.sense, r.rhs = id, sense, rhs
	r.cols, r.coefs = r.cols[:0], r.coefs[:0]
}

func (r *mipRow) add(col int32, coef float64) {
	r.cols = append(r.cols, col)
	r.coefs = append(r.coefs, coef)
}

// MIP builds the mixed-integer program of the evaluator's objective.
func (ev *Evaluator) MIP() *MIP {
	in := ev.In
	nt, ns, np := len(in.Teachers), len(in.Schools), len(ev.Parts)
	m := &MIP{ev: ev}

	m.xOff = make([]int32, nt+1)
	for t := range nt {
		m.xOff[t+1] = m.xOff[t] + int32(len(ev.Cands[t]))
		if len(ev.Cands[t]) > 0 {
			m.movable++
		}
	}
	m.nx = int(m.xOff[nt])
	m.xTeacher = make([]int32, m.nx)
	for t := range nt {
		for j := m.xOff[t]; j < m.xOff[t+1]; j++ {
			m.xTeacher[j] = int32(t)
		}
	}
	m.base = ev.tally(NewPlan(nt)).cnt

	// Incoming x per part and outgoing teachers per part; per counter, how
	// many teachers could arrive or leave.
	inCnt := make([]int32, np*numCounters)
	outCnt := make([]int32, np*numCounters)
	m.inStart = make([]int32, np+1)
	m.outStart = make([]int32, np+1)
	for t := range nt {
		if len(ev.Cands[t]) == 0 {
			continue
		}
		st := in.Teachers[t].Stage
		for _, cd := range ev.Cands[t] {
			pd := ev.partOf[cd.School][st]
			m.inStart[pd+1]++
			for mk := ev.mask[t]; mk != 0; mk &= mk - 1 {
				inCnt[int(pd)*numCounters+bits.TrailingZeros32(mk)]++
			}
		}
		if ps := ev.servePart[t]; ps >= 0 {
			m.outStart[ps+1]++
			for mk := ev.mask[t]; mk != 0; mk &= mk - 1 {
				outCnt[int(ps)*numCounters+bits.TrailingZeros32(mk)]++
			}
		}
	}
	prefix(m.inStart)
	prefix(m.outStart)
	m.inCols = make([]int32, m.nx)
	m.outTchr = make([]int32, m.outStart[np])
	inFill := append([]int32(nil), m.inStart[:np]...)
	outFill := append([]int32(nil), m.outStart[:np]...)
	for t := range nt {
		if len(ev.Cands[t]) == 0 {
			continue
		}
		st := in.Teachers[t].Stage
		for c, cd := range ev.Cands[t] {
			pd := ev.partOf[cd.School][st]
			m.inCols[inFill[pd]] = m.xOff[t] + int32(c)
			inFill[pd]++
		}
		if ps := ev.servePart[t]; ps >= 0 {
			m.outTchr[outFill[ps]] = int32(t)
			outFill[ps]++
		}
	}

	// Deficit rows: the deficit max(0, need − base − in + out) varies with x
	// only when some teacher can arrive or leave and it can be positive.
	m.defIdx = make([]int32, np*numCounters)
	for key := range m.defIdx {
		m.defIdx[key] = -1
		need := ev.Parts[key/numCounters].Need[key%numCounters]
		if need <= 0 {
			continue
		}
		gap := need - float64(m.base[key])
		if inCnt[key]+outCnt[key] > 0 && gap+float64(outCnt[key]) > 0 {
			m.defIdx[key] = int32(len(m.defKey))
			m.defKey = append(m.defKey, int32(key))
		} else if gap > 0 {
			m.constant += ev.W.Medium * gap
		}
	}

	// Caps: a row only where more teachers could cross than allowed.
	m.srcStart = make([]int32, ns+1)
	m.dstStart = make([]int32, ns+1)
	for t := range nt {
		if len(ev.Cands[t]) > 0 {
			m.srcStart[in.Teachers[t].School+1]++
		}
		for _, cd := range ev.Cands[t] {
			m.dstStart[cd.School+1]++
		}
	}
	prefix(m.srcStart)
	prefix(m.dstStart)
	m.srcTchr = make([]int32, m.srcStart[ns])
	m.dstCols = make([]int32, m.nx)
	srcFill := append([]int32(nil), m.srcStart[:ns]...)
	dstFill := append([]int32(nil), m.dstStart[:ns]...)
	for t := range nt {
		if len(ev.Cands[t]) > 0 {
			s := in.Teachers[t].School
			m.srcTchr[srcFill[s]] = int32(t)
			srcFill[s]++
		}
		for c, cd := range ev.Cands[t] {
			m.dstCols[dstFill[cd.School]] = m.xOff[t] + int32(c)
			dstFill[cd.School]++
		}
	}
	m.outIdx = make([]int32, ns)
	m.inIdx = make([]int32, ns)
	for s := range ns {
		m.outIdx[s], m.inIdx[s] = -1, -1
		if int(m.srcStart[s+1]-m.srcStart[s]) > ev.OutCap[s] {
			m.outIdx[s] = int32(len(m.outS))
			m.outS = append(m.outS, int32(s))
		}
		if int(m.dstStart[s+1]-m.dstStart[s]) > ev.InCap[s] {
			m.inIdx[s] = int32(len(m.inS))
			m.inS = append(m.inS, int32(s))
		}
	}

	// Quota and backbone share.
	if ev.Required > 0 {
		if m.nx > 0 {
			m.quota = true
		} else {
			m.constant += ev.W.Hard * float64(ev.Required)
		}
	}
	if share := in.Policy.BackboneShare; share > 0 && m.nx > 0 {
		m.backbone = true
		m.bbP, m.bbQ = fraction(share)
	}

	// Pins: the violations of teacher t are viol(stay) + Σ_c (viol(c) −
	// viol(stay))·x_{t,c}, exact because at most one x_{t,c} is 1.
	m.pinIdx = make([]int32, nt)
	for t := range m.pinIdx {
		m.pinIdx[t] = -1
	}
	for _, t := range ev.pinned {
		sv := ev.pinViolations(int(t), Stay)
		varies := false
		for _, cd := range ev.Cands[t] {
			if ev.pinViolations(int(t), cd.School) != sv {
				varies = true
			}
		}
		if varies {
			m.pinIdx[t] = int32(len(m.pinT))
			m.pinT = append(m.pinT, t)
		} else {
			m.constant += ev.W.Hard * float64(sv)
		}
	}

	m.buildDefensible(outCnt)

	// Column layout.
	col := m.nx
	m.dOff, col = col, col+len(m.defKey)
	m.oeOff, col = col, col+len(m.outS)
	m.ieOff, col = col, col+len(m.inS)
	m.qsCol, m.zCol, m.bsCol = -1, -1, -1
	if m.quota {
		m.qsCol, col = col, col+1
	}
	if m.backbone {
		m.zCol, m.bsCol, col = col, col+1, col+2
	}
	m.vOff, col = col, col+len(m.pinT)
	if ev.enforce && ev.prio != nil {
		m.fair = m.buildFair(col)
		col += m.fair.width()
	}
	m.strc = m.buildStruct(col)
	col += m.strc.width()
	col = m.layoutDefensible(col)
	m.kCol, col = col, col+1
	m.ncols = col

	m.rows = len(m.defKey) + len(m.outS) + len(m.inS) + len(m.pinT) + m.def.nrows
	for t := range nt {
		if len(ev.Cands[t]) >= 2 {
			m.rows++
		}
	}
	if m.quota {
		m.rows++
	}
	if m.backbone {
		m.rows += 2
	}
	m.rows += m.fair.len() + m.strc.len()
	for j := range m.ncols {
		m.column(j, func(rowID, float64) { m.nnz++ })
	}
	return m
}

// prefix turns counts at [i+1] into CSR starts.
func prefix(s []int32) {
	for i := 1; i < len(s); i++ {
		s[i] += s[i-1]
	}
}

// fraction writes a share as P/Q with small integers when it is one (0.2 =
// 1/5), so the backbone row is exact in floating point; else as share/1.
func fraction(share float64) (p, q float64) {
	for q := 1.0; q <= 1000; q++ {
		if p := math.Round(share * q); math.Abs(share-p/q) <= 1e-12 {
			return p, q
		}
	}
	return share, 1
}

// Stats returns the size of the program: constraint rows (objective not
// counted), columns and constraint-matrix nonzeros.
func (m *MIP) Stats() (rows, cols, nonzeros int) { return m.rows, m.ncols, m.nnz }

// Constant is the objective coefficient of k_const: the part of the
// objective no decision changes.
func (m *MIP) Constant() float64 { return m.constant }

// Moves returns the number of x columns, one per teacher and candidate.
func (m *MIP) Moves() int { return m.nx }

// isX reports whether column j is an x column.
func (m *MIP) isX(j int) bool { return j < m.nx }

// objective is the objective coefficient of column j.
func (m *MIP) objective(j int) float64 {
	ev := m.ev
	switch {
	case m.inDef(j):
		return m.defObjective(j)
	case j < m.nx:
		t := m.xTeacher[j]
		c := int32(j) - m.xOff[t]
		return ev.Cands[t][c].Cost + ev.changeMoveCost(int(t), int(c))
	case j < m.oeOff:
		return ev.W.Medium
	case j == m.zCol:
		return 0
	case j == m.kCol:
		return m.constant
	case m.strc.has(j):
		return m.strc.cost[j-m.strc.off]
	case m.fair.has(j):
		return m.fair.cost[j-m.fair.off]
	}
	return ev.W.Hard // oe, ie, qs, bs, v
}

// bounds returns the bounds of column j and whether it is integer.
func (m *MIP) bounds(j int) (lo, hi float64, integer bool) {
	switch {
	case m.inDef(j):
		return m.defBounds(j)
	case j < m.nx:
		return 0, 1, true
	case j == m.zCol:
		return 0, float64(m.movable), true
	case j == m.kCol:
		return 1, 1, false
	}
	return 0, math.Inf(1), false
}

// appendColName appends the name of column j.
func (m *MIP) appendColName(b []byte, j int) []byte {
	switch {
	case m.inDef(j):
		return m.appendDefColName(b, j)
	case j < m.nx:
		t := m.xTeacher[j]
		b = append(b, "x_"...)
		b = strconv.AppendInt(b, int64(t), 10)
		b = append(b, '_')
		return strconv.AppendInt(b, int64(int32(j)-m.xOff[t]), 10)
	case j < m.oeOff:
		key := m.defKey[j-m.dOff]
		b = append(b, "d_"...)
		b = strconv.AppendInt(b, int64(key/nc32), 10)
		b = append(b, '_')
		return strconv.AppendInt(b, int64(key%nc32), 10)
	case j < m.ieOff:
		b = append(b, "oe_"...)
		return strconv.AppendInt(b, int64(m.outS[j-m.oeOff]), 10)
	case j < m.ieOff+len(m.inS):
		b = append(b, "ie_"...)
		return strconv.AppendInt(b, int64(m.inS[j-m.ieOff]), 10)
	case j == m.qsCol:
		return append(b, "qs"...)
	case j == m.zCol:
		return append(b, 'z')
	case j == m.bsCol:
		return append(b, "bs"...)
	case j == m.kCol:
		return append(b, "k_const"...)
	case m.fair.has(j):
		return append(b, m.fair.names[j-m.fair.off]...)
	case m.strc.has(j):
		return append(b, m.strc.names[j-m.strc.off]...)
	}
	b = append(b, "v_"...)
	return strconv.AppendInt(b, int64(m.pinT[j-m.vOff]), 10)
}

// appendRowName appends the name of a row.
func (m *MIP) appendRowName(b []byte, id rowID) []byte {
	num := func(prefix string, v int32) []byte {
		b = append(b, prefix...)
		return strconv.AppendInt(b, int64(v), 10)
	}
	switch id.kind {
	case rowRate, rowKeep, rowKeepZ:
		return appendDefRowName(b, id)
	case rowAssign:
		return num("a_", id.a)
	case rowDeficit:
		b = num("dr_", id.a)
		return num("_", id.b)
	case rowQuota:
		return append(b, "quota"...)
	case rowBackboneZ:
		return append(b, "bbz"...)
	case rowBackbone:
		return append(b, "bb"...)
	case rowOut:
		return num("out_", id.a)
	case rowIn:
		return num("in_", id.a)
	case rowFair:
		return append(b, m.fair.rowNames[id.a]...)
	case rowStruct:
		return append(b, m.strc.rowNames[id.a]...)
	}
	return num("pin_", id.a)
}

// addChange adds to row r the change the moves make to the counters of
// bit at part p: +1 per move of such a teacher into p, −1 per move of
// such a teacher out of p. A teacher never both arrives at and leaves the
// same part: candidates are schools other than the one it serves at.
func (m *MIP) addChange(r *mipRow, p int32, bit uint32) {
	ev := m.ev
	for _, j := range m.inCols[m.inStart[p]:m.inStart[p+1]] {
		if ev.mask[m.xTeacher[j]]&bit != 0 {
			r.add(j, 1)
		}
	}
	for _, t := range m.outTchr[m.outStart[p]:m.outStart[p+1]] {
		if ev.mask[t]&bit != 0 {
			for j := m.xOff[t]; j < m.xOff[t+1]; j++ {
				r.add(j, -1)
			}
		}
	}
}

// pinCoef is the coefficient of x_{t,c} in pin_t.
func (m *MIP) pinCoef(t int32, c int) float64 {
	ev := m.ev
	return float64(ev.pinViolations(int(t), Stay) - ev.pinViolations(int(t), ev.Cands[t][c].School))
}

// eachRow generates the rows in the order they are written. The row passed
// to fn is reused: fn must not keep it.
func (m *MIP) eachRow(fn func(r *mipRow) error) error {
	ev := m.ev
	in := ev.In
	r := &mipRow{}

	for t := range ev.Cands {
		if len(ev.Cands[t]) < 2 {
			continue
		}
		r.reset(rowID{kind: rowAssign, a: int32(t)}, 'L', 1)
		for j := m.xOff[t]; j < m.xOff[t+1]; j++ {
			r.add(j, 1)
		}
		if err := fn(r); err != nil {
			return err
		}
	}

	// Deficit rows: d + change of the counter ≥ need − base.
	for i, key := range m.defKey {
		p, k := key/nc32, key%nc32
		bit := uint32(1) << k
		need := ev.Parts[p].Need[k]
		r.reset(rowID{kind: rowDeficit, a: p, b: k}, 'G', need-float64(m.base[key]))
		r.add(int32(m.dOff+i), 1)
		m.addChange(r, p, bit)
		if err := fn(r); err != nil {
			return err
		}
	}

	if m.quota {
		r.reset(rowID{kind: rowQuota}, 'G', float64(ev.Required))
		r.add(int32(m.qsCol), 1)
		for j := range m.nx {
			r.add(int32(j), 1)
		}
		if err := fn(r); err != nil {
			return err
		}
	}

	if m.backbone {
		r.reset(rowID{kind: rowBackboneZ}, 'G', 0)
		r.add(int32(m.zCol), m.bbQ)
		for j := range m.nx {
			r.add(int32(j), -m.bbP)
		}
		if err := fn(r); err != nil {
			return err
		}
		r.reset(rowID{kind: rowBackbone}, 'G', 0)
		r.add(int32(m.bsCol), 1)
		r.add(int32(m.zCol), -1)
		for j := range m.nx {
			if in.Teachers[m.xTeacher[j]].Backbone.IsBackbone() {
				r.add(int32(j), 1)
			}
		}
		if err := fn(r); err != nil {
			return err
		}
	}

	for i, s := range m.outS {
		r.reset(rowID{kind: rowOut, a: s}, 'L', float64(ev.OutCap[s]))
		for _, t := range m.srcTchr[m.srcStart[s]:m.srcStart[s+1]] {
			for j := m.xOff[t]; j < m.xOff[t+1]; j++ {
				r.add(j, 1)
			}
		}
		r.add(int32(m.oeOff+i), -1)
		if err := fn(r); err != nil {
			return err
		}
	}
	for i, s := range m.inS {
		r.reset(rowID{kind: rowIn, a: s}, 'L', float64(ev.InCap[s]))
		for _, j := range m.dstCols[m.dstStart[s]:m.dstStart[s+1]] {
			r.add(j, 1)
		}
		r.add(int32(m.ieOff+i), -1)
		if err := fn(r); err != nil {
			return err
		}
	}

	for i, t := range m.pinT {
		r.reset(rowID{kind: rowPin, a: t}, 'G', float64(ev.pinViolations(int(t), Stay)))
		r.add(int32(m.vOff+i), 1)
		for c := range ev.Cands[t] {
			if a := m.pinCoef(t, c); a != 0 {
				r.add(m.xOff[t]+int32(c), a)
			}
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := m.fair.eachRow(fn); err != nil {
		return err
	}
	if err := m.strc.eachRow(fn); err != nil {
		return err
	}
	return m.eachDefRow(r, fn)
}

// column calls fn for each constraint entry of column j, in row order.
func (m *MIP) column(j int, fn func(id rowID, coef float64)) {
	ev := m.ev
	switch {
	case j < m.nx:
		t := m.xTeacher[j]
		c := int(int32(j) - m.xOff[t])
		tc := &ev.In.Teachers[t]
		if len(ev.Cands[t]) >= 2 {
			fn(rowID{kind: rowAssign, a: t}, 1)
		}
		dest := ev.Cands[t][c].School
		pd, ps := ev.partOf[dest][tc.Stage], ev.servePart[t]
		// Deficit rows in key order: the part with the smaller index first.
		first, second, sign := pd, ps, [2]float64{1, -1}
		if ps >= 0 && ps < pd {
			first, second, sign = ps, pd, [2]float64{-1, 1}
		}
		for i, p := range [2]int32{first, second} {
			if p < 0 {
				continue
			}
			for mk := ev.mask[t]; mk != 0; mk &= mk - 1 {
				k := int32(bits.TrailingZeros32(mk))
				if m.defIdx[p*nc32+k] >= 0 {
					fn(rowID{kind: rowDeficit, a: p, b: k}, sign[i])
				}
			}
		}
		if m.quota {
			fn(rowID{kind: rowQuota}, 1)
		}
		if m.backbone {
			fn(rowID{kind: rowBackboneZ}, -m.bbP)
			if tc.Backbone.IsBackbone() {
				fn(rowID{kind: rowBackbone}, 1)
			}
		}
		if m.outIdx[tc.School] >= 0 {
			fn(rowID{kind: rowOut, a: int32(tc.School)}, 1)
		}
		if m.inIdx[dest] >= 0 {
			fn(rowID{kind: rowIn, a: dest}, 1)
		}
		if m.pinIdx[t] >= 0 {
			if a := m.pinCoef(t, c); a != 0 {
				fn(rowID{kind: rowPin, a: t}, a)
			}
		}
		m.fair.column(j, fn)
		m.strc.column(j, fn)
		m.defXColumn(t, pd, ps, fn)
	case m.inDef(j):
		m.defColumn(j, fn)
	case j < m.oeOff:
		key := m.defKey[j-m.dOff]
		fn(rowID{kind: rowDeficit, a: key / nc32, b: key % nc32}, 1)
	case j < m.ieOff:
		fn(rowID{kind: rowOut, a: m.outS[j-m.oeOff]}, -1)
	case j < m.ieOff+len(m.inS):
		fn(rowID{kind: rowIn, a: m.inS[j-m.ieOff]}, -1)
	case j == m.qsCol:
		fn(rowID{kind: rowQuota}, 1)
	case j == m.zCol:
		fn(rowID{kind: rowBackboneZ}, m.bbQ)
		fn(rowID{kind: rowBackbone}, -1)
	case j == m.bsCol:
		fn(rowID{kind: rowBackbone}, 1)
	case j == m.kCol:
	case m.fair.has(j):
		m.fair.column(j, fn)
	case m.strc.has(j):
		m.strc.column(j, fn)
	default:
		fn(rowID{kind: rowPin, a: m.pinT[j-m.vOff]}, 1)
	}
}

// lpLine is the length after which the LP writer starts a new line; CPLEX
// LP readers accept long lines, but short ones keep every reader happy.
const lpLine = 200

// lpWriter writes terms of a CPLEX LP file, wrapping long lines.
type lpWriter struct {
	w    *bufio.Writer
	buf  []byte
	line int // bytes on the current line
}

func (lw *lpWriter) flush() {
	lw.line += len(lw.buf)
	lw.w.Write(lw.buf) // the bufio.Writer keeps the first error for Flush
	lw.buf = lw.buf[:0]
}

func (lw *lpWriter) newline() {
	lw.w.WriteByte('\n')
	lw.line = 0
}

// term writes " + coef name" (coefficient 1 omitted), wrapping if needed.
func (lw *lpWriter) term(m *MIP, coef float64, j int) {
	if lw.line > lpLine {
		lw.newline()
	}
	if coef < 0 {
		lw.buf = append(lw.buf, " - "...)
		coef = -coef
	} else {
		lw.buf = append(lw.buf, " + "...)
	}
	if coef != 1 {
		lw.buf = strconv.AppendFloat(lw.buf, coef, 'g', -1, 64)
		lw.buf = append(lw.buf, ' ')
	}
	lw.buf = m.appendColName(lw.buf, j)
	lw.flush()
}

// WriteLP writes the program in CPLEX LP format, which CBC and HiGHS read.
func (m *MIP) WriteLP(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	lw := &lpWriter{w: bw}
	bw.WriteString(`\ rotaplan rotation MIP: `)
	rows, cols, nnz := m.Stats()
	lw.buf = strconv.AppendInt(lw.buf[:0], int64(rows), 10)
	lw.buf = append(lw.buf, " rows, "...)
	lw.buf = strconv.AppendInt(lw.buf, int64(cols), 10)
	lw.buf = append(lw.buf, " columns, "...)
	lw.buf = strconv.AppendInt(lw.buf, int64(nnz), 10)
	lw.buf = append(lw.buf, " nonzeros\nMinimize\n obj:"...)
	lw.flush()
	for j := range m.ncols {
		// Every x is written, even at zero cost, so each column appears.
		if c := m.objective(j); c != 0 || m.isX(j) || j == m.kCol {
			lw.term(m, c, j)
		}
	}
	lw.newline()
	bw.WriteString("Subject To\n")
	err := m.eachRow(func(r *mipRow) error {
		lw.buf = append(lw.buf, ' ')
		lw.buf = m.appendRowName(lw.buf, r.id)
		lw.buf = append(lw.buf, ':')
		lw.line = 0
		lw.flush()
		for i, j := range r.cols {
			lw.term(m, r.coefs[i], int(j))
		}
		switch r.sense {
		case 'L':
			lw.buf = append(lw.buf, " <= "...)
		case 'G':
			lw.buf = append(lw.buf, " >= "...)
		default:
			lw.buf = append(lw.buf, " = "...)
		}
		lw.buf = strconv.AppendFloat(lw.buf, r.rhs, 'g', -1, 64)
		lw.flush()
		lw.newline()
		return nil
	})
	if err != nil {
		return err
	}
	bw.WriteString("Bounds\n")
	var generals []int
	for j := m.nx; j < m.ncols; j++ {
		lo, hi, integer := m.bounds(j)
		if integer {
			generals = append(generals, j)
		}
		if lo == 0 && math.IsInf(hi, 1) {
			continue
		}
		lw.buf = append(lw.buf[:0], ' ')
		if lo == hi {
			lw.buf = m.appendColName(lw.buf, j)
			lw.buf = append(lw.buf, " = "...)
			lw.buf = strconv.AppendFloat(lw.buf, lo, 'g', -1, 64)
		} else {
			lw.buf = strconv.AppendFloat(lw.buf, lo, 'g', -1, 64)
			lw.buf = append(lw.buf, " <= "...)
			lw.buf = m.appendColName(lw.buf, j)
			lw.buf = append(lw.buf, " <= "...)
			lw.buf = strconv.AppendFloat(lw.buf, hi, 'g', -1, 64)
		}
		lw.flush()
		lw.newline()
	}
	names := func(section string, cols func(yield func(int) bool)) {
		bw.WriteString(section)
		lw.line = 0
		for j := range cols {
			if lw.line > lpLine {
				lw.newline()
			}
			lw.buf = append(lw.buf[:0], ' ')
			lw.buf = m.appendColName(lw.buf, j)
			lw.flush()
		}
		lw.newline()
	}
	if len(generals) > 0 {
		names("Generals\n", func(yield func(int) bool) {
			for _, j := range generals {
				if !yield(j) {
					return
				}
			}
		})
	}
	if m.nx > 0 {
		names("Binaries\n", func(yield func(int) bool) {
			for j := range m.nx {
				if !yield(j) {
					return
				}
			}
		})
	}
	bw.WriteString("End\n")
	return bw.Flush()
}

// WriteMPS writes the program in free MPS format (names are longer than
// the eight characters of fixed MPS), which CBC and HiGHS read. Integer
// columns sit between INTORG and INTEND markers with explicit bounds.
func (m *MIP) WriteMPS(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var b []byte
	put := func() {
		bw.Write(b) // the bufio.Writer keeps the first error for Flush
	}
	bw.WriteString("NAME rotaplan\nROWS\n N obj\n")
	err := m.eachRow(func(r *mipRow) error {
		b = append(b[:0], ' ', r.sense, ' ')
		b = m.appendRowName(b, r.id)
		b = append(b, '\n')
		put()
		return nil
	})
	if err != nil {
		return err
	}
	bw.WriteString("COLUMNS\n")
	integer := false
	for j := range m.ncols {
		_, _, isInt := m.bounds(j)
		if isInt != integer {
			if isInt {
				bw.WriteString(" MARKER 'MARKER' 'INTORG'\n")
			} else {
				bw.WriteString(" MARKER 'MARKER' 'INTEND'\n")
			}
			integer = isInt
		}
		entry := func(row []byte, coef float64) {
			b = append(b[:0], ' ')
			b = m.appendColName(b, j)
			b = append(b, ' ')
			b = append(b, row...)
			b = append(b, ' ')
			b = strconv.AppendFloat(b, coef, 'g', -1, 64)
			b = append(b, '\n')
			put()
		}
		entry([]byte("obj"), m.objective(j)) // also makes every column appear
		var name []byte
		m.column(j, func(id rowID, coef float64) {
			name = m.appendRowName(name[:0], id)
			entry(name, coef)
		})
	}
	if integer {
		bw.WriteString(" MARKER 'MARKER' 'INTEND'\n")
	}
	bw.WriteString("RHS\n")
	err = m.eachRow(func(r *mipRow) error {
		if r.rhs == 0 {
			return nil
		}
		b = append(b[:0], " rhs "...)
		b = m.appendRowName(b, r.id)
		b = append(b, ' ')
		b = strconv.AppendFloat(b, r.rhs, 'g', -1, 64)
		b = append(b, '\n')
		put()
		return nil
	})
	if err != nil {
		return err
	}
	bw.WriteString("BOUNDS\n")
	for j := range m.ncols {
		lo, hi, isInt := m.bounds(j)
		bound := func(kind string, v float64) {
			b = append(b[:0], ' ')
			b = append(b, kind...)
			b = append(b, " bnd "...)
			b = m.appendColName(b, j)
			b = append(b, ' ')
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
			b = append(b, '\n')
			put()
		}
		switch {
		case lo == hi:
			bound("FX", lo)
		case isInt:
			bound("UP", hi)
		}
	}
	bw.WriteString("ENDATA\n")
	return bw.Flush()
}
