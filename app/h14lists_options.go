package app

import (
	"fmt"
	"html/template"
	"reflect"
	"strings"
)

// optionTags writes the <option> tags of a select's choices, the one equal
// to chosen selected, escaped as html/template escapes them. A filter offers
// hundreds of choices (the applications list: 200 employers and every
// mission), and a template's loop over them made a few reflective calls a
// choice, which cost the page more CPU than its queries (issue 14).
func optionTags(choices any, chosen string) (template.HTML, error) {
	var b strings.Builder
	tag := func(value, label string) {
		b.WriteString(`<option value="`)
		htmlEscaper.WriteString(&b, value)
		b.WriteByte('"')
		if value == chosen {
			b.WriteString(" selected")
		}
		b.WriteByte('>')
		htmlEscaper.WriteString(&b, label)
		b.WriteString("</option>")
	}
	if opts, ok := choices.([]option); ok {
		for _, o := range opts {
			tag(o.Value, o.Label)
		}
		return template.HTML(b.String()), nil
	}
	// Any other list of values with a Value and a Label.
	v := reflect.ValueOf(choices)
	if v.Kind() != reflect.Slice {
		return "", fmt.Errorf("optionTags: %T is not a list of choices", choices)
	}
	for i := range v.Len() {
		e := reflect.Indirect(v.Index(i))
		if e.Kind() != reflect.Struct || !e.FieldByName("Value").IsValid() || !e.FieldByName("Label").IsValid() {
			return "", fmt.Errorf("optionTags: %T has no Value and Label", choices)
		}
		tag(fmt.Sprint(e.FieldByName("Value").Interface()), fmt.Sprint(e.FieldByName("Label").Interface()))
	}
	return template.HTML(b.String()), nil
}

// htmlEscaper escapes text and quoted attribute values as html/template
// does, so the tags read the same as the template's.
var htmlEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")
