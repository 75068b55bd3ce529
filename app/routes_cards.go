package app

import (
	"github.com/labstack/echo/v4"
)

// registerCardRoutes: missions, employers, workers, employments,
// applications, documents, interviews (scheduling and recording) and cards.
func (a *App) registerCardRoutes(e *echo.Echo) {
}
