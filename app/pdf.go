package app

import (
	"context"
	"time"

	"github.com/labstack/echo/v4"
)

// Drawing a PDF (a contract, a summons, the rights leaflet) is the one piece
// of work whose time grows with what a caller sends. It is bounded three
// ways: every text field has a length limit (the request types' max tags,
// stated in the OpenAPI document); the drawing stops when the request's
// context ends, because the client left (contracts.GenerateContext and its
// siblings ask before every paragraph); and a deadline of its own,
// Config.PDFTimeout, answers 503 "timeout" rather than hold a worker for
// the server's write timeout.

// DefaultPDFTimeout is Config.PDFTimeout when it is not set: far above the
// time of the longest document the limits allow (tens of milliseconds), far
// below the server's write timeout (60 s).
const DefaultPDFTimeout = 20 * time.Second

// Codes of the work stopped before it finished (models.KindUnavailable).
const (
	CodeTimeout   = "timeout"
	CodeCancelled = "request_cancelled"
)

// pdfContext is the context a PDF is drawn in: the request's, with the
// deadline for documents.
func (a *App) pdfContext(c echo.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(c.Request().Context(), a.cfg.PDFTimeout)
}
