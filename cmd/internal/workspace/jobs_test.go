package workspace

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestJobsTakeSlotsInOrder: with one slot, the plans waiting take it in
// the order they were added, one that stops waiting leaves the queue, and
// one whose turn came as it stopped passes the slot on.
func TestJobsTakeSlotsInOrder(t *testing.T) {
	turned := func(j *job) bool {
		select {
		case <-j.turn:
			return true
		default:
			return false
		}
	}
	js := newJobs(1)
	nop := func() {}
	a, b, c, d := js.add(1, nop), js.add(2, nop), js.add(3, nop), js.add(4, nop)
	assert.True(t, turned(a), "the first plan starts at once")
	assert.False(t, turned(b) || turned(c) || turned(d), "the others wait")

	js.leave(c) // stopped while waiting
	js.release()
	assert.True(t, turned(b), "the second plan takes the slot")
	assert.False(t, turned(c) || turned(d))

	js.release()
	assert.True(t, turned(d), "the fourth, the third having left")
	assert.False(t, turned(c))

	js.leave(d) // its turn came as it stopped: the slot is free again
	e := js.add(5, nop)
	assert.True(t, turned(e), "a plan added to a free slot starts at once")
}
