package models

import (
	"testing"
	"time"
)

func TestCheckEmploymentNotEnded(t *testing.T) {
	today := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	day := func(y int, m time.Month, d int) *time.Time { t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC); return &t }
	for _, c := range []struct {
		ends *time.Time
		ok   bool
	}{{nil, true}, {day(2026, 6, 1), true}, {day(2027, 1, 1), true}, {day(2019, 12, 31), false}, {day(2026, 5, 31), false}} {
		err := CheckEmploymentNotEnded(Employment{EndsOn: c.ends}, today)
		if (err == nil) != c.ok {
			t.Errorf("ends %v: %v", c.ends, err)
		}
	}
}
