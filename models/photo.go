package models

import (
	"bytes"
	"image"
	_ "image/jpeg" // decoders of the photo's formats
	_ "image/png"
)

// The worker's photo (issue 13): a document kind of its own, printed on the
// card. It is checked by its content, not its name: a JPEG or PNG that
// decodes whole, portrait, large enough to print sharp on the card's photo
// area (about 25 × 32 mm at 300 dpi) and not absurdly large.

// DocWorkerPhoto is the worker's photo for the card. It is not required to
// submit (an earlier application's photo serves a renewal) but the card's
// layout is refused without one (CodePhotoMissing).
const DocWorkerPhoto DocumentKind = "worker_photo"

// Photo limits.
const (
	MaxPhotoBytes  = 5 << 20
	MinPhotoWidth  = 300
	MinPhotoHeight = 380
	MaxPhotoPixels = 40_000_000 // width × height, so decoding stays bounded
)

// Photo error codes (field "file"); CodePhotoMissing when a card's layout
// finds no photo.
const (
	CodePhotoType     = "photo_type"
	CodePhotoTooLarge = "photo_too_large"
	CodePhotoTooSmall = "photo_too_small"
	CodePhotoDamaged  = "photo_damaged"
	CodePhotoPortrait = "photo_not_portrait"
	CodePhotoMissing  = "photo_missing"
)

// CheckPhoto checks the content of a worker's photo and returns its content
// type.
func CheckPhoto(content []byte) (string, error) {
	var v Validation
	ct := SniffDocument(content[:min(len(content), SniffLen)])
	switch {
	case len(content) == 0:
		v.Add("file", CodeDocumentEmpty, "The file is empty.")
	case ct != ContentTypeJPEG && ct != ContentTypePNG:
		v.Add("file", CodePhotoType, "The photo is a JPEG or PNG image.")
	case len(content) > MaxPhotoBytes:
		v.Add("file", CodePhotoTooLarge, "The photo is larger than {{.max_mib}} MiB; save it at a lower quality.", map[string]any{"max_mib": MaxPhotoBytes >> 20})
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(content))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPhotoPixels {
		v.Add("file", CodePhotoDamaged, "This image cannot be read; take or scan the photo again.")
		return "", v.Err()
	}
	switch {
	case cfg.Width < MinPhotoWidth || cfg.Height < MinPhotoHeight:
		v.Add("file", CodePhotoTooSmall, "The photo is {{.width}} × {{.height}} pixels; the card needs at least {{.min_width}} × {{.min_height}}.",
			map[string]any{"width": cfg.Width, "height": cfg.Height, "min_width": MinPhotoWidth, "min_height": MinPhotoHeight})
	case cfg.Height < cfg.Width:
		v.Add("file", CodePhotoPortrait, "The photo is a portrait: taller than wide, head and shoulders.")
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	if _, _, err := image.Decode(bytes.NewReader(content)); err != nil {
		v.Add("file", CodePhotoDamaged, "This image cannot be read; take or scan the photo again.")
		return "", v.Err()
	}
	return ct, nil
}

// PhotoAttachable reports whether a document of kind may be attached to an
// application in status st besides a draft's documents: the photo, often
// taken at the counter, until the card is collected.
func PhotoAttachable(kind DocumentKind, st ApplicationStatus) bool {
	if kind != DocWorkerPhoto {
		return false
	}
	switch st {
	case ApplicationSubmitted, ApplicationInterviewScheduled, ApplicationInterviewed, ApplicationOnHold, ApplicationApproved, ApplicationCardReady:
		return true
	}
	return false
}
