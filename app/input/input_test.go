package input

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/carddesk/carddesk/models"
	salaryscales "github.com/carddesk/carddesk/salary_scales"
)

type answerIn struct {
	Answer string `form:"answer" json:"answer"`
	Note   string `form:"note" json:"note" input:"multiline" max:"50"`
}

type interpIn struct {
	Language string `form:"language" json:"language"`
}

type sample struct {
	Name      string              `form:"name" json:"name" max:"10"`
	Kind      models.MissionKind  `form:"kind" json:"kind"`
	Present   bool                `form:"present" json:"present"`
	ID        int64               `form:"employer_id" json:"employer_id"`
	Hours     float64             `form:"weekly_hours" json:"weekly_hours"`
	Day       time.Time           `form:"starts_on" json:"starts_on"`
	Optional  *time.Time          `form:"ends_on" json:"ends_on"`
	At        time.Time           `form:"held_at" json:"held_at" input:"instant"`
	Salary    salaryscales.Cents  `form:"salary" json:"salary"`
	Rest      []time.Weekday      `form:"rest_days" json:"rest_days"`
	Tags      []string            `form:"tags" json:"tags"`
	Interp    *interpIn           `form:"interpreter" json:"interpreter"`
	Checklist map[string]answerIn `form:"checklist" json:"checklist"`
}

var brussels, _ = time.LoadLocation("Europe/Brussels")

func fields(t *testing.T, err error) map[string]string {
	t.Helper()
	out := map[string]string{}
	if err == nil {
		return out
	}
	var e *models.Error
	if !errors.As(err, &e) {
		t.Fatalf("not a domain error: %v", err)
	}
	for _, f := range e.Fields {
		out[f.Field] = f.Code
	}
	if len(e.Fields) == 0 {
		out[""] = e.Code
	}
	return out
}

func TestBindFormAndJSONAgree(t *testing.T) {
	form := url.Values{
		"name": {" Ana "}, "kind": {"embassy"}, "present": {"on"}, "employer_id": {"7"}, "weekly_hours": {"38,5"},
		"starts_on": {"2026-03-02"}, "held_at": {"2026-03-02T09:30"}, "salary": {"2070,48"},
		"rest_days": {"saturday", "sunday"}, "tags": {"a", "b"}, "interpreter.language": {"am"},
		"checklist.holds_own_passport.answer": {"yes"}, "checklist.holds_own_passport.note": {"line one\nline two"},
		"_csrf": {"ignored in forms"},
	}
	js := `{"name":"Ana","kind":"embassy","present":true,"employer_id":7,"weekly_hours":38.5,"starts_on":"2026-03-02",
		"held_at":"2026-03-02T09:30:00+01:00","salary":"2070.48","rest_days":["saturday","sunday"],"tags":["a","b"],
		"interpreter":{"language":"am"},"checklist":{"holds_own_passport":{"answer":"yes","note":"line one\nline two"}}}`
	var a, b sample
	if err := Bind(FromForm(form, nil, brussels), &a); err != nil {
		t.Fatalf("form: %v", err)
	}
	src, err := FromJSON(strings.NewReader(js), brussels)
	if err != nil {
		t.Fatal(err)
	}
	if err := Bind(src, &b); err != nil {
		t.Fatalf("json: %v", err)
	}
	if !a.At.Equal(b.At) {
		t.Errorf("instants differ: %v %v", a.At, b.At)
	}
	a.At, b.At = time.Time{}, time.Time{}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("form and JSON bind differently:\n%+v\n%+v", a, b)
	}
	if a.Salary != 207048 || a.Hours != 38.5 || a.Interp == nil || a.Checklist["holds_own_passport"].Note != "line one\nline two" {
		t.Errorf("values: %+v", a)
	}
}

