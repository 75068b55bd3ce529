package input

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/carddesk/carddesk/models"
)

// FromJSON reads a JSON document strictly: one object, no trailing data, no
// member named twice, at most MaxJSONBytes. Members are flattened to dotted
// paths ("attestations.leaflet_language"); an array of values gives a field
// several values. Times without an offset are refused (the API speaks RFC
// 3339), loc only names the Directorate's zone.
func FromJSON(r io.Reader, loc *time.Location) (*Source, error) {
	body, err := io.ReadAll(io.LimitReader(r, MaxJSONBytes+1))
	if err != nil {
		return nil, models.Fail(models.KindInvalid, "bad_request", "The request could not be read.")
	}
	if len(body) > MaxJSONBytes {
		return nil, models.Fail(models.KindInvalid, "too_large", "The request is too large.").With("max_bytes", MaxJSONBytes)
	}
	s := &Source{values: map[string][]leaf{}, json: true, loc: loc, used: map[string]bool{}}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v models.Validation
	tok, err := dec.Token()
	if err != nil {
		return nil, badJSON()
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, models.Fail(models.KindInvalid, "bad_json", "The body must be a JSON object.")
	}
	if err := s.object(dec, "", &v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, models.Fail(models.KindInvalid, "bad_json", "The body has data after the JSON document.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

func badJSON() error {
	return models.Fail(models.KindInvalid, "bad_json", "The body is not valid JSON.")
}

// maxDepth bounds the nesting of a document.
const maxDepth = 8

// object reads the members of an object whose '{' was read.
func (s *Source) object(dec *json.Decoder, prefix string, v *models.Validation) error {
	if len(prefix) > 0 && bytes.Count([]byte(prefix), []byte(".")) >= maxDepth {
		return models.Fail(models.KindInvalid, "bad_json", "The document is nested too deeply.")
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return badJSON()
		}
		key, ok := tok.(string)
		if !ok {
			return badJSON()
		}
		path := join(prefix, key)
		if seen[key] {
			v.Add(path, "duplicate_key", "This member is given twice.")
		}
		seen[key] = true
		if err := s.value(dec, path, v); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing '}'
		return badJSON()
	}
	return nil
}

// value reads one value at path.
func (s *Source) value(dec *json.Decoder, path string, v *models.Validation) error {
	tok, err := dec.Token()
	if err != nil {
		return badJSON()
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			return s.object(dec, path, v)
		case '[':
			i := 0
			for ; dec.More(); i++ {
				if i >= 1000 {
					return models.Fail(models.KindInvalid, "bad_json", "An array has too many elements.")
				}
				tok, err := dec.Token()
				if err != nil {
					return badJSON()
				}
				if d, ok := tok.(json.Delim); ok {
					if d == '{' {
						if err := s.object(dec, fmt.Sprintf("%s[%d]", path, i), v); err != nil {
							return err
						}
						continue
					}
					return models.Fail(models.KindInvalid, "bad_json", "Arrays of arrays are not accepted.")
				}
				s.values[path] = append(s.values[path], leafOf(tok))
			}
			if _, err := dec.Token(); err != nil {
				return badJSON()
			}
			if _, ok := s.values[path]; !ok && i == 0 {
				s.values[path] = nil // an empty array is given, and empty
			}
			return nil
		}
		return badJSON()
	default:
		s.values[path] = append(s.values[path], leafOf(tok))
		return nil
	}
}

func leafOf(tok json.Token) leaf {
	switch t := tok.(type) {
	case string:
		return leaf{text: t, kind: kindText}
	case json.Number:
		return leaf{text: t.String(), kind: kindNumber}
	case bool:
		return leaf{text: strconv.FormatBool(t), kind: kindBool}
	case nil:
		return leaf{kind: kindNull}
	}
	return leaf{kind: kindNull}
}
