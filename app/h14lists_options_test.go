package app

import (
	"bytes"
	"html/template"
	"testing"
)

// TestOptionTagsAsTheTemplate: optionTags writes what the select's loop over
// its choices wrote, escaping included, for every kind of list it is given.
func TestOptionTagsAsTheTemplate(t *testing.T) {
	loop := template.Must(template.New("").Parse(`{{range .Options}}<option value="{{.Value}}"{{if eq $.Chosen .Value}} selected{{end}}>{{.Label}}</option>{{end}}`))
	type other struct{ Value, Label, Extra string }
	chosen := `a"&'+<>` + "\x00z"
	for _, tc := range []struct {
		name    string
		choices any
	}{
		{"options", []option{{Value: "1", Label: "Quispe — Embassy of Peru"}, {Value: chosen, Label: `Ngũgĩ <b>"wa"</b> Thiong'o & co + 1`}, {Value: "", Label: "blank"}}},
		{"another list", []other{{Value: "x", Label: "X"}, {Value: chosen, Label: "<chosen>"}}},
		{"none", []option(nil)},
	} {
		var want bytes.Buffer
		if err := loop.Execute(&want, map[string]any{"Options": tc.choices, "Chosen": chosen}); err != nil {
			t.Fatal(err)
		}
		got, err := optionTags(tc.choices, chosen)
		if err != nil || string(got) != want.String() {
			t.Errorf("%s:\n got %s %v\nwant %s", tc.name, got, err, want.String())
		}
	}
	if _, err := optionTags([]string{"a"}, ""); err == nil {
		t.Error("a list of strings gave tags")
	}
}
