package models

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// HelpContact is a service the rights leaflet tells the worker to call: a
// specialised centre, a helpline. The list is data an admin keeps (a wrong
// number must not wait for a release), kept as versions so that the list
// printed on any day can be found again.
type HelpContact struct {
	// Key names a service the leaflet's texts describe in each language
	// ("pagasa" is described by the leaflet key "contact_pagasa"). Empty
	// for a service no text describes: Label is then printed as it is.
	Key   string `json:"key"`
	Label string `json:"label"`
	Phone string `json:"phone"`
	Web   string `json:"web"`
}

// HelpContactKeys are the services every language's leaflet describes.
var HelpContactKeys = []string{"pagasa", "payoke", "surya", "helpline"}

// ContactList is one version of the list of contacts.
type ContactList struct {
	ID       int64
	Contacts []HelpContact
	// Source says where the numbers were checked (a page, a call), and
	// which are not confirmed.
	Source      string
	CreatedByID *int64
	CreatedAt   time.Time
}

// NormalizeHelpContacts trims every field and drops rows left entirely
// blank (the form's empty row).
func NormalizeHelpContacts(cs []HelpContact) []HelpContact {
	var out []HelpContact
	for _, c := range cs {
		c.Key = strings.ToLower(strings.TrimSpace(c.Key))
		c.Label, c.Phone, c.Web = strings.TrimSpace(c.Label), strings.TrimSpace(c.Phone), strings.TrimSpace(c.Web)
		if c == (HelpContact{}) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// ValidateContactList checks a new list: at least one service; each known
// by its key or named by a label; reachable by phone or web; a phone of
// digits, spaces and one leading "+"; a web address without scheme or
// spaces; no key twice; and the source of the numbers named.
func ValidateContactList(cs []HelpContact, source string) error {
	var v Validation
	if len(cs) == 0 {
		v.Add("contacts", "required", "List at least one service the worker can call.")
	}
	seen := map[string]bool{}
	for i, c := range cs {
		field := func(name string) string { return "contacts[" + strconv.Itoa(i) + "]." + name }
		switch {
		case c.Key != "" && !slices.Contains(HelpContactKeys, c.Key):
			v.Add(field("key"), "invalid_choice", "Choose a service of the list, or leave it empty and give a label.")
		case c.Key != "" && seen[c.Key]:
			v.Add(field("key"), "duplicate_service", "This service is listed twice.")
		case c.Key == "" && c.Label == "":
			v.Add(field("label"), "required", "Name the service (it is printed as written, in every language).")
		}
		seen[c.Key] = c.Key != ""
		if len([]rune(c.Label)) > 120 {
			v.Add(field("label"), "too_long", "Use at most {{.max}} characters.", map[string]any{"max": 120})
		}
		if c.Phone == "" && c.Web == "" {
			v.Add(field("phone"), "required", "Give a telephone number or a web address.")
		}
		if c.Phone != "" && !validContactPhone(c.Phone) {
			v.Add(field("phone"), "invalid_phone", "Write the number with digits and spaces, optionally after a +, as it is dialled in Belgium.")
		}
		if c.Web != "" && (len(c.Web) > 120 || strings.ContainsAny(c.Web, " \t") || strings.Contains(c.Web, "://") || !strings.Contains(c.Web, ".")) {
			v.Add(field("web"), "invalid_web", "Write the address without http:// (pag-asa.be).")
		}
	}
	switch s := strings.TrimSpace(source); {
	case s == "":
		v.Add("source", "required", "Say where the numbers were checked, and which are not confirmed.")
	case len([]rune(s)) > 1000:
		v.Add("source", "too_long", "Use at most {{.max}} characters.", map[string]any{"max": 1000})
	}
	return v.Err()
}

func validContactPhone(p string) bool {
	digits := 0
	for i, r := range p {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ':
		default:
			return false
		}
	}
	return digits >= 3 && digits <= 15
}
