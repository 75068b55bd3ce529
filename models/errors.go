package models

import (
	"errors"
	"sort"
	"strings"
	"text/template"
)

// Kind classifies a domain error. One map in app/ turns each kind into an HTTP
// status, so a rule never needs to know about HTTP.
type Kind string

// Error kinds.
const (
	KindInvalid      Kind = "invalid"      // the input breaks a rule; the user can fix it
	KindConflict     Kind = "conflict"     // the record's state does not allow this now
	KindNotFound     Kind = "not_found"    // no such record (or not visible to the caller)
	KindForbidden    Kind = "forbidden"    // authenticated, but lacks the permission
	KindUnauthorized Kind = "unauthorized" // not authenticated
	KindTooMany      Kind = "too_many"     // throttled
	KindUnavailable  Kind = "unavailable"  // stopped before it finished (a deadline passed, the client left); nothing was saved
	KindInternal     Kind = "internal"     // a bug or an outage; details are logged, never shown
)

// FieldError is a problem with one input field. Code is stable and
// machine-readable; Message is English and also the fallback when no
// translation exists for "field.<Code>".
type FieldError struct {
	Field   string         `json:"field"`
	Code    string         `json:"code"`
	Message string         `json:"message"`
	Args    map[string]any `json:"-"`
}

// Error is a domain error a person can act on. Code is a stable identifier
// (for example "interview_required") used by API clients and as the
// translation key "error.<Code>"; Message is the English text.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Args    map[string]any
	Fields  []FieldError
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Code + ": " + Render(e.Message, e.Args)
	}
	parts := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		parts = append(parts, f.Field+": "+Render(f.Message, f.Args))
	}
	return e.Code + ": " + Render(e.Message, e.Args) + " (" + strings.Join(parts, "; ") + ")"
}

// Render fills a message template ("{{.held_on}}") with args, in English, for
// logs and the command line; pages and the API render the translation. A
// template that does not parse comes back as it is.
func Render(message string, args map[string]any) string {
	if !strings.Contains(message, "{{") {
		return message
	}
	t, err := template.New("").Option("missingkey=zero").Parse(message)
	if err != nil {
		return message
	}
	var b strings.Builder
	if err := t.Execute(&b, args); err != nil {
		return message
	}
	return b.String()
}

// Field returns the error recorded for field, if any.
func (e *Error) Field(name string) (FieldError, bool) {
	for _, f := range e.Fields {
		if f.Field == name {
			return f, true
		}
	}
	return FieldError{}, false
}

// Fail returns a domain error of the given kind and code. message is the
// English text and, like every domain message, a go-i18n template: values
// travel in Args ("{{.what}}") and are filled in when the message is shown,
// in the reader's language, so no message is ever built with fmt.Sprintf.
func Fail(kind Kind, code, message string) *Error {
	return &Error{Kind: kind, Code: code, Message: message}
}

// With sets an argument of the message template and returns e.
func (e *Error) With(name string, value any) *Error {
	if e.Args == nil {
		e.Args = map[string]any{}
	}
	e.Args[name] = value
	return e
}

// ErrorKind returns the kind of err, KindInternal when err is not a domain error.
func ErrorKind(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// ErrorCode returns the code of err, "internal" when err is not a domain error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return "internal"
}

// Validation collects field errors; it is how every validator in this package
// reports more than one problem at once.
type Validation struct {
	fields []FieldError
}

// Add records a problem with field.
func (v *Validation) Add(field, code, message string, args ...map[string]any) {
	fe := FieldError{Field: field, Code: code, Message: message}
	if len(args) > 0 {
		fe.Args = args[0]
	}
	v.fields = append(v.fields, fe)
}

// Has reports whether field already has an error.
func (v *Validation) Has(field string) bool {
	for _, f := range v.fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns nil when no problem was recorded, otherwise an invalid_input
// error carrying every field error in a stable order.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	fields := append([]FieldError(nil), v.fields...)
	sort.SliceStable(fields, func(i, j int) bool { return fields[i].Field < fields[j].Field })
	return &Error{Kind: KindInvalid, Code: "invalid_input", Message: "Some fields need attention.", Fields: fields}
}
