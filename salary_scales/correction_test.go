package salaryscales

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/models"
)

// correcting returns a correcting draft of target with the reason given.
func correcting(t *testing.T, target Version, versions []Version, reason string) Version {
	t.Helper()
	d, err := NewCorrection(target, versions, reason)
	if err != nil {
		t.Fatal(err)
	}
	d.ID = 10
	return d
}

func TestNewCorrection(t *testing.T) {
	v1, v2 := published(1, date(2024, time.May, 1)), published(2, date(2025, time.January, 1))
	fixed := published(3, date(2025, time.January, 1))
	fixed.CorrectsID, fixed.CorrectionReason = 2, "typo"
	draft := twoSteps()
	tests := []struct {
		name     string
		target   Version
		versions []Version
		reason   string
		code     string
	}{
		{"published version", v2, []Version{v1, v2}, "childcare minimum typed 10 euros too low", ""},
		{"no reason", v2, []Version{v1, v2}, "   ", "invalid_input"},
		{"a draft", draft, []Version{v1, draft}, "x", "correction_target_not_published"},
		{"already corrected", v2, []Version{v1, v2, fixed}, "again", "scale_already_corrected"},
		{"the correction itself", fixed, []Version{v1, v2, fixed}, "again", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := NewCorrection(tt.target, tt.versions, tt.reason)
			if models.ErrorCode(err) != tt.code && !(tt.code == "" && err == nil) {
				t.Fatalf("code %q (%v), want %q", models.ErrorCode(err), err, tt.code)
			}
			if tt.code != "" {
				return
			}
			if d.Status != StatusDraft || d.CorrectsID != tt.target.ID || !d.EffectiveDate.Equal(tt.target.EffectiveDate) ||
				d.CorrectionReason != strings.TrimSpace(tt.reason) || d.ID != 0 {
				t.Errorf("draft = %+v", d)
			}
			if NewDraftFrom(d).CorrectsID != 0 {
				t.Error("an ordinary draft started from a correction is a correction")
			}
		})
	}
}

func TestPublishCorrection(t *testing.T) {
	now := date(2025, time.June, 15)
	v1, v2, v3 := published(1, date(2024, time.May, 1)), published(2, date(2025, time.January, 1)), published(3, date(2025, time.September, 1))
	existing := []Version{v1, v2, v3}
	tests := []struct {
		name     string
		draft    func() Version
		versions []Version
		code     string
		field    string
	}{
		{"corrects the one in force, in the past", func() Version { return correcting(t, v2, existing, "typo") }, existing, "", ""},
		{"corrects a scheduled one", func() Version { return correcting(t, v3, existing, "typo") }, existing, "", ""},
		{"corrects a superseded one", func() Version { return correcting(t, v1, existing, "typo") }, existing, "", ""},
		{"moved to another date", func() Version {
			d := correcting(t, v2, existing, "typo")
			d.EffectiveDate = date(2025, time.February, 1)
			return d
		}, existing, "invalid_input", "effective_date:correction_date_differs"},
		{"reason emptied", func() Version {
			d := correcting(t, v2, existing, "typo")
			d.CorrectionReason = ""
			return d
		}, existing, "invalid_input", "correction_reason:required"},
		{"target corrected meanwhile", func() Version { return correcting(t, v2, existing, "typo") }, append(existing, func() Version {
			o := published(11, v2.EffectiveDate)
			o.CorrectsID, o.CorrectionReason = 2, "other admin"
			return o
		}()), "scale_already_corrected", ""},
		{"target unknown", func() Version {
			d := correcting(t, v2, existing, "typo")
			d.CorrectsID = 99
			return d
		}, existing, "correction_target_not_published", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Publish(tt.draft(), tt.versions, now)
			if tt.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != StatusPublished {
					t.Errorf("status %s", got.Status)
				}
				return
			}
			if models.ErrorCode(err) != tt.code {
				t.Fatalf("code %q (%v), want %q", models.ErrorCode(err), err, tt.code)
			}
			if tt.field != "" {
				if f := fields(t, err); len(f) != 1 || f[0] != tt.field {
					t.Errorf("fields %v, want %s", f, tt.field)
				}
			}
		})
	}
}

