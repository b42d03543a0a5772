package solver

import "math"

// flowGraph is a sparse directed graph for minimum-cost flow by successive
// shortest paths with Dijkstra on reduced costs (Edmonds & Karp 1972; Ahuja,
// Magnanti & Orlin 1993, §9.7). Arcs are stored in pairs: arc a and its
// residual reverse a^1. Arc costs must be non-negative, which makes the zero
// potentials feasible at the start. It is reused between solves: reset
// keeps the allocations.
type flowGraph struct {
	head []int32 // per node: first arc out, -1 if none
	next []int32 // per arc: next arc out of the same node
	to   []int32
	cap  []int32 // residual capacity
	cost []float64

	pot  []float64 // node potentials
	dist []float64
	prev []int32 // per node: the arc the shortest path arrives by
	heap []heapNode
}

type heapNode struct {
	d float64
	v int32
}

// reset empties the graph and gives it n nodes.
func (g *flowGraph) reset(n int) {
	g.head = g.head[:0]
	for range n {
		g.head = append(g.head, -1)
	}
	g.next, g.to, g.cap, g.cost = g.next[:0], g.to[:0], g.cap[:0], g.cost[:0]
}

// addNode adds a node and returns its index.
func (g *flowGraph) addNode() int {
	g.head = append(g.head, -1)
	return len(g.head) - 1
}

// addArc adds an arc u→v and its reverse, and returns the arc's index.
func (g *flowGraph) addArc(u, v int, capacity int32, cost float64) int {
	a := len(g.to)
	g.to = append(g.to, int32(v), int32(u))
	g.cap = append(g.cap, capacity, 0)
	g.cost = append(g.cost, cost, -cost)
	g.next = append(g.next, g.head[u], g.head[v])
	g.head[u], g.head[v] = int32(a), int32(a+1)
	return a
}

// flow is the flow on arc a.
func (g *flowGraph) flow(a int) int32 { return g.cap[a^1] }

// minCostFlow sends up to want units from s to t at least cost and returns
// the units sent and their cost. Before each shortest path it calls stop,
// if not nil, with the size of the graph; when stop reports true it gives
// up and returns what it has sent, which is then not a cheapest flow.
func (g *flowGraph) minCostFlow(s, t int, want int, stop func(work int) bool) (sent int, total float64) {
	n := len(g.head)
	g.pot = resize(g.pot, n)
	clear(g.pot)
	g.dist = resize(g.dist, n)
	g.prev = resize(g.prev, n)
	for sent < want {
		if stop != nil && stop(n+len(g.to)) {
			break
		}
		g.shortestPath(s, t)
		dt := g.dist[t]
		if math.IsInf(dt, 1) {
			break
		}
		// Nodes settled after t keep reduced costs non-negative with
		// their distance capped at t's.
		for v := range n {
			g.pot[v] += min(g.dist[v], dt)
		}
		push := int32(want - sent)
		for v := t; v != s; v = int(g.to[g.prev[v]^1]) {
			push = min(push, g.cap[g.prev[v]])
		}
		for v := t; v != s; v = int(g.to[g.prev[v]^1]) {
			a := g.prev[v]
			g.cap[a] -= push
			g.cap[a^1] += push
			total += float64(push) * g.cost[a]
		}
		sent += int(push)
	}
	return sent, total
}

// shortestPath runs Dijkstra from s on the reduced costs of the residual
// graph until t is settled, filling dist and prev.
func (g *flowGraph) shortestPath(s, t int) {
	for v := range g.dist {
		g.dist[v], g.prev[v] = math.Inf(1), -1
	}
	g.dist[s] = 0
	g.heap = append(g.heap[:0], heapNode{0, int32(s)})
	for len(g.heap) > 0 {
		it := g.popHeap()
		u := int(it.v)
		if it.d > g.dist[u] {
			continue
		}
		if u == t {
			return
		}
		for a := g.head[u]; a >= 0; a = g.next[a] {
			if g.cap[a] <= 0 {
				continue
			}
			v := int(g.to[a])
			// Reduced costs are non-negative up to rounding.
			d := it.d + max(0, g.cost[a]+g.pot[u]-g.pot[v])
			if d < g.dist[v] {
				g.dist[v], g.prev[v] = d, a
				g.pushHeap(heapNode{d, int32(v)})
			}
		}
	}
}

func (g *flowGraph) pushHeap(x heapNode) {
	h := append(g.heap, x)
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if h[p].d <= h[i].d {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
	g.heap = h
}

func (g *flowGraph) popHeap() heapNode {
	h := g.heap
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	for i := 0; ; {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && h[r].d < h[l].d {
			m = r
		}
		if h[i].d <= h[m].d {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	g.heap = h
	return top
}

// resize returns s with length n, reusing its array when it is big enough.
func resize[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}
