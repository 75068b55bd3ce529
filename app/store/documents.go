package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/carddesk/carddesk/models"
)

type documentContent struct {
	DocumentID int64 `gorm:"primaryKey"`
	Content    []byte
}

func (documentContent) TableName() string { return "document_contents" }

// AttachDocument stores an uploaded document of an application, checked by
// content (PDF, JPEG, PNG) and size, in one transaction with its metadata.
func (s *Applications) AttachDocument(ctx context.Context, actor models.Actor, appID int64, kind models.DocumentKind, fileName string, content []byte) (*models.Document, error) {
	if err := actor.Require(models.PermApplicationCreate); err != nil {
		return nil, err
	}
	head := content
	if len(head) > 512 {
		head = head[:512]
	}
	ct, err := models.CheckUpload(kind, int64(len(content)), head, s.opts.Settings)
	if err == nil && kind == models.DocWorkerPhoto {
		ct, err = models.CheckPhoto(content)
	}
	if err != nil {
		return nil, err
	}
	fileName = filepath.Base(strings.TrimSpace(fileName))
	if !utf8.ValidString(fileName) || len(fileName) > 200 {
		fileName = string(kind) + map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}[ct]
	}
	sum := sha256.Sum256(content)
	doc := &models.Document{ApplicationID: appID, Kind: kind, FileName: fileName, ContentType: ct,
		SizeBytes: int64(len(content)), SHA256: hex.EncodeToString(sum[:]), UploadedByID: actor.UserID(), CreatedAt: s.now()}
	err = s.transact(ctx, func(tx *gorm.DB) error {
		_, app, err := s.loadApplication(tx, appID, true)
		if err != nil {
			return err
		}
		if app.Status != models.ApplicationDraft && !models.PhotoAttachable(kind, app.Status) {
			return models.Fail(models.KindConflict, "application_not_draft", "Documents are attached while the application is a draft; this one is {{.status_label}}.").With("status_label", app.Status.Label())
		}
		// Issue 13: an employer who cannot have a private servant is said so
		// before the first upload, not at submission after seven.
		emp, err := s.employer(tx, app.EmployerID)
		if err != nil {
			return err
		}
		if err := models.CheckEmployerBeforeUploads(*emp, s.local()); err != nil {
			return err
		}
		if err := tx.Create((*documentRow)(doc)).Error; err != nil {
			return fmt.Errorf("store document: %w", err)
		}
		if err := tx.Create(&documentContent{DocumentID: doc.ID, Content: content}).Error; err != nil {
			return fmt.Errorf("store document content: %w", err)
		}
		return s.audit(tx, actor, "document.attached", "application", idText(appID), string(kind)+" attached ("+ct+")")
	})
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// DocumentContent returns a document and its bytes, for download.
func (s *Applications) Document(ctx context.Context, actor models.Actor, docID int64) (*models.Document, []byte, error) {
	if err := actor.Require(models.PermApplicationRead); err != nil {
		return nil, nil, err
	}
	db := s.db.WithContext(ctx)
	doc, err := s.document(db, docID)
	if err != nil {
		return nil, nil, err
	}
	var c documentContent
	if err := db.First(&c, "document_id = ?", docID).Error; err != nil {
		return nil, nil, fmt.Errorf("document content %d: %w", docID, err)
	}
	if err := s.audit(db, actor, "document.viewed", "application", idText(doc.ApplicationID), string(doc.Kind)+" downloaded"); err != nil {
		return nil, nil, err
	}
	return doc, c.Content, nil
}
