package app_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/carddesk/carddesk/models"
)

// TestTranslationsComplete: every message exists in English, French and
// Dutch, with the same placeholders, and every id used by a template or a
// handler exists.
func TestTranslationsComplete(t *testing.T) {
	files := map[string]map[string]string{}
	for _, l := range models.Locales {
		m := map[string]string{}
		paths, _ := filepath.Glob("locales/*" + l + ".toml")
		for _, path := range paths {
			if _, err := toml.DecodeFile(path, &m); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
		}
		files[l] = m
	}
	placeholder := regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)
	names := func(s string) []string {
		var out []string
		for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
		slices.Sort(out)
		return out
	}
	for id, en := range files["en"] {
		for _, l := range models.Locales[1:] {
			tr, ok := files[l][id]
			if !ok {
				t.Errorf("%s: missing %q", l, id)
				continue
			}
			if !slices.Equal(names(en), names(tr)) {
				t.Errorf("%s: %q has placeholders %v, English has %v", l, id, names(tr), names(en))
			}
		}
	}
	for _, l := range models.Locales[1:] {
		for id := range files[l] {
			if _, ok := files["en"][id]; !ok {
				t.Errorf("%s: %q is not in en.toml", l, id)
			}
		}
	}
	// Ids used literally in templates and Go code.
	used := regexp.MustCompile(`(?:\.T|loc\.T|T)\(?\s*"([a-z_]+\.[a-z_.]+)"`)
	var sources []string
	for _, glob := range []string{"templates/*.html", "*.go"} {
		matches, _ := filepathGlob(glob)
		sources = append(sources, matches...)
	}
	for _, f := range sources {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, _ := os.ReadFile(f)
		for _, m := range used.FindAllStringSubmatch(string(b), -1) {
			if _, ok := files["en"][m[1]]; !ok {
				t.Errorf("%s uses %q, which en.toml lacks", f, m[1])
			}
		}
	}
	// Every role and permission shown on pages has a name.
	for _, r := range models.Roles {
		for _, prefix := range []string{"role.", "rolehelp."} {
			if _, ok := files["en"][prefix+string(r)]; !ok {
				t.Errorf("en.toml lacks %s%s", prefix, r)
			}
		}
	}
}

func filepathGlob(p string) ([]string, error) { return filepath.Glob(p) }
