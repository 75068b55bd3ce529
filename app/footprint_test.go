package app

import (
	"testing"
	"time"
)

// Pages are parsed on their first render (issue 14): every one must still
// parse, so a broken template fails here rather than in front of a clerk.
func TestEveryTemplateParses(t *testing.T) {
	a := &App{cfg: Config{Location: time.UTC}}
	pages, err := loadTemplates(a.templateFuncs())
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 40 {
		t.Fatalf("%d pages found, want every page in templates/", len(pages))
	}
	for name, p := range pages {
		tmpl, err := p.parse()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if tmpl.Lookup("layout") == nil {
			t.Errorf("%s: no layout template", name)
		}
	}
}
