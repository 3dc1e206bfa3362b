package pypi

import (
	"fmt"
	"time"
)

// journalEntries reads a page decoded by the generic decodeResponse, as
// the client read journal pages before decodeJournal: an array of [name,
// version, timestamp, action, serial], name, version and action possibly
// nil. It is the reference decodeJournal is compared with.
func journalEntries(v any, since int64) ([]JournalEntry, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%w: journal page %T, not an array", ErrMalformed, v)
	}
	entries := make([]JournalEntry, 0, len(list))
	last := since
	for i, item := range list {
		e, err := journalEntry(item)
		if err != nil {
			return nil, fmt.Errorf("%w: journal entry %d after serial %d: %v", ErrMalformed, i, since, err)
		}
		if e.Serial <= last {
			return nil, fmt.Errorf("%w: journal serial %d after %d: serials must rise", ErrMalformed, e.Serial, last)
		}
		last = e.Serial
		entries = append(entries, e)
	}
	return entries, nil
}

func journalEntry(item any) (JournalEntry, error) {
	f, ok := item.([]any)
	if !ok || len(f) != 5 {
		return JournalEntry{}, fmt.Errorf("%v is not [name, version, time, action, serial]", item)
	}
	name, okN := optString(f[0])
	version, okV := optString(f[1])
	ts, okT := f[2].(int)
	action, okA := optString(f[3])
	serial, okS := f[4].(int)
	if !okN || !okV || !okT || !okA || !okS || serial <= 0 {
		return JournalEntry{}, fmt.Errorf("%v: wrong types", item)
	}
	return JournalEntry{Name: name, Version: version, Time: time.Unix(int64(ts), 0).UTC(), Action: action, Serial: int64(serial)}, nil
}

// optString reads a string that warehouse may send as nil.
func optString(v any) (string, bool) {
	if v == nil {
		return "", true
	}
	s, ok := v.(string)
	return s, ok
}
