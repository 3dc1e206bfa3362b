package pypi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"opendev.org/openstack/pypiguard/internal/retry"
)

// kind is the family of an endpoint, for counting and for bounding.
type kind int

const (
	kindJSON kind = iota
	kindXMLRPC
	kindSimple
	kindHTML
	numKinds
)

// request is one request, sent again on each attempt.
type request struct {
	kind   kind
	op     string // names the request in errors
	method string
	url    string
	body   []byte
	limit  int64 // the largest answer read; 0 for Options.MaxBody
	// stream, when set, reads an answer of HTTP 200 as it arrives instead
	// of holding it whole (see streamed); it is called again on each
	// attempt.
	stream func(io.Reader) error
}

// response is an answer read in full, or by request.stream (body nil,
// streamErr what stream returned).
type response struct {
	status    int
	header    http.Header
	body      []byte
	url       *url.URL // the URL that was asked
	streamErr error
}

// retryable marks an attempt's failure as worth another attempt. wait is
// the wait PyPI announced, zero when it said nothing. held marks XML-RPC
// throttling: the pacer holds the next call, and the retry does not count
// against MaxRetries while the context has a deadline.
type retryable struct {
	err  error
	wait time.Duration
	held bool
}

func (r *retryable) Error() string { return r.err.Error() }
func (r *retryable) Unwrap() error { return r.err }

// do sends r until handle accepts an answer, an attempt fails for good, or
// the retries run out. handle sees every answer that is not a 5xx or 429;
// its error ends the sequence unless it is a *retryable.
func (c *Client) do(ctx context.Context, pkg string, r *request, handle func(*response) error) error {
	start := time.Now()
	_, patient := ctx.Deadline()
	failed := 0 // attempts counted against MaxRetries
	for attempt := 1; ; attempt++ {
		if down := c.breaker.open(); down != nil {
			return c.fail(pkg, r.op, attempt-1, start, &notAsked{down: down})
		}
		err := c.attempt(ctx, r, handle)
		if err == nil {
			c.breaker.record(nil)
			return nil
		}
		// Each attempt that finds PyPI unreachable counts: a few in a row,
		// whichever packages they were for, stop the run's look-ups.
		c.breaker.record(unretryable(err))
		var rt *retryable
		if errors.As(err, &rt) && !(rt.held && patient) {
			failed++
		}
		if rt == nil || failed > c.retries() {
			return c.fail(pkg, r.op, attempt, start, unretryable(err))
		}
		if err := c.pause(ctx, attempt, rt); err != nil {
			return c.fail(pkg, r.op, attempt, start, err)
		}
	}
}

func (c *Client) fail(pkg, op string, attempts int, start time.Time, err error) *Error {
	return &Error{Package: pkg, Op: op, Attempts: attempts, Elapsed: time.Since(start), Err: err}
}

// unretryable strips the retry mark, which callers have no use for.
func unretryable(err error) error {
	var rt *retryable
	if errors.As(err, &rt) {
		return rt.err
	}
	return err
}

// attempt sends r once, within the client's bounds, and judges the answer.
// The slot is kept while the answer is judged, so that an XML-RPC call
// that was throttled holds back the next one before it starts.
func (c *Client) attempt(ctx context.Context, r *request, handle func(*response) error) error {
	release, err := c.acquire(ctx, r.kind)
	if err != nil {
		return err
	}
	defer release()
	resp, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	if err := retryStatus(resp); err != nil {
		return err
	}
	return handle(resp)
}

