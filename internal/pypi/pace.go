package pypi

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// pacer is the XML-RPC pace, shared by every goroutine of a Client: PyPI
// throttles XML-RPC per client address.
//
// PyPI's limiter is a moving window in which throttled calls count too
// (see fakepypi.Throttle for the reading of warehouse and limits), so a
// client that retries as soon as "Limit may reset in N seconds" can stay
// throttled for ever. The pacer therefore:
//   - never goes faster than --pypi-rate (the ceiling);
//   - learns PyPI's limit from RateLimit-Policy when PyPI sends it, and keeps
//     under it;
//   - holds every call while RateLimit says the window is full;
//   - after a throttle fault, holds every call for at least the announced
//     reset, halves the pace, and recovers it by an eighth of the ceiling
//     for each call answered (additive increase, multiplicative decrease).
type pacer struct {
	mu        sync.Mutex
	lim       *rate.Limiter
	ceiling   float64   // --pypi-rate, calls per second
	learned   float64   // what RateLimit-Policy allows; 0 until PyPI says
	holdUntil time.Time // no call before this: PyPI's window is full
	// second is PyPI's second, in which its faults and headers count;
	// tests make it shorter.
	second time.Duration
}

// learnedShare is the part of PyPI's announced limit the pacer uses. Calls
// spaced exactly Window/(q-1) apart put the oldest on the window's edge,
// which still counts (limits' moving window keeps entries at now-Window),
// and the network moves arrivals; a fifth of the interval is the margin.
const learnedShare = 0.8

// recoverSteps is how many answered calls bring a halved pace back to its
// cap.
const recoverSteps = 8

func newPacer(perSecond float64) *pacer {
	return &pacer{lim: rate.NewLimiter(rate.Limit(perSecond), 1), ceiling: perSecond, second: time.Second}
}

// capLocked is the fastest pace allowed now.
func (p *pacer) capLocked() float64 {
	if p.learned > 0 {
		return min(p.ceiling, p.learned)
	}
	return p.ceiling
}

// floor is the slowest the halving goes: one call a minute, unless PyPI's
// own limit is slower.
func (p *pacer) floorLocked() float64 {
	return min(1/(60*p.second.Seconds()), p.capLocked())
}

// Rate is the pace now, in calls per second.
func (p *pacer) Rate() float64 {
	return float64(p.lim.Limit())
}

// wait waits for the end of any hold, then for the pace. Both fail at once
// when the wait would pass the deadline.
func (p *pacer) wait(ctx context.Context) error {
	if err := sleep(ctx, p.heldFor()); err != nil {
		return err
	}
	if err := p.lim.Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("waiting for the XML-RPC pace (--pypi-rate, or PyPI's announced limit) would pass the deadline: %w", context.DeadlineExceeded)
	}
	return nil
}

func (p *pacer) heldFor() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return time.Until(p.holdUntil)
}

// holdLocked holds every call until at least until.
func (p *pacer) holdLocked(until time.Time) {
	if until.After(p.holdUntil) {
		p.holdUntil = until
	}
}

// observe learns from the headers of any XML-RPC answer, throttled or not.
func (p *pacer) observe(h http.Header, now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if learned := p.policyRate(h); learned > 0 {
		p.learned = learned
		if cur := float64(p.lim.Limit()); cur > p.capLocked() {
			p.lim.SetLimitAt(now, rate.Limit(p.capLocked()))
		}
	}
	for _, it := range xmlrpcLimits(h, "RateLimit") {
		remaining, okR := it.intParam("r")
		reset, okT := it.intParam("t")
		// With one call left, the next is recorded and refused: warehouse
		// lets q-1 through. t is truncated to whole seconds.
		if okR && okT && remaining <= 1 {
			p.holdLocked(now.Add(time.Duration(reset+1) * p.second))
		}
	}
}

// policyRate is the pace RateLimit-Policy allows, 0 when it says nothing
// usable: for each XML-RPC limit of q calls per w seconds, q-1 calls get
// through (limits' moving window records the q-th and refuses it).
func (p *pacer) policyRate(h http.Header) float64 {
	best := 0.0
	for _, it := range xmlrpcLimits(h, "RateLimit-Policy") {
		q, okQ := it.intParam("q")
		w, okW := it.intParam("w")
		if !okQ || !okW || q < 2 || w < 1 {
			continue
		}
		r := learnedShare * float64(q-1) / (float64(w) * p.second.Seconds())
		if best == 0 || r < best {
			best = r
		}
	}
	return best
}

// throttled is a throttle fault: every call is held for at least the
// announced reset, or one interval of the halved pace when that is longer.
// reset is PyPI's whole seconds, truncated (views.py: int(total_seconds)),
// so the window may need up to a second more. It returns the hold.
func (p *pacer) throttled(now time.Time, reset time.Duration) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := max(float64(p.lim.Limit())/2, p.floorLocked())
	p.lim.SetLimitAt(now, rate.Limit(r))
	hold := max(reset, time.Duration(float64(time.Second)/r))
	p.holdLocked(now.Add(hold))
	return hold
}

// answered is a call PyPI answered: the pace recovers a step.
func (p *pacer) answered(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	limit := p.capLocked()
	if cur := float64(p.lim.Limit()); cur < limit {
		p.lim.SetLimitAt(now, rate.Limit(min(cur+limit/recoverSteps, limit)))
	}
}
