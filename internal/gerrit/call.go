package gerrit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"unicode"

	gogerrit "github.com/andygrunwald/go-gerrit"

	"opendev.org/openstack/pypiguard/internal/retry"
)

// maxBody bounds what is read of any answer: a file of source.MaxFileSize
// in base64, with room to spare.
const maxBody = 24 << 20

// attempt is one try of a request through go-gerrit.
type attempt func() (*gogerrit.Response, error)

// call tries a request until it succeeds, fails for good (any 4xx: Gerrit
// would answer the same again), or the retries run out. op names the request
// in errors.
func (c *Client) call(ctx context.Context, op string, try attempt) error {
	for n := 1; ; n++ {
		resp, err := try()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("gerrit: %s: %w", op, ctx.Err())
		}
		e := failure(op, resp, err)
		if isTimeout(err) {
			e.Err = fmt.Errorf("no answer within %s (--gerrit-timeout)", c.opts.Timeout)
		}
		e.Attempts = n
		if !e.Temporary() || n > c.opts.Retries {
			e.Hint = c.hint(e)
			return e
		}
		if err := c.pause(ctx, n); err != nil {
			e.Hint = c.hint(e)
			return fmt.Errorf("%w; gave up: %w", e, err)
		}
	}
}

// isTimeout reports whether err is the HTTP client's own timeout, whose
// text (Go's "Client.Timeout exceeded while awaiting headers") says less
// than the timeout itself.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// failure describes a failed attempt. go-gerrit returns the answer with its
// body unread and open on an error status: it is read (for Gerrit's text)
// and closed here.
func failure(op string, resp *gogerrit.Response, err error) *Error {
	e := &Error{Op: op}
	if resp == nil || resp.Response == nil {
		e.Err = err
		return e
	}
	e.Code = resp.StatusCode
	if e.Code >= 200 && e.Code < 300 {
		e.Err = fmt.Errorf("HTTP %d with an answer that is not Gerrit's JSON: %w", e.Code, err)
		return e
	}
	e.Text = readText(resp.Response)
	return e
}

// readText reads an error answer's text: Gerrit sends plain text, such as
// `Applying label "Verified": -1 is restricted`. It is bounded and stripped
// of control characters, since it ends up on a terminal.
func readText(r *http.Response) string {
	defer r.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(r.Body, 4<<10))
	_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, 64<<10))
	data = bytes.TrimPrefix(bytes.TrimSpace(data), magicPrefix)
	return strings.Join(strings.FieldsFunc(string(data), func(r rune) bool { return !unicode.IsPrint(r) || unicode.IsSpace(r) }), " ")
}

// pause waits before retry number n: a full-jitter exponential back-off. A
// wait that would pass the context's deadline is not started.
func (c *Client) pause(ctx context.Context, n int) error {
	return retry.Sleep(ctx, retry.Backoff(c.opts.BackoffBase, n))
}

// get sends a GET for path (escaped, relative to the base URL; go-gerrit adds
// "a/" when authenticated) and returns the answer's headers and raw body.
func (c *Client) get(ctx context.Context, op, path string) (http.Header, []byte, error) {
	req, err := c.c.NewRequest(ctx, http.MethodGet, path, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("gerrit: %s: %w", op, err)
	}
	var header http.Header
	var body []byte
	err = c.call(ctx, op, func() (*gogerrit.Response, error) {
		buf := &limitedBuffer{}
		resp, err := c.c.Do(req, buf)
		if err == nil {
			header, body = resp.Header, buf.Bytes()
		}
		return resp, err
	})
	return header, body, err
}

// getJSON sends a GET for path, as get does, and decodes Gerrit's JSON
// answer, after its magic prefix, into v.
func (c *Client) getJSON(ctx context.Context, op, path string, v any) error {
	_, body, err := c.get(ctx, op, path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(bytes.TrimPrefix(bytes.TrimSpace(body), magicPrefix), v); err != nil {
		return &Error{Op: op, Code: http.StatusOK, Err: err, Hint: "check that --gerrit-url points at Gerrit"}
	}
	return nil
}

// limitedBuffer keeps up to maxBody bytes and fails beyond.
type limitedBuffer struct{ bytes.Buffer }

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > maxBody {
		return 0, errTooLarge
	}
	return b.Buffer.Write(p)
}