// acquire waits for the right to send a request of kind k: an XML-RPC
// call waits for its turn, the end of any throttling and the pace;
// anything else waits for a free slot.
func (c *Client) acquire(ctx context.Context, k kind) (release func(), err error) {
	slots := c.slots
	if k == kindXMLRPC {
		slots = c.xmlrpc
	}
	select {
	case slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release = func() { <-slots }
	if k == kindXMLRPC {
		if err := c.pace.wait(ctx); err != nil {
			release()
			return nil, err
		}
	}
	return release, nil
}

// sleep waits d, or fails at once when d would pass ctx's deadline.
func sleep(ctx context.Context, d time.Duration) error {
	err := retry.Sleep(ctx, d)
	var de *retry.DeadlineError
	if errors.As(err, &de) {
		return fmt.Errorf("PyPI is throttling XML-RPC for %s more, past the deadline: %w", roundDuration(d), context.DeadlineExceeded)
	}
	return err
}

// send makes one request and reads its answer within the per-attempt
// timeout and the size limit.
func (c *Client) send(ctx context.Context, r *request) (*response, error) {
	actx, cancel := context.WithTimeout(ctx, c.opts.RequestTimeout)
	defer cancel()
	req, err := c.newRequest(actx, r)
	if err != nil {
		return nil, err
	}
	c.counts[r.kind].Add(1)
	res, err := c.hc.Do(req)
	if err != nil {
		return nil, c.transportError(ctx, err)
	}
	defer res.Body.Close()
	limit := c.opts.MaxBody
	if r.limit > 0 {
		limit = r.limit
	}
	if r.stream != nil && res.StatusCode == http.StatusOK {
		return c.streamed(ctx, r, res, req.URL, limit)
	}
	body, err := readLimited(res.Body, limit)
	if err != nil {
		return nil, c.transportError(ctx, err)
	}
	return &response{status: res.StatusCode, header: res.Header, body: body, url: req.URL}, nil
}

func (c *Client) newRequest(ctx context.Context, r *request) (*http.Request, error) {
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, r.url, body)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	if r.kind == kindXMLRPC {
		// PyPI routes XML-RPC only for a Content-Type starting with
		// text/xml; anything else gets the HTML 404 page.
		req.Header.Set("Content-Type", "text/xml")
	}
	return req, nil
}

// transportError sorts a failed exchange: the caller's context ending and
// an oversized answer are final, anything else (reset, EOF, per-attempt
// timeout) is worth another attempt.
func (c *Client) transportError(ctx context.Context, err error) error {
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.Is(err, ErrTooLarge):
		return err
	case errors.Is(err, context.DeadlineExceeded):
		return &retryable{err: fmt.Errorf("no answer within %s (--pypi-timeout)", c.opts.RequestTimeout)}
	}
	if why := unreachable(err); why != "" {
		return &retryable{err: &UnreachableError{Host: c.base.Host, Reason: why}}
	}
	return &retryable{err: err}
}

// streamed hands an answer to r.stream as it is read. A failure to read
// (a reset, the timeout, the size limit) is the exchange's, as in
// readLimited; what stream makes of the bytes it got is the answer's.
func (c *Client) streamed(ctx context.Context, r *request, res *http.Response, u *url.URL, limit int64) (*response, error) {
	body := &limitedReader{r: res.Body, limit: limit}
	err := r.stream(body)
	if body.err != nil {
		return nil, c.transportError(ctx, body.err)
	}
	return &response{status: res.StatusCode, header: res.Header, url: u, streamErr: err}, nil
}

// limitedReader reads at most limit bytes: one more is ErrTooLarge. It
// remembers the first failure other than the end.
type limitedReader struct {
	r     io.Reader
	limit int64
	read  int64
	err   error
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p[:min(int64(len(p)), l.limit+1-l.read)])
	l.read += int64(n)
	switch {
	case l.read > l.limit:
		l.err = fmt.Errorf("%w: over %d bytes", ErrTooLarge, l.limit)
		return 0, l.err
	case err != nil && err != io.EOF:
		l.err = err
	}
	return n, err
}

// readLimited reads at most limit bytes; more is ErrTooLarge, found without
// reading the rest.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, limit)
	}
	return body, nil
}

// retryStatus marks the statuses worth another attempt: throttling and
// server errors, honouring Retry-After.
func retryStatus(resp *response) error {
	wait := retryAfter(resp.header, time.Now())
	switch {
	case resp.status == http.StatusTooManyRequests:
		return &retryable{err: fmt.Errorf("%w (HTTP 429)", ErrRateLimited), wait: wait}
	case resp.status >= 500:
		return &retryable{err: &StatusError{Code: resp.status}, wait: wait}
	}
	return nil
}
