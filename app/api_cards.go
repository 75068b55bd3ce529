package app

import "github.com/labstack/echo/v4"

// registerCardAPIRoutes: the JSON API of the card lifecycle (issue 3).
func (a *App) registerCardAPIRoutes(e *echo.Echo) {
}
