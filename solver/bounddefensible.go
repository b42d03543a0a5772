package solver

// The keep_compliance term in the Lagrangian bound. A part p that must
// keep its compliance is lost when a counter k falls below thr_k (hi_k when
// one fixed facility is already in the 85% band, else lo_k: below it the
// part fails whatever the other counters do). Over the rows K_p of the
// counters that moves can take below thr_k, with M_k = thr_k − cmin_k (cmin
// the count with every teacher who can leave gone),
//
//	W.Hard·[p lost] ≥ Σ_{k∈K_p} κ_k·(thr_k − c_k)   for 0 ≤ κ_k ≤ W.Hard / (|K_p|·M_k),
//
// since a part that keeps its compliance has every c_k ≥ thr_k (the right
// side is ≤ 0), and each term is at most W.Hard/|K_p| while c_k ≥ cmin_k.
// The right side is linear in the moves, so it prices like the caps: κ_k on
// every teacher of counter k leaving p, −κ_k on every one arriving. The
// rotation cap and the bands of two counters are relaxed.

// keepBound holds the keep rows of the bound and their prices.
type keepBound struct {
	rows  []keepBoundRow
	first []int32 // per part: first row of the part, or -1 (a part's rows are consecutive)
	kap   []float64
	gk    []float64 // subgradient
	dk    []float64 // deflected direction
}

type keepBoundRow struct {
	part int32
	k    int32
	thr  int32
	cap  float64
}

// initKeep builds the rows from the evaluator's keep rules.
func (lg *lagrangian) initKeep() {
	ev := lg.ev
	kb := &lg.kb
	kb.first = make([]int32, len(ev.Parts))
	for i := range kb.first {
		kb.first[i] = -1
	}
	if len(ev.keep) == 0 {
		return
	}
	leavers := make([]int32, len(ev.Parts)*numIndCounters)
	for _, t := range lg.movers {
		if p := ev.servePart[t]; p >= 0 {
			for k := range numIndCounters {
				if ev.mask[t]&(1<<k) != 0 {
					leavers[int(p)*numIndCounters+k]++
				}
			}
		}
	}
	for i := range ev.keep {
		kr := &ev.keep[i]
		var rows []keepBoundRow
		for k := range numIndCounters {
			thr := kr.lo[k]
			if kr.fail > 0 {
				thr = kr.hi[k]
			}
			cmin := lg.base[int(kr.part)*numCounters+k] - leavers[int(kr.part)*numIndCounters+k]
			if cmin >= thr {
				continue
			}
			rows = append(rows, keepBoundRow{part: kr.part, k: int32(k), thr: thr, cap: float64(thr - cmin)})
		}
		if len(rows) == 0 {
			continue
		}
		kb.first[kr.part] = int32(len(kb.rows))
		for _, r := range rows {
			r.cap = ev.W.Hard / (float64(len(rows)) * r.cap)
			kb.rows = append(kb.rows, r)
		}
	}
	n := len(kb.rows)
	kb.kap, kb.gk, kb.dk = make([]float64, n), make([]float64, n), make([]float64, n)
}

// keepPrice is the sum of the prices of part p's keep rows that teacher
// mask m counts for: what a teacher leaving p adds, one arriving takes off.
func (lg *lagrangian) keepPrice(p int32, m uint32) float64 {
	kb := &lg.kb
	if p < 0 || kb.first == nil || kb.first[p] < 0 {
		return 0
	}
	var s float64
	for i := int(kb.first[p]); i < len(kb.rows) && kb.rows[i].part == p; i++ {
		if m&(1<<kb.rows[i].k) != 0 {
			s += kb.kap[i]
		}
	}
	return s
}

// keepConstant is the constant of the keep terms: Σ κ·(thr − base).
func (lg *lagrangian) keepConstant() float64 {
	var l float64
	for i, r := range lg.kb.rows {
		l += lg.kb.kap[i] * float64(r.thr-lg.base[int(r.part)*numCounters+int(r.k)])
	}
	return l
}

// keepSubgradient fills the keep rows' subgradient from lg.cnt, the counts
// of the current choice, and returns its squared norm.
func (lg *lagrangian) keepSubgradient() (norm float64) {
	kb := &lg.kb
	for i, r := range kb.rows {
		kb.gk[i] = project(float64(r.thr-lg.cnt[int(r.part)*numCounters+int(r.k)]), kb.kap[i], r.cap)
		norm += kb.gk[i] * kb.gk[i]
	}
	return norm
}

// keepDirNorm is the squared norm of the keep rows' direction.
func (lg *lagrangian) keepDirNorm() (n float64) {
	for _, v := range lg.kb.dk {
		n += v * v
	}
	return n
}

// keepDeflect deflects the keep rows' direction by beta and returns its squared norm.
func (lg *lagrangian) keepDeflect(beta float64) (norm float64) {
	kb := &lg.kb
	for i, r := range kb.rows {
		kb.dk[i] = project(kb.gk[i]+beta*kb.dk[i], kb.kap[i], r.cap)
		norm += kb.dk[i] * kb.dk[i]
	}
	return norm
}

// keepStep moves the keep prices along the direction by t.
func (lg *lagrangian) keepStep(t float64) {
	kb := &lg.kb
	for i, r := range kb.rows {
		kb.kap[i] = clamp(kb.kap[i]+t*kb.dk[i], 0, r.cap)
	}
}
