package retry

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestBackoffGrowsWithinItsCeiling(t *testing.T) {
	t.Parallel()
	for attempt, ceiling := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 10: MaxBackoff, 100: MaxBackoff} {
		if got := Ceiling(time.Second, attempt); got != ceiling {
			t.Errorf("Ceiling(1s, %d) = %s, want %s", attempt, got, ceiling)
		}
		for range 20 {
			if d := Backoff(time.Second, attempt); d < 0 || d > ceiling {
				t.Errorf("Backoff(1s, %d) = %s, outside [0, %s]", attempt, d, ceiling)
			}
		}
	}
}

func TestSleep(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	start := time.Now()
	err := Sleep(ctx, time.Minute)
	var de *DeadlineError
	if !errors.As(err, &de) || !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 100*time.Millisecond {
		t.Errorf("a wait past the deadline: %v after %s", err, time.Since(start))
	}
	ctx2, cancel2 := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel2)
	if err := Sleep(ctx2, time.Minute); !errors.Is(err, context.Canceled) {
		t.Errorf("a canceled wait: %v", err)
	}
	if err := Sleep(context.Background(), time.Millisecond); err != nil {
		t.Errorf("a short wait: %v", err)
	}
}
