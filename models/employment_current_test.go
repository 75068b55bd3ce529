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

func TestCheckEmployerBeforeUploads(t *testing.T) {
	today := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	ended := time.Date(2019, 6, 30, 0, 0, 0, 0, time.UTC)
	if err := CheckEmployerBeforeUploads(Employer{EntitledToPrivateServant: true}, today); err != nil {
		t.Errorf("entitled: %v", err)
	}
	if ErrorCode(CheckEmployerBeforeUploads(Employer{}, today)) != CodeEmployerNotEntitled {
		t.Error("not entitled accepted")
	}
	if ErrorCode(CheckEmployerBeforeUploads(Employer{EntitledToPrivateServant: true, PostingEndsOn: &ended}, today)) != CodePostingEnded {
		t.Error("posting ended in 2019 accepted")
	}
}
