package app

import "strings"

// csvSafe neutralises a cell that a spreadsheet would read as a formula
// (CSV injection): a leading =, +, -, @, tab or carriage return gets an
// apostrophe in front, which spreadsheets show as text and do not run.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
