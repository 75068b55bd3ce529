// Package csvcell keeps the CSV files Carddesk writes from being read as
// formulas (CSV injection, CWE-1236). A spreadsheet that opens a CSV file
// treats a cell starting with =, +, - or @ (and, in some, a tab or a carriage
// return) as a formula, which can run commands or send the sheet's contents
// elsewhere; a worker's or employer's name is typed by staff from documents
// others provide. Every CSV writer of Carddesk passes each cell through Cell
// (or writes with Writer), and every CSV reader of Carddesk's own exports
// passes each cell through Value, so an export read back is unchanged.
//
// It is a package of its own, with no imports of Carddesk, so that the
// domain packages that own a CSV format (salary_scales) and app/input, which
// imports them, can both use it.
package csvcell

import (
	"encoding/csv"
	"io"
	"strings"
)

// formulaStart are the first characters that make a spreadsheet read a cell
// as a formula (OWASP, "CSV Injection").
const formulaStart = "=+-@\t\r"

// needsQuote says whether s would be read as a formula, or is a cell that
// Value would otherwise change (an apostrophe before such a cell).
func needsQuote(s string) bool {
	for s != "" && s[0] == '\'' {
		s = s[1:]
	}
	return s != "" && strings.IndexByte(formulaStart, s[0]) >= 0
}

// Cell returns s as a CSV cell that no spreadsheet runs: a cell that starts
// with =, +, -, @, a tab or a carriage return gets an apostrophe in front,
// which spreadsheets show as text and do not display. Other cells are
// returned unchanged. Value undoes it.
func Cell(s string) string {
	if needsQuote(s) {
		return "'" + s
	}
	return s
}

// Value undoes Cell on a cell read back from a Carddesk export:
// Value(Cell(s)) == s for every s.
func Value(s string) string {
	if len(s) > 1 && s[0] == '\'' && needsQuote(s[1:]) {
		return s[1:]
	}
	return s
}

// Record returns rec with every cell passed through Cell (a new slice).
func Record(rec []string) []string {
	out := make([]string, len(rec))
	for i, s := range rec {
		out[i] = Cell(s)
	}
	return out
}

// Writer is a csv.Writer whose every cell goes through Cell.
type Writer struct{ *csv.Writer }

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer { return &Writer{csv.NewWriter(w)} }

// Write writes one record, each cell neutralised.
func (w *Writer) Write(rec []string) error { return w.Writer.Write(Record(rec)) }

// WriteAll writes the records, each cell neutralised, and flushes.
func (w *Writer) WriteAll(records [][]string) error {
	for _, rec := range records {
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}
