// Package input reads the requests of Carddesk's actions: a page's form and
// the JSON API's body bind into the same request struct, through one parser
// per field kind, and every mistake is reported under the field's one name,
// all at once, as a models validation error.
//
// A request type names each field with a form and a json tag, equal (Check
// verifies it, and a test checks every request type). Nested structs and maps
// keyed by a code use dotted paths: the form field "attestations.leaflet_language"
// is the JSON member {"attestations": {"leaflet_language": …}}, and
// "checklist.<item>.answer" is {"checklist": {"<item>": {"answer": …}}}.
//
// Field kinds, by Go type:
//   - string and named string types (the domain's enums, which the domain
//     validates): trimmed, valid UTF-8, no NUL or control character (newlines
//     and tabs only with the option `input:"multiline"`), at most max
//     characters (tag `max:"n"`, default DefaultMax); with `input:"secret"`
//     (passwords) taken as typed;
//   - bool: a checkbox (yes, on, true, 1) or a JSON boolean;
//   - int, int64 (ids) and float64: decimal numbers, finite, no exponent tricks;
//   - time.Time: a calendar day (YYYY-MM-DD, midnight UTC), or with the tag
//     `input:"instant"` a date and time (RFC 3339 with an offset, or a local
//     date-time-local value read in the Directorate's time zone);
//   - *time.Time, *int, *float64, …: an optional value (nil when absent);
//   - Cents: an amount in euros ("2070.48", "2070,48");
//   - time.Weekday and []time.Weekday: English weekday names;
//   - []string: repeated values;
//   - *File: an uploaded file (multipart);
//   - nested struct, *struct (nil unless one of its fields is present) and
//     map[string]struct (one entry per key present).
package input

import (
	"fmt"
	"math"
	"mime/multipart"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

// DefaultMax is the length limit of a text field without a max tag.
const DefaultMax = 200

// MaxJSONBytes bounds a JSON body.
const MaxJSONBytes = 1 << 20

// File is an uploaded file.
type File struct {
	Name   string
	Header *multipart.FileHeader
}

// kind of a JSON leaf, to report a value of the wrong type.
type kind byte

const (
	kindText kind = iota // a form value, or a JSON string
	kindNumber
	kindBool
	kindNull
)

type leaf struct {
	text string
	kind kind
}

// Source is the input of one request: form values or a JSON document
// flattened to the same dotted paths.
type Source struct {
	values map[string][]leaf
	files  map[string][]*multipart.FileHeader
	json   bool
	loc    *time.Location
	used   map[string]bool
}

// FromForm reads form values (and uploaded files, for a multipart form);
// times without an offset are read in loc.
func FromForm(values map[string][]string, files Files, loc *time.Location) *Source {
	s := &Source{values: map[string][]leaf{}, files: files, loc: loc, used: map[string]bool{}}
	for k, vs := range values {
		for _, v := range vs {
			s.values[k] = append(s.values[k], leaf{text: v})
		}
	}
	return s
}

// Bind parses src into dst, a pointer to a request struct, and returns every
// field error at once (nil when all parse). For JSON, a member that is not a
// field of the request is an error too.
func Bind(src *Source, dst any) error {
	var v models.Validation
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		panic(fmt.Sprintf("input.Bind: %T is not a pointer to a struct", dst))
	}
	b := binder{src: src, v: &v}
	b.structFields(rv.Elem(), "")
	if src.json {
		var unknown []string
		for path := range src.values {
			if !src.used[path] {
				unknown = append(unknown, path)
			}
		}
		slices.Sort(unknown)
		for _, path := range unknown {
			v.Add(path, "unknown_field", "This field is not part of the request.")
		}
	}
	return v.Err()
}

type binder struct {
	src *Source
	v   *models.Validation
}

// name is a field's name in the source's language (form or json tag).
func (b binder) name(f reflect.StructField) string {
	tag := "form"
	if b.src.json {
		tag = "json"
	}
	name, _, _ := strings.Cut(f.Tag.Get(tag), ",")
	return name
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

func (b binder) structFields(rv reflect.Value, prefix string) {
	t := rv.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct && f.Tag.Get("form") == "" {
			b.structFields(rv.Field(i), prefix) // an embedded request: its fields are this one's
			continue
		}
		name := b.name(f)
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		b.field(rv.Field(i), f, join(prefix, name))
	}
}

var (
	timeType    = reflect.TypeFor[time.Time]()
	centsType   = reflect.TypeFor[salaryscales.Cents]()
	weekdayType = reflect.TypeFor[time.Weekday]()
	fileType    = reflect.TypeFor[*File]()
)