func TestBindReportsEveryMistakeUnderItsName(t *testing.T) {
	tests := []struct {
		name string
		form url.Values
		json string
		want map[string]string
	}{
		{name: "form: every kind wrong at once", form: url.Values{
			"name": {"far too long a name"}, "employer_id": {"x"}, "weekly_hours": {"NaN"}, "starts_on": {"02/03/2026"},
			"held_at": {"tomorrow"}, "salary": {"lots"}, "rest_days": {"funday"}, "checklist.bad key.answer": {"yes"},
		}, want: map[string]string{"name": "too_long", "employer_id": "invalid_choice", "weekly_hours": "invalid_number",
			"starts_on": "invalid_date", "held_at": "invalid_datetime", "salary": "invalid_amount", "rest_days[0]": "invalid_choice",
			"checklist.bad key": "invalid_choice"}},
		{name: "form: control characters and NUL", form: url.Values{"name": {"a\x00b"}, "checklist.x.note": {"ok\nbut \x07"}},
			want: map[string]string{"name": "invalid_text", "checklist.x.note": "invalid_text"}},
		{name: "form: invalid UTF-8", form: url.Values{"name": {"\xff\xfe"}}, want: map[string]string{"name": "invalid_text"}},
		{name: "form: newline in a one-line field", form: url.Values{"name": {"a\nb"}}, want: map[string]string{"name": "invalid_text"}},
		{name: "form: tiny exponent number", form: url.Values{"weekly_hours": {"5e-324"}}, want: map[string]string{"weekly_hours": "invalid_number"}},
		{name: "json: wrong types", json: `{"present":"yes","employer_id":"7","weekly_hours":"38","tags":[1]}`,
			want: map[string]string{"present": "wrong_type", "employer_id": "wrong_type", "weekly_hours": "wrong_type", "tags[0]": "wrong_type"}},
		{name: "json: unknown member", json: `{"name":"a","employer_absent":true,"interpreter":{"language":"am","linked":true}}`,
			want: map[string]string{"employer_absent": "unknown_field", "interpreter.linked": "unknown_field"}},
		{name: "json: member twice", json: `{"name":"a","name":"b"}`, want: map[string]string{"name": "duplicate_key"}},
		{name: "json: trailing data", json: `{"name":"a"} {"name":"b"}`, want: map[string]string{"": "bad_json"}},
		{name: "json: not an object", json: `["a"]`, want: map[string]string{"": "bad_json"}},
		{name: "json: broken", json: `{"name":`, want: map[string]string{"": "bad_json"}},
		{name: "json: fractional id", json: `{"employer_id":7.5}`, want: map[string]string{"employer_id": "invalid_choice"}},
		{name: "json: local time without offset", json: `{"held_at":"2026-03-02T09:30"}`, want: map[string]string{"held_at": "invalid_datetime"}},
		{name: "json: null is absent", json: `{"ends_on":null,"interpreter":null}`, want: map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s sample
			var err error
			if tt.json != "" {
				var src *Source
				if src, err = FromJSON(strings.NewReader(tt.json), brussels); err == nil {
					err = Bind(src, &s)
				}
			} else {
				err = Bind(FromForm(tt.form, nil, brussels), &s)
			}
			if got := fields(t, err); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestJSONBodyIsBounded(t *testing.T) {
	big := `{"name":"` + strings.Repeat("a", MaxJSONBytes) + `"}`
	if _, err := FromJSON(strings.NewReader(big), brussels); models.ErrorCode(err) != "too_large" {
		t.Fatalf("got %v, want too_large", err)
	}
	deep := strings.Repeat(`{"a":`, 20) + `1` + strings.Repeat(`}`, 20)
	if _, err := FromJSON(strings.NewReader(deep), brussels); models.ErrorCode(err) != "bad_json" {
		t.Fatalf("got %v, want bad_json", err)
	}
}

func TestCheckRefusesTwoNames(t *testing.T) {
	Check(&sample{})
	defer func() {
		if recover() == nil {
			t.Fatal("a field with two names was accepted")
		}
	}()
	Check(&struct {
		EmployerAbsent bool `form:"attestations.employer_and_mission_absent" json:"employer_absent"`
	}{})
}

// FuzzFromJSON: no input makes the decoder or the binder panic or hang, and
// what binds once binds the same way again.
func FuzzFromJSON(f *testing.F) {
	for _, seed := range []string{`{"name":"a"}`, `{"checklist":{"x":{"answer":"yes"}}}`, `{"tags":["a",1,null]}`, `{"a":{"b":[{"c":1}]}}`, `{`, `[]`, `{"salary":1e400}`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		src, err := FromJSON(strings.NewReader(doc), brussels)
		if err != nil {
			return
		}
		var s sample
		_ = Bind(src, &s)
	})
}

// FuzzFormBind: no form value makes the binder panic, and every string it
// accepts is valid UTF-8 without control characters and within its limit.
func FuzzFormBind(f *testing.F) {
	f.Add("Ana", "38", "2026-03-02", "2070.48", "yes")
	f.Add("\x00", "NaN", "9999-99-99", "-1", "\xff")
	f.Fuzz(func(t *testing.T, name, hours, day, salary, answer string) {
		var s sample
		err := Bind(FromForm(url.Values{"name": {name}, "weekly_hours": {hours}, "starts_on": {day}, "salary": {salary},
			"checklist.a.answer": {answer}, "checklist.a.note": {name}}, nil, brussels), &s)
		if _, bad := fields(t, err)["name"]; !bad && s.Name != strings.TrimSpace(name) {
			t.Fatalf("name %q bound as %q without an error", name, s.Name)
		}
	})
}
