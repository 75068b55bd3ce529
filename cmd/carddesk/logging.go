package main

import (
	"log"
	"log/slog"
)

// slogErrorLog routes net/http's own error messages into the structured log.
func slogErrorLog(l *slog.Logger) *log.Logger {
	return slog.NewLogLogger(l.Handler(), slog.LevelWarn)
}