func TestInForceWithCorrections(t *testing.T) {
	v1, v2, v3 := published(1, date(2024, time.May, 1)), published(2, date(2025, time.January, 1)), published(3, date(2025, time.September, 1))
	c4 := published(4, v2.EffectiveDate)
	c4.CorrectsID, c4.CorrectionReason = 2, "typo"
	c5 := published(5, v2.EffectiveDate)
	c5.CorrectsID, c5.CorrectionReason = 4, "typo in the typo"
	draft := correcting(t, v3, []Version{v1, v2, v3}, "not yet published")
	tests := []struct {
		name     string
		versions []Version
		on       time.Time
		want     int64
	}{
		{"no correction", []Version{v1, v2, v3}, date(2025, time.March, 1), 2},
		{"corrected", []Version{v1, v2, v3, c4}, date(2025, time.March, 1), 4},
		{"corrected, on its first day", []Version{v1, v2, v3, c4}, date(2025, time.January, 1), 4},
		{"corrected twice", []Version{c5, v1, v2, v3, c4}, date(2025, time.March, 1), 5},
		{"the next version still follows", []Version{v1, v2, v3, c4}, date(2025, time.October, 1), 3},
		{"a correcting draft does not count", []Version{v1, v2, v3, draft}, date(2025, time.October, 1), 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := InForce(tt.versions, tt.on)
			if err != nil || got.ID != tt.want {
				t.Fatalf("in force = %d %v, want %d", got.ID, err, tt.want)
			}
		})
	}
	all := []Version{v1, v2, v3, c4, c5}
	if !Superseded(v2, all, date(2025, time.March, 1)) || !Superseded(c4, all, date(2025, time.March, 1)) || Superseded(c5, all, date(2025, time.March, 1)) {
		t.Error("Superseded does not follow the corrections")
	}
	if got := Correction(v2, all); got.ID != 5 {
		t.Errorf("Correction(v2) = %d, want 5", got.ID)
	}
	if got := Correction(v3, all); got.ID != 3 {
		t.Errorf("Correction(v3) = %d, want 3", got.ID)
	}
}

func TestCheckCoverage(t *testing.T) {
	v := twoSteps() // cleaning and childcare
	tests := []struct {
		name  string
		inUse map[string]int
		want  string // field:code:category:count, or ""
	}{
		{"nothing in use", nil, ""},
		{"only categories the version has", map[string]int{"cleaning": 4, "childcare": 1}, ""},
		{"household missing", map[string]int{"cleaning": 4, "household": 3}, "categories:category_in_use:household:3"},
		{"household counted zero", map[string]int{"household": 0}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckCoverage(v, tt.inUse)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var de *models.Error
			if !errors.As(err, &de) {
				t.Fatalf("want *models.Error, got %v", err)
			}
			var got []string
			for _, f := range de.Fields {
				got = append(got, fmt.Sprintf("%s:%s:%v:%v", f.Field, f.Code, f.Args["category"], f.Args["count"]))
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("got %v, want %s", got, tt.want)
			}
			if !strings.Contains(de.Fields[0].Message, "{{.count}} employment(s)") {
				t.Errorf("message does not count the employments: %s", de.Fields[0].Message)
			}
		})
	}
}

func TestCheckCategoryCovered(t *testing.T) {
	v1 := published(1, date(2024, time.May, 1)) // cleaning and childcare
	v1.Categories = append(v1.Categories, Category{"household", "Household work"})
	v1.Rates = append(v1.Rates, Rate{"household", 0, 200000, 1215}, Rate{"household", 5, 210000, 1275})
	v2 := published(2, date(2026, time.January, 1)) // no household
	fixed := v1.Clone()
	fixed.ID, fixed.CorrectsID, fixed.CorrectionReason = 3, 1, "household dropped by mistake"
	fixed.Categories = fixed.Categories[:2]
	fixed.Rates = fixed.Rates[:4]
	end := date(2025, time.December, 31)
	tests := []struct {
		name     string
		versions []Version
		category string
		start    time.Time
		end      *time.Time
		want     int64 // the version named, 0 = covered
	}{
		{"covered by the version in force", []Version{v1}, "household", date(2025, time.March, 1), nil, 0},
		{"a later version lacks it", []Version{v1, v2}, "household", date(2025, time.March, 1), nil, 2},
		{"ends before the later version", []Version{v1, v2}, "household", date(2025, time.March, 1), &end, 0},
		{"starts under the later version", []Version{v1, v2}, "household", date(2026, time.March, 1), nil, 2},
		{"the correction in force lacks it", []Version{v1, fixed}, "household", date(2025, time.March, 1), &end, 3},
		{"a category every version has", []Version{v1, v2, fixed}, "cleaning", date(2025, time.March, 1), nil, 0},
		{"no scale at all", nil, "household", date(2025, time.March, 1), nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckCategoryCovered(tt.versions, tt.category, tt.start, tt.end)
			if tt.want == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var de *models.Error
			if !errors.As(err, &de) || len(de.Fields) != 1 || de.Fields[0].Field != "job_category" ||
				de.Fields[0].Code != ErrCategoryNotInScale || de.Fields[0].Args["version_id"] != tt.want {
				t.Errorf("got %v, want version %d named", err, tt.want)
			}
		})
	}
}
