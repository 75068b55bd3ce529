package app

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"

	"github.com/labstack/echo/v4"
)

//go:embed openapi/*.json
var openAPIFS embed.FS

// buildOpenAPI merges the per-feature fragments in openapi/ into one
// OpenAPI 3 document: foundation.json carries the header; each other file adds
// paths and components. A path or component defined twice is an error.
func buildOpenAPI() ([]byte, error) {
	base, err := openAPIFS.ReadFile("openapi/foundation.json")
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(base, &doc); err != nil {
		return nil, fmt.Errorf("openapi/foundation.json: %w", err)
	}
	files, _ := fs.Glob(openAPIFS, "openapi/*.json")
	for _, f := range files {
		if f == "openapi/foundation.json" {
			continue
		}
		b, _ := openAPIFS.ReadFile(f)
		var frag map[string]any
		if err := json.Unmarshal(b, &frag); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		if err := mergeInto(doc, frag, f); err != nil {
			return nil, err
		}
	}
	return json.MarshalIndent(doc, "", " ")
}

func mergeInto(doc, frag map[string]any, file string) error {
	for key, v := range frag {
		src, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: %q must be an object", file, key)
		}
		dst, _ := doc[key].(map[string]any)
		if dst == nil {
			dst = map[string]any{}
			doc[key] = dst
		}
		for name, item := range src {
			if key == "components" {
				sub, _ := item.(map[string]any)
				if err := mergeInto(dst, map[string]any{name: sub}, file); err != nil {
					return err
				}
				continue
			}
			if _, dup := dst[name]; dup {
				return fmt.Errorf("%s: %s %q is defined twice", file, key, name)
			}
			dst[name] = item
		}
	}
	return nil
}

func (a *App) openAPIDocument(c echo.Context) error {
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, a.openAPI)
}
