package app

import (
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/models"
)

// The contacts the rights leaflet prints (helplines, specialised centres):
// the list in use with its history, and a new list saved by an admin with
// where the numbers were checked.

// contactInput is one service; key names a service every language's
// leaflet describes (models.HelpContactKeys), label one printed as written.
type contactInput struct {
	Key   string `form:"key" json:"key" max:"20"`
	Label string `form:"label" json:"label" max:"120"`
	Phone string `form:"phone" json:"phone" max:"40"`
	Web   string `form:"web" json:"web" max:"120"`
}

// contactsRequest is a new list, from the page or POST /api/v1/contacts.
type contactsRequest struct {
	Contacts []contactInput `form:"contacts" json:"contacts"`
	Source   string         `form:"source" json:"source" input:"multiline" max:"1000"`
}

func (r contactsRequest) contacts() []models.HelpContact {
	out := make([]models.HelpContact, len(r.Contacts))
	for i, c := range r.Contacts {
		out[i] = models.HelpContact{Key: c.Key, Label: c.Label, Phone: c.Phone, Web: c.Web}
	}
	return out
}

type contactListAPI struct {
	ID        int64                `json:"id"`
	InUse     bool                 `json:"in_use"`
	Contacts  []models.HelpContact `json:"contacts"`
	Source    string               `json:"source"`
	CreatedBy string               `json:"created_by,omitempty"`
	CreatedAt time.Time            `json:"created_at"`
}

func toContactListAPI(l store.ContactListView) contactListAPI {
	cs := l.Contacts
	if cs == nil {
		cs = []models.HelpContact{}
	}
	return contactListAPI{ID: l.ID, InUse: l.InUse, Contacts: cs, Source: l.Source, CreatedBy: l.CreatedByName, CreatedAt: l.CreatedAt}
}

// contactList is GET /contacts and GET /api/v1/contacts.
func (a *App) contactList(c echo.Context) error {
	if !isAPI(c.Request().URL.Path) {
		return a.renderContacts(c, nil)
	}
	h, err := a.store.Helplines.History(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	out := make([]contactListAPI, len(h))
	for i, l := range h {
		out[i] = toContactListAPI(l)
	}
	return c.JSON(http.StatusOK, map[string]any{"versions": out})
}

// renderContacts draws the list in use, its edit form (the list in use and
// one blank row, unless f holds a refused submission) and the history.
func (a *App) renderContacts(c echo.Context, f *form) error {
	h, err := a.store.Helplines.History(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	rows := 1
	if f == nil {
		f = newForm()
		if len(h) > 0 {
			for i, ct := range h[0].Contacts {
				p := fmt.Sprintf("contacts[%d].", i)
				f.Values.Set(p+"key", ct.Key)
				f.Values.Set(p+"label", ct.Label)
				f.Values.Set(p+"phone", ct.Phone)
				f.Values.Set(p+"web", ct.Web)
			}
			rows += len(h[0].Contacts)
		}
	} else {
		for rows = 0; f.Value(fmt.Sprintf("contacts[%d].key", rows)) != "" || f.Values.Has(fmt.Sprintf("contacts[%d].label", rows)); rows++ {
		}
		rows++
	}
	idx := make([]string, rows)
	for i := range idx {
		idx[i] = fmt.Sprintf("contacts[%d].", i)
	}
	keys := []option{{Value: "", Label: "—"}}
	for _, k := range models.HelpContactKeys {
		keys = append(keys, option{Value: k, Label: k})
	}
	loc := a.localizer(c)
	return a.render(c, http.StatusOK, "contacts", &view{Title: loc.T("contacts.title"), Form: f,
		Data: map[string]any{"History": h, "Rows": idx, "Keys": keys}})
}

// contactSave is POST /contacts and POST /api/v1/contacts: the new list is
// printed on every leaflet from now on.
func (a *App) contactSave(c echo.Context) error {
	var req contactsRequest
	err := a.bind(c, &req)
	var l *models.ContactList
	if err == nil {
		l, err = a.store.Helplines.Save(c.Request().Context(), actor(c), req.contacts(), req.Source)
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderContacts(c, f) })
	}
	return a.answer(c, result{status: http.StatusCreated, body: toContactListAPI(store.ContactListView{ContactList: *l, InUse: true}),
		flash: "flash.contacts_saved", redirect: "/contacts"})
}
