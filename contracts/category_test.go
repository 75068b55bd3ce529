package contracts

import (
	"strings"
	"testing"

	"github.com/carddesk/carddesk/models"
)

// TestEveryContractTextNamesEveryCategory: every text set that can draw up a
// contract, or stand beside one, names every category of work, so the
// contract prints the category in its own words and needs no fallback.
func TestEveryContractTextNamesEveryCategory(t *testing.T) {
	for code, set := range texts() {
		if len(set.Contract) == 0 {
			continue
		}
		for _, cat := range models.JobCategories {
			if strings.TrimSpace(set.Contract["cat_"+string(cat)]) == "" {
				t.Errorf("%s.toml names no category %s (cat_%s)", code, cat, cat)
			}
		}
	}
}

// TestContractRefusesUnknownCategory: a category outside models.JobCategories
// is refused before anything is drawn (the database refuses it too: the
// contracts' category is a job_categories code).
func TestContractRefusesUnknownCategory(t *testing.T) {
	s := sample()
	s.Category = "gardening"
	_, err := Generate(s)
	var code string
	if e, ok := err.(*models.Error); ok {
		if f, ok := e.Field("category"); ok {
			code = f.Code
		}
	}
	if code != "unknown_category" {
		t.Fatalf("got %v, want unknown_category on category", err)
	}
	for _, cat := range models.JobCategories {
		s.Category = string(cat)
		if _, err := Generate(s); err != nil {
			t.Errorf("%s: %v", cat, err)
		}
	}
}
