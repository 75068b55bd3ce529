package app_test

import (
	"context"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/carddesk/carddesk/app/input"
	"github.com/carddesk/carddesk/app/store"
)

// TestRequestTypesMatchOpenAPI: every API route that takes a body names its
// request type in the route table; each request type gives each field one
// name (input.Check), and the OpenAPI document describes exactly those
// members, nested objects and maps included, so the document says the names
// the binder reads.
func TestRequestTypesMatchOpenAPI(t *testing.T) {
	e := newEnv(t, store.SQLite)
	_, body := e.anonymous().get("/api/v1/openapi.json")
	doc, err := openapi3.NewLoader().LoadFromData([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`:(\w+)`)
	for _, r := range e.app.Routes() {
		if r.Request == nil {
			if strings.HasPrefix(r.Path, "/api/") && (r.Method == "POST" || r.Method == "PUT") {
				op := doc.Paths.Find(param.ReplaceAllString(r.Path, "{$1}")).GetOperation(r.Method)
				if op != nil && op.RequestBody != nil && op.RequestBody.Value.Content.Get("application/json") != nil {
					t.Errorf("%s %s documents a JSON body but names no request type in the route table", r.Method, r.Path)
				}
			}
			continue
		}
		input.Check(r.Request)
		op := doc.Paths.Find(param.ReplaceAllString(r.Path, "{$1}")).GetOperation(r.Method)
		if op == nil || op.RequestBody == nil || op.RequestBody.Value.Content.Get("application/json") == nil {
			t.Errorf("%s %s: no JSON request body in openapi.json", r.Method, r.Path)
			continue
		}
		compareSchema(t, r.Method+" "+r.Path, "", reflect.TypeOf(r.Request), op.RequestBody.Value.Content.Get("application/json").Schema.Value)
	}
}

// compareSchema checks that schema describes the JSON members of t.
func compareSchema(t *testing.T, route, path string, typ reflect.Type, schema *openapi3.Schema) {
	t.Helper()
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch {
	case typ.Kind() == reflect.Map:
		if schema.AdditionalProperties.Schema == nil {
			t.Errorf("%s: %s is a map; the document has no additionalProperties", route, path)
			return
		}
		compareSchema(t, route, path+".*", typ.Elem(), schema.AdditionalProperties.Schema.Value)
		return
	case typ.Kind() == reflect.Slice && typ.Elem().Kind() == reflect.Struct:
		if schema.Items == nil {
			t.Errorf("%s: %s is a list of objects; the document has no items", route, path)
			return
		}
		compareSchema(t, route, path+"[]", typ.Elem(), schema.Items.Value)
		return
	case typ.Kind() != reflect.Struct || typ.PkgPath() == "time" || typ.Name() == "File":
		return
	}
	members := map[string]reflect.Type{}
	fields := map[string]reflect.StructField{}
	var collect func(reflect.Type)
	collect = func(st reflect.Type) {
		for i := 0; i < st.NumField(); i++ {
			f := st.Field(i)
			if f.Anonymous && f.Tag.Get("json") == "" {
				collect(f.Type)
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name != "" && name != "-" {
				members[name] = f.Type
				fields[name] = f
			}
		}
	}
	collect(typ)
	props := schema.Properties
	if len(schema.AllOf) > 0 {
		props = openapi3.Schemas{}
		for _, s := range schema.AllOf {
			for k, v := range s.Value.Properties {
				props[k] = v
			}
		}
	}
	var want, got []string
	for name := range members {
		want = append(want, name)
	}
	for name := range props {
		got = append(got, name)
	}
	sort.Strings(want)
	sort.Strings(got)
	for _, name := range want {
		if !slices.Contains(got, name) {
			t.Errorf("%s: the request reads %s%s, which the document does not describe", route, prefix(path), name)
		}
	}
	for _, name := range got {
		if !slices.Contains(want, name) {
			t.Errorf("%s: the document describes %s%s, which the request does not read", route, prefix(path), name)
		}
	}
	for name, ft := range members {
		if p, ok := props[name]; ok && p.Value != nil {
			compareMaxLength(t, route, prefix(path)+name, fields[name], p.Value)
			compareSchema(t, route, prefix(path)+name, ft, p.Value)
		}
	}
}

// pdfInputs are the requests whose texts are printed on a PDF (the contract;
// the booking, on the summons): the document states the limit of each.
var pdfInputs = map[string]bool{
	"POST /api/v1/applications/:id/contracts":  true,
	"POST /api/v1/applications/:id/interviews": true,
}

// compareMaxLength: where the document states a text's maxLength it is the
// binder's limit (the max tag, or input.DefaultMax); a PDF's inputs state
// it for every text.
func compareMaxLength(t *testing.T, route, path string, f reflect.StructField, schema *openapi3.Schema) {
	t.Helper()
	if f.Type.Kind() != reflect.String {
		return
	}
	limit := uint64(input.DefaultMax)
	if m := f.Tag.Get("max"); m != "" {
		n, _ := strconv.Atoi(m)
		limit = uint64(n)
	}
	switch {
	case schema.MaxLength != nil && *schema.MaxLength != limit:
		t.Errorf("%s: %s has maxLength %d in the document, %d in the binder", route, path, *schema.MaxLength, limit)
	case schema.MaxLength == nil && pdfInputs[route]:
		t.Errorf("%s: %s is printed on a PDF; the document must state its maxLength (%d)", route, path, limit)
	}
}

func prefix(path string) string {
	if path == "" {
		return ""
	}
	return path + "."
}
