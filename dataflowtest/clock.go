package dataflowtest

import (
	"sync"
	"time"
)

// ManualClock is a clock that moves only when told to, for WithClock. It is
// safe for concurrent use.
//
//	clock := dataflowtest.NewManualClock(time.Date(2025, 3, 20, 13, 0, 0, 0, time.UTC))
//	srv := dataflowtest.NewServer(dataflowtest.WithClock(clock.Now),
//		dataflowtest.WithExecutionTimes(time.Minute, 5*time.Minute))
//	clock.Advance(2 * time.Minute) // executions created before are RUNNING now
type ManualClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewManualClock returns a clock standing at t.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{t: t} }

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d (backward if d is negative).
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Set puts the clock at t.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}
