package pypi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// JournalEntry is one entry of PyPI's journal: every change to a project
// (roles, releases, files, the project itself) is one, under a serial that
// rises across all of PyPI. Organization changes write none.
type JournalEntry struct {
	Name    string    // the project's display name, as PyPI wrote it; match it with Normalize
	Version string    // "" for a project-level entry
	Time    time.Time // UTC, whole seconds
	Action  string    // warehouse's wording: see Classify
	Serial  int64
}

// Change classifies the entry's action.
func (e JournalEntry) Change() Change { return Classify(e.Action) }

// JournalPageSize is the most entries PyPI answers to one
// changelog_since_serial call (warehouse/legacy/api/xmlrpc/views.py:
// .limit(50000)).
const JournalPageSize = 50000

// journalMaxBody bounds one journal page: 50,000 entries of Python's
// xmlrpc.client output take about 13 MB, more than Options.MaxBody is for.
const journalMaxBody = 64 << 20

// The journal operations, as they are named in errors.
const (
	opLastSerial  = "XML-RPC changelog_last_serial"
	opSinceSerial = "XML-RPC changelog_since_serial"
)

// ErrJournalIncomplete is a journal that could not be read whole: a page
// PyPI would not give, a malformed page, or a journal ending before the
// serial PyPI announced. A caller must not take what was read for all
// that happened.
var ErrJournalIncomplete = errors.New("the journal could not be read whole")

// LastSerial asks XML-RPC changelog_last_serial: the journal's highest
// serial, 0 for an empty journal.
func (c *Client) LastSerial(ctx context.Context) (int64, error) {
	v, err := c.call(ctx, "journal", opLastSerial, "changelog_last_serial")
	if err != nil {
		return 0, err
	}
	if v == nil {
		return 0, nil // SQL max() of no rows
	}
	n, ok := v.(int)
	if !ok || n < 0 {
		err := fmt.Errorf("%w: changelog_last_serial answered %v, not a serial", ErrMalformed, v)
		return 0, &Error{Package: "journal", Op: opLastSerial, Attempts: 1, Err: err}
	}
	return int64(n), nil
}

// journalPage asks for a page and decodes it as it arrives
// (decodeJournal), holding only the entries keep chooses.
func (c *Client) journalPage(ctx context.Context, since int64, keep func(JournalEntry) bool) (journalPage, error) {
	var p journalPage
	stream := func(r io.Reader) error {
		var err error
		p, err = decodeJournal(r, since, keep)
		return err
	}
	err := c.callStream(ctx, "journal", opSinceSerial, "changelog_since_serial", journalMaxBody, stream, nil, since)
	if err != nil {
		return journalPage{}, err
	}
	return p, nil
}

// Journal is PyPI's journal, read whole from one serial on.
type Journal struct {
	Since   int64          // the serial read from (excluded)
	Last    int64          // the highest serial read; Since when nothing was
	Entries []JournalEntry // the entries kept, lowest serial first
	Read    int            // entries read, kept or not
	Pages   int            // changelog_since_serial calls answered
}

// ReadJournal reads every entry after since, paging as PyPI pages: it asks
// again from the last serial seen.
//
// With upTo > 0 (what LastSerial said, asked first), it reads until it has
// seen upTo; a journal that ends before is ErrJournalIncomplete. That is the
// robust way: it holds even if PyPI's page size changes, and costs no page
// beyond. With upTo <= 0, a page shorter than JournalPageSize ends the read
// (one request fewer, for a poll).
//
// keep chooses the entries to hold on to (nil keeps all): a week of PyPI's
// journal is millions of entries. Any failure is an error wrapping
// ErrJournalIncomplete and its cause; nothing read is returned then.
func (c *Client) ReadJournal(ctx context.Context, since, upTo int64, keep func(JournalEntry) bool) (*Journal, error) {
	j := &Journal{Since: since, Last: since}
	if upTo > 0 && upTo < since {
		return nil, j.incomplete(fmt.Errorf("serial %d is after PyPI's last serial %d: was it read from another index?", since, upTo))
	}
	for upTo <= 0 || j.Last < upTo {
		page, err := c.journalPage(ctx, j.Last, keep)
		if err != nil {
			return nil, j.incomplete(err)
		}
		j.Pages++
		j.add(page)
		switch {
		case upTo > 0 && page.read == 0:
			return nil, j.incomplete(fmt.Errorf("%w: the journal ended at serial %d, before serial %d that PyPI announced", ErrMalformed, j.Last, upTo))
		case upTo <= 0 && page.read < c.opts.JournalPageSize:
			return j, nil
		}
	}
	return j, nil
}

func (j *Journal) add(page journalPage) {
	j.Read += page.read
	j.Entries = append(j.Entries, page.kept...)
	j.Last = page.last
}

func (j *Journal) incomplete(err error) error {
	return fmt.Errorf("pypi: %w: since serial %d, %d pages read up to serial %d: %w", ErrJournalIncomplete, j.Since, j.Pages, j.Last, err)
}
