package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/contracts"
	"github.com/carddesk/carddesk/models"
)

// The contacts the rights leaflet prints (helplines, specialised centres),
// kept as versions of one list, append-only: the latest is in use, and the
// list printed on any day can be read back.

type contactListRow struct {
	ID          int64
	Contacts    string // JSON: [{"key","label","phone","web"}]
	Source      string
	CreatedByID *int64
	CreatedAt   time.Time
}

func (contactListRow) TableName() string { return "contact_lists" }

func (r contactListRow) model() (models.ContactList, error) {
	l := models.ContactList{ID: r.ID, Source: r.Source, CreatedByID: r.CreatedByID, CreatedAt: r.CreatedAt.UTC()}
	if err := json.Unmarshal([]byte(r.Contacts), &l.Contacts); err != nil {
		return l, fmt.Errorf("contact list %d: %w", r.ID, err)
	}
	return l, nil
}

// ContactListView is a version of the list with who saved it.
type ContactListView struct {
	models.ContactList
	CreatedByName string
	InUse         bool
}

// currentContacts returns the list in use.
func currentContacts(tx *gorm.DB) (models.ContactList, error) {
	var r contactListRow
	if err := tx.Order("id DESC").Take(&r).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return models.ContactList{}, fmt.Errorf("no list of contacts: the migration seeds one")
		}
		return models.ContactList{}, fmt.Errorf("load contacts: %w", err)
	}
	return r.model()
}

// leafletContacts is the list in use as the leaflet prints it.
func leafletContacts(tx *gorm.DB) ([]contracts.Contact, error) {
	l, err := currentContacts(tx)
	if err != nil {
		return nil, err
	}
	out := make([]contracts.Contact, len(l.Contacts))
	for i, c := range l.Contacts {
		out[i] = contracts.Contact{Key: c.Key, Label: c.Label, Phone: c.Phone, Web: c.Web}
	}
	return out, nil
}

// History lists every version of the list, newest first. Contacts are
// public (printed on every leaflet): anyone who may read translations may
// read them.
func (s *Helplines) History(ctx context.Context, actor models.Actor) ([]ContactListView, error) {
	if err := actor.Require(models.PermTranslationRead); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	var rows []contactListRow
	if err := db.Order("id DESC").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list contacts: %w", err)
	}
	var ids []int64
	for _, r := range rows {
		if r.CreatedByID != nil {
			ids = append(ids, *r.CreatedByID)
		}
	}
	names := map[int64]string{}
	if len(ids) > 0 {
		users, err := find[models.User, userRow](db.Select("id, name").Where("id IN ?", ids), "users")
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			names[u.ID] = u.Name
		}
	}
	out := make([]ContactListView, len(rows))
	for i, r := range rows {
		l, err := r.model()
		if err != nil {
			return nil, err
		}
		out[i] = ContactListView{ContactList: l, InUse: i == 0}
		if r.CreatedByID != nil {
			out[i].CreatedByName = names[*r.CreatedByID]
		}
	}
	return out, nil
}

// Save makes a new list the one in use, after the domain's checks; the
// list before stays in the history.
func (s *Helplines) Save(ctx context.Context, actor models.Actor, contacts []models.HelpContact, source string) (*models.ContactList, error) {
	if err := actor.Require(models.PermContactManage); err != nil {
		return nil, err
	}
	contacts, source = models.NormalizeHelpContacts(contacts), strings.TrimSpace(source)
	if err := models.ValidateContactList(contacts, source); err != nil {
		return nil, err
	}
	b, err := json.Marshal(contacts)
	if err != nil {
		return nil, err
	}
	row := contactListRow{Contacts: string(b), Source: source, CreatedAt: s.now()}
	if id := actor.UserID(); id > 0 {
		row.CreatedByID = &id
	}
	err = s.transact(ctx, func(tx *gorm.DB) error {
		prev, err := currentContacts(tx)
		if err != nil {
			return err
		}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("save contacts: %w", err)
		}
		return s.audit(tx, actor, "contacts.saved", "contact_list", idText(row.ID),
			fmt.Sprintf("leaflet contacts version %d saved (%d services; was version %d with %d)", row.ID, len(contacts), prev.ID, len(prev.Contacts)))
	})
	if err != nil {
		return nil, err
	}
	l, err := row.model()
	return &l, err
}
