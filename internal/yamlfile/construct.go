package yamlfile

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// constructs reports whether PyYAML's SafeConstructor builds a value from a
// scalar its resolver (or an explicit tag) gave tag: some values the
// resolver's patterns accept make the constructor raise, and safe_load then
// refuses the whole file, so pypiguard must not read it either
// (yaml/pyyaml lib/yaml/constructor.py, construct_yaml_int and
// construct_yaml_timestamp).
func constructs(tag, value string) bool {
	switch tag {
	case "!!int":
		return intDigits(value)
	case "!!timestamp":
		return validTimestamp(value)
	}
	return true
}

// intDigits: construct_yaml_int drops the underscores and a sign, then
// calls int(value[2:], 2) or int(value[2:], 16) on 0b and 0x: "0b_" leaves
// int(”, 2), a ValueError. Every other form the resolver accepts keeps a
// digit.
func intDigits(s string) bool {
	s = strings.TrimLeft(strings.ReplaceAll(s, "_", ""), "+-")
	if strings.HasPrefix(s, "0b") || strings.HasPrefix(s, "0x") {
		return len(s) > 2
	}
	return true
}

// timestampParts is SafeConstructor.timestamp_regexp.
var timestampParts = regexp.MustCompile(`^([0-9]{4})-([0-9][0-9]?)-([0-9][0-9]?)(?:(?:[Tt]|[ \t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\.[0-9]*)?(?:[ \t]*(?:Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?)?$`)

// validTimestamp: construct_yaml_timestamp builds datetime.date(year, month,
// day) or datetime.datetime(..., hour, minute, second, tzinfo=
// timezone(timedelta(hours=tz_hour, minutes=tz_minute))), which raise on a
// year 0, month 13, February 30, hour 24, minute or second 60, or an
// offset of a day or more.
func validTimestamp(s string) bool {
	m := timestampParts.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
	year, month, day := n(1), n(2), n(3)
	if year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
		return false
	}
	if m[4] == "" {
		return true
	}
	return n(4) < 24 && n(5) < 60 && n(6) < 60 && n(8)*60+n(9) < 24*60
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