// has reports whether any value sits at path or below it. A form sends its
// empty fields too, so there only a value typed counts: an optional group
// of fields left blank (an interpreter nobody booked) is absent.
func (s *Source) has(path string) bool {
	given := func(vs []leaf) bool {
		if s.json {
			return true
		}
		for _, v := range vs {
			if strings.TrimSpace(v.text) != "" {
				return true
			}
		}
		return false
	}
	if vs, ok := s.values[path]; ok && given(vs) {
		return true
	}
	for k, vs := range s.values {
		if strings.HasPrefix(k, path+".") && given(vs) {
			return true
		}
	}
	_, ok := s.files[path]
	return ok
}

// keys lists the keys of the map at path whose elements are of type elem.
// A key may itself hold dots (the ILO-EC indicators are coded
// "<dimension>.<indicator>"): for struct elements the key ends where one of
// the element's fields begins; for a nested map it is the next segment; for
// values it is the rest of the path.
func (s *Source) keys(path string, elem reflect.Type) []string {
	fields := map[string]bool{}
	if elem.Kind() == reflect.Struct {
		for i := 0; i < elem.NumField(); i++ {
			for _, tag := range []string{"form", "json"} {
				name, _, _ := strings.Cut(elem.Field(i).Tag.Get(tag), ",")
				fields[name] = true
			}
		}
	}
	seen := map[string]bool{}
	for k := range s.values {
		rest, ok := strings.CutPrefix(k, path+".")
		if !ok {
			continue
		}
		key := rest
		switch elem.Kind() {
		case reflect.Map:
			key, _, _ = strings.Cut(rest, ".")
		case reflect.Struct:
			for i := 0; i < len(rest); i++ {
				if rest[i] != '.' {
					continue
				}
				if next, _, _ := strings.Cut(rest[i+1:], "."); fields[next] {
					key = rest[:i]
					break
				}
			}
		}
		seen[key] = true
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// take returns the values at path and marks them read.
func (s *Source) take(path string) []leaf {
	vs, ok := s.values[path]
	if ok {
		s.used[path] = true
	}
	return vs
}

func (b binder) field(fv reflect.Value, f reflect.StructField, path string) {
	t := f.Type
	switch {
	case t == fileType:
		if fhs := b.src.files[path]; len(fhs) > 0 {
			fv.Set(reflect.ValueOf(&File{Name: fhs[0].Filename, Header: fhs[0]}))
		}
		return
	case t.Kind() == reflect.Struct && t != timeType:
		b.structFields(fv, path)
		return
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct && t.Elem() != timeType:
		if vs := b.src.values[path]; len(vs) == 1 && vs[0].kind == kindNull {
			b.src.used[path] = true // null: absent
			return
		}
		if b.src.has(path) {
			p := reflect.New(t.Elem())
			b.structFields(p.Elem(), path)
			fv.Set(p)
		}
		return
	case t.Kind() == reflect.Map:
		if !b.src.has(path) {
			return
		}
		m := reflect.MakeMap(t)
		for _, key := range b.src.keys(path, t.Elem()) {
			if !validKey(key) {
				b.v.Add(join(path, key), "invalid_choice", "Unknown entry.")
				markUsed(b.src, join(path, key))
				continue
			}
			e := reflect.New(t.Elem()).Elem()
			b.element(e, f, join(path, key))
			m.SetMapIndex(reflect.ValueOf(key).Convert(t.Key()), e)
		}
		fv.Set(m)
		return
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
		b.src.take(path) // an empty array
		n := b.src.count(path)
		if n == 0 {
			return
		}
		s := reflect.MakeSlice(t, n, n)
		for i := 0; i < n; i++ {
			b.structFields(s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		fv.Set(s)
		return
	case t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8:
		vals := b.src.take(path)
		if strings.Contains(f.Tag.Get("input"), "list") && !b.src.json {
			vals = splitList(vals)
		}
		s := reflect.MakeSlice(t, 0, len(vals))
		for i, lf := range vals {
			e := reflect.New(t.Elem()).Elem()
			if b.scalar(e, f, fmt.Sprintf("%s[%d]", path, i), []leaf{lf}) {
				s = reflect.Append(s, e)
			}
		}
		if len(vals) > 0 {
			fv.Set(s)
		}
		return
	}
	b.scalar(fv, f, path, b.src.take(path))
}

// element parses a map's element: a struct, a nested map, or a value.
func (b binder) element(e reflect.Value, f reflect.StructField, path string) {
	switch e.Kind() {
	case reflect.Struct:
		b.structFields(e, path)
	case reflect.Map:
		m := reflect.MakeMap(e.Type())
		for _, key := range b.src.keys(path, e.Type().Elem()) {
			if !validKey(key) {
				b.v.Add(join(path, key), "invalid_choice", "Unknown entry.")
				markUsed(b.src, join(path, key))
				continue
			}
			x := reflect.New(e.Type().Elem()).Elem()
			b.element(x, f, join(path, key))
			m.SetMapIndex(reflect.ValueOf(key).Convert(e.Type().Key()), x)
		}
		e.Set(m)
	default:
		b.scalar(e, f, path, b.src.take(path))
	}
}

// count is the number of elements of an array of objects at path
// ("path[0].code", "path[1].code", …): one past the highest index given, so
// a gap is an element with every field empty, never a shifted list.
func (s *Source) count(path string) int {
	n := 0
	for k := range s.values {
		rest, ok := strings.CutPrefix(k, path+"[")
		if !ok {
			continue
		}
		idx, _, ok := strings.Cut(rest, "]")
		i, err := strconv.Atoi(idx)
		if !ok || err != nil || i < 0 {
			continue
		}
		if i >= 1000 {
			s.used[k] = true // too many elements: not bound
			continue
		}
		n = max(n, i+1)
	}
	return n
}

// splitList splits form values that list several items in one field.
func splitList(vals []leaf) []leaf {
	var out []leaf
	for _, v := range vals {
		for _, part := range strings.FieldsFunc(v.text, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) }) {
			out = append(out, leaf{text: part, kind: v.kind})
		}
	}
	return out
}

// validKey accepts the codes maps are keyed by.
func validKey(k string) bool {
	if k == "" || len(k) > 120 {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

func markUsed(s *Source, path string) {
	for k := range s.values {
		if k == path || strings.HasPrefix(k, path+".") {
			s.used[k] = true
		}
	}
}

// scalar parses one value into fv; it reports whether a value was set.
func (b binder) scalar(fv reflect.Value, f reflect.StructField, path string, vals []leaf) bool {
	if len(vals) == 0 {
		return false
	}
	lf := vals[0]
	if lf.kind == kindNull {
		return false
	}
	t := fv.Type()
	if t.Kind() == reflect.Pointer && t.Elem() != timeType {
		// An optional value: nil when absent.
		p := reflect.New(t.Elem())
		if !b.scalar(p.Elem(), f, path, vals) {
			return false
		}
		fv.Set(p)
		return true
	}
	opt := f.Tag.Get("input")
	wrong := func(want kind) bool {
		if b.src.json && lf.kind != want {
			b.v.Add(path, "wrong_type", "This field has the wrong type.")
			return true
		}
		return false
	}
	switch {
	case t == timeType || (t.Kind() == reflect.Pointer && t.Elem() == timeType):
		if wrong(kindText) {
			return false
		}
		s := strings.TrimSpace(lf.text)
		if s == "" {
			return false
		}
		var tm time.Time
		var ok bool
		if opt == "instant" {
			tm, ok = b.instant(path, s)
		} else {
			tm, ok = b.day(path, s)
		}
		if !ok {
			return false
		}
		if t.Kind() == reflect.Pointer {
			fv.Set(reflect.ValueOf(&tm))
		} else {
			fv.Set(reflect.ValueOf(tm))
		}
		return true
	case t == centsType:
		if b.src.json && lf.kind != kindText && lf.kind != kindNumber {
			b.v.Add(path, "wrong_type", "This field has the wrong type.")
			return false
		}
		s := strings.TrimSpace(lf.text)
		if s == "" {
			return false
		}
		c, err := salaryscales.ParseEuros(s)
		if err != nil {
			b.v.Add(path, "invalid_amount", "Enter an amount in euros, such as 2070.48.")
			return false
		}
		fv.SetInt(int64(c))
		return true
	case t == weekdayType:
		if wrong(kindText) {
			return false
		}
		d, ok := salaryscales.ParseWeekday(lf.text)
		if !ok {
			b.v.Add(path, "invalid_choice", "Name a weekday in English: monday to sunday.")
			return false
		}
		fv.SetInt(int64(d))
		return true
	}
	switch t.Kind() {
	case reflect.String:
		if wrong(kindText) {
			return false
		}
		s, ok := b.text(path, lf.text, f)
		if ok {
			fv.SetString(s)
		}
		return ok
	case reflect.Bool:
		if b.src.json {
			if wrong(kindBool) {
				return false
			}
			fv.SetBool(lf.text == "true")
			return true
		}
		switch strings.ToLower(strings.TrimSpace(lf.text)) {
		case "yes", "on", "true", "1":
			fv.SetBool(true)
		}
		return true
	case reflect.Int, reflect.Int64:
		if wrong(kindNumber) {
			return false
		}
		s := strings.TrimSpace(lf.text)
		if s == "" {
			return false
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			code, msg := "invalid_number", "Enter a whole number."
			if strings.HasSuffix(f.Name, "ID") {
				code, msg = "invalid_choice", "Choose from the list."
			}
			b.v.Add(path, code, msg)
			return false
		}
		fv.SetInt(n)
		return true
	case reflect.Float64:
		if wrong(kindNumber) {
			return false
		}
		s := strings.ReplaceAll(strings.TrimSpace(lf.text), ",", ".")
		if s == "" {
			return false
		}
		n, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(n) || math.IsInf(n, 0) || strings.ContainsAny(s, "eExXpP_") {
			b.v.Add(path, "invalid_number", "Enter a number.")
			return false
		}
		fv.SetFloat(n)
		return true
	}
	panic(fmt.Sprintf("input: field %s has an unsupported type %s", f.Name, t))
}

// text checks one text value: valid UTF-8, no NUL or control character (but
// newlines and tabs in a multiline field), at most max characters.
func (b binder) text(path, s string, f reflect.StructField) (string, bool) {
	opts := f.Tag.Get("input")
	multiline := strings.Contains(opts, "multiline")
	if !utf8.ValidString(s) {
		b.v.Add(path, "invalid_text", "This text contains bytes that are not valid characters.")
		return "", false
	}
	max := DefaultMax
	if m := f.Tag.Get("max"); m != "" {
		max, _ = strconv.Atoi(m)
	}
	if opts == "secret" {
		// A password is taken as typed, spaces included; only its length
		// is bounded here.
		if strings.ContainsRune(s, 0) || utf8.RuneCountInString(s) > max {
			b.v.Add(path, "invalid_text", "This text is too long or contains a NUL character.")
			return "", false
		}
		return s, true
	}
	s = strings.TrimSpace(s)
	for _, r := range s {
		if r == '\n' || r == '\t' || r == '\r' {
			if multiline {
				continue
			}
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			b.v.Add(path, "invalid_text", "This text contains control characters; type it again without them.")
			return "", false
		}
	}
	if utf8.RuneCountInString(s) > max {
		b.v.Add(path, "too_long", "Use at most {{.max}} characters.", map[string]any{"max": max})
		return "", false
	}
	return s, true
}

// day reads a calendar day, as midnight UTC like the domain.
func (b binder) day(path, s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < 1900 || t.Year() > 2200 {
		b.v.Add(path, "invalid_date", "Use the form YYYY-MM-DD.")
		return time.Time{}, false
	}
	return t, true
}

// instant reads a date and time: RFC 3339 with its offset, or (from a form's
// datetime-local) a local time in the Directorate's zone.
func (b binder) instant(path, s string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil && t.Year() >= 1900 && t.Year() <= 2200 {
		return t, true
	}
	if !b.src.json {
		loc := b.src.loc
		if loc == nil {
			loc = time.UTC
		}
		for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
			if t, err := time.ParseInLocation(layout, s, loc); err == nil && t.Year() >= 1900 && t.Year() <= 2200 {
				return t, true
			}
		}
		b.v.Add(path, "invalid_datetime", "Use a date and time such as 2026-03-02 14:30.")
		return time.Time{}, false
	}
	b.v.Add(path, "invalid_datetime", "Use an RFC 3339 date and time with its offset, such as 2026-03-02T09:30:00+01:00.")
	return time.Time{}, false
}

// Check panics unless every field of the request type of dst has equal form
// and json tags, so that a field has one name everywhere (a tag "-" marks a
// field of the page only, or of the API only); a test runs it over every
// request type.
func Check(dst any) {
	checkType(reflect.TypeOf(dst))
}

func checkType(t reflect.Type) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Map || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == timeType {
		return
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		form, _, _ := strings.Cut(f.Tag.Get("form"), ",")
		js, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if form != js && form != "-" && js != "-" {
			panic(fmt.Sprintf("input: %s.%s has form name %q but JSON name %q", t.Name(), f.Name, form, js))
		}
		if f.Type != fileType {
			checkType(f.Type)
		}
	}
}

// Files are a multipart form's files by field name.
type Files = map[string][]*multipart.FileHeader
