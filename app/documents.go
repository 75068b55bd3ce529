package app

import (
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/carddesk/carddesk/app/input"
	"github.com/carddesk/carddesk/models"
)

// Documents of an application: uploaded while it is a draft, checked by
// content (PDF, JPEG, PNG), downloaded by whoever reads the application.

// documentRequest is an upload (multipart: kind and file), from the page or
// the API.
type documentRequest struct {
	Kind models.DocumentKind `form:"kind" json:"kind" max:"60"`
	File *input.File         `form:"file" json:"file"`
}

// Validate requires the file.
func (r documentRequest) Validate(time.Time) error {
	var v models.Validation
	if r.File == nil {
		v.Add("file", "required", "Choose the file to attach.")
	}
	return v.Err()
}

type documentJSON struct {
	ID            int64     `json:"id"`
	ApplicationID int64     `json:"application_id"`
	Kind          string    `json:"kind"`
	FileName      string    `json:"file_name"`
	ContentType   string    `json:"content_type"`
	SizeBytes     int64     `json:"size_bytes"`
	SHA256        string    `json:"sha256"`
	UploadedByID  int64     `json:"uploaded_by_id"`
	CreatedAt     time.Time `json:"created_at"`
}

func toDocumentJSON(d models.Document) documentJSON {
	return documentJSON{ID: d.ID, ApplicationID: d.ApplicationID, Kind: string(d.Kind), FileName: d.FileName,
		ContentType: d.ContentType, SizeBytes: d.SizeBytes, SHA256: d.SHA256, UploadedByID: d.UploadedByID, CreatedAt: d.CreatedAt}
}

// documentAttach is POST /applications/:id/documents and its API twin. It
// reads one byte past the limit, so the domain refuses an oversize file by
// what was actually read rather than by a declared size.
func (a *App) documentAttach(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if isAPI(c.Request().URL.Path) && !isMultipart(c) {
		return models.Fail(models.KindInvalid, "unsupported_media_type", "Send the document as multipart/form-data with the fields kind and file.")
	}
	var req documentRequest
	var doc *models.Document
	if err = a.bind(c, &req); err == nil {
		var content []byte
		if content, err = readUpload(req.File, a.store.Settings().MaxUploadBytes+1); err == nil {
			doc, err = a.store.Applications.AttachDocument(c.Request().Context(), actor(c), id, req.Kind, req.File.Name, content)
		}
	}
	if err != nil {
		return a.refuse(c, err, func(f *form) error { return a.renderApplication(c, id, "document", f) })
	}
	return a.answer(c, result{status: http.StatusCreated, body: toDocumentJSON(*doc), flash: "flash.document_done", redirect: appURL(id)})
}

func isMultipart(c echo.Context) bool {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	return len(ct) >= len(echo.MIMEMultipartForm) && ct[:len(echo.MIMEMultipartForm)] == echo.MIMEMultipartForm
}

// readUpload reads at most limit bytes of an uploaded file.
func readUpload(f *input.File, limit int64) ([]byte, error) {
	file, err := f.Header.Open()
	if err != nil {
		return nil, models.Fail(models.KindInvalid, "bad_request", "The file could not be read; try again.")
	}
	defer file.Close()
	content, err := io.ReadAll(io.LimitReader(file, limit))
	if err != nil {
		return nil, models.Fail(models.KindInvalid, "bad_request", "The file could not be read; try again.")
	}
	return content, nil
}

// documentDownload is GET /documents/:id.
func (a *App) documentDownload(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	doc, content, err := a.store.Applications.Document(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+strconv.FormatInt(doc.ID, 10)+"-"+string(doc.Kind)+extOf(doc.ContentType)+`"`)
	return c.Blob(http.StatusOK, doc.ContentType, content)
}

func extOf(ct string) string {
	switch ct {
	case models.ContentTypePDF:
		return ".pdf"
	case models.ContentTypeJPEG:
		return ".jpg"
	case models.ContentTypePNG:
		return ".png"
	}
	return ""
}
