package pypi

import "time"

// SetSecond makes PyPI's second, in which its throttle faults and
// RateLimit headers count, last d: tests scale PyPI's time down with the
// fake's Throttle.Unit.
func SetSecond(c *Client, d time.Duration) { c.pace.second = d }

// PaceRate is the XML-RPC pace now, in calls per second.
func PaceRate(c *Client) float64 { return c.pace.Rate() }
