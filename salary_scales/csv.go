package salaryscales

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/carddesk/carddesk/app/input/csvcell"
	"github.com/carddesk/carddesk/models"
)

// The CSV format of a scale version. One record a line; the first field says
// what the line holds, so that an admin can edit the file in a spreadsheet:
//
//	format,carddesk-salary-scale,1
//	effective_date,2025-01-01
//	reference_weekly_hours,38
//	deduction_cap_percent,20
//	whole_dwelling_cap_percent,40
//	source_note,"JC 323 tables, FPS Employment, 1 January 2025"
//	board,breakfast,0.55          (also midday, evening, lodging)
//	category,cleaning,Cleaning    (code, English label; in table order)
//	rate,cleaning,0,2070.48,12.57 (category, from years, monthly, hourly)
//
// Lines starting with # are comments. Amounts are euros with a decimal point
// (a decimal comma is accepted). A file whose first record is separated by
// semicolons is read with semicolons, as Belgian spreadsheets save it. The
// seniority steps are those the rate lines name.
const (
	csvFormatName    = "carddesk-salary-scale"
	csvFormatVersion = "1"
	maxCSVBytes      = 1 << 20
)

// ExportCSV writes v in the CSV format above. Categories keep their order;
// rates follow category then step. Status and identity are not exported: an
// imported file is always a new draft. Cells that a spreadsheet would read as
// a formula are neutralised (csvcell); ImportCSV undoes it.
func ExportCSV(w io.Writer, v Version) error {
	var buf bytes.Buffer
	buf.WriteString("# Carddesk salary scale version. Edit amounts in euros; import creates a new draft.\n")
	cw := csvcell.NewWriter(&buf)
	eff := ""
	if !v.EffectiveDate.IsZero() {
		eff = Day(v.EffectiveDate).Format(time.DateOnly)
	}
	records := [][]string{
		{"format", csvFormatName, csvFormatVersion},
		{"effective_date", eff},
		{"reference_weekly_hours", formatHoursOrEmpty(v.ReferenceWeeklyHours)},
		{"deduction_cap_percent", strconv.Itoa(v.DeductionCapPercent)},
		{"whole_dwelling_cap_percent", strconv.Itoa(v.WholeDwellingCapPercent)},
		{"source_note", v.SourceNote},
		{"board", "breakfast", v.Board.Breakfast.String()},
		{"board", "midday", v.Board.Midday.String()},
		{"board", "evening", v.Board.Evening.String()},
		{"board", "lodging", v.Board.Lodging.String()},
	}
	for _, c := range v.Categories {
		records = append(records, []string{"category", c.Code, c.Label})
	}
	for _, c := range v.Categories {
		for _, s := range v.Steps {
			if r, ok := v.Rate(c.Code, s); ok {
				records = append(records, []string{"rate", c.Code, strconv.Itoa(s), r.Monthly.String(), r.Hourly.String()})
			}
		}
	}
	if err := cw.WriteAll(records); err != nil {
		return fmt.Errorf("export salary scale: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("export salary scale: %w", err)
	}
	return nil
}

// ImportCSV reads a version from the CSV format above and returns it as a
// draft. Every problem is reported at once, each message starting with the
// line it is on ("line 12: ..."), under the field "file"; the error's
// FieldError.Args carry "line". The version is also checked with Validate,
// and those problems too are given the line they come from where one exists.
func ImportCSV(r io.Reader) (Version, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxCSVBytes+1))
	if err != nil {
		return Version{}, fmt.Errorf("import salary scale: %w", err)
	}
	var val models.Validation
	// lineErr reports a problem of one line: message is a template whose
	// values are kv (name, value pairs), the line number is "line".
	lineErr := func(line int, message string, kv ...any) {
		args := map[string]any{"line": line}
		for i := 0; i+1 < len(kv); i += 2 {
			args[kv[i].(string)] = kv[i+1]
		}
		val.Add("file", "csv_line", "line {{.line}}: "+message, args)
	}
	if len(data) > maxCSVBytes {
		val.Add("file", "too_large", "The file is larger than 1 MiB; a salary scale is much smaller.")
		return Version{}, val.Err()
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // spreadsheets add a byte-order mark

	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = detectComma(data)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true

	v := Version{Status: StatusDraft}
	lines := map[string]int{} // Validate field -> line, to place its errors
	seen := map[string]int{}  // single-valued record -> line
	sawFormat := false
	first := true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				lineErr(pe.Line, "{{.problem}}", "problem", pe.Err.Error())
			} else {
				lineErr(0, "{{.problem}}", "problem", err.Error())
			}
			return Version{}, val.Err()
		}
		line, _ := cr.FieldPos(0)
		for i := range rec {
			rec[i] = csvcell.Value(strings.TrimSpace(rec[i]))
		}
		kind := rec[0]
		if first {
			first = false
			if kind != "format" {
				lineErr(line, "the file must start with the line \"format,{{.format}},{{.version}}\"; is this a Carddesk salary scale export?", "format", csvFormatName, "version", csvFormatVersion)
				return Version{}, val.Err()
			}
		}
		if !storableText(rec) {
			// PostgreSQL refuses invalid UTF-8 and NUL; neither is a scale.
			lineErr(line, "this line holds bytes that are not valid UTF-8 text, or control characters; save the file as CSV UTF-8")
			continue
		}
		want := map[string]int{
			"format": 3, "effective_date": 2, "reference_weekly_hours": 2, "deduction_cap_percent": 2,
			"whole_dwelling_cap_percent": 2, "source_note": 2, "board": 3, "category": 3, "rate": 5,
		}
		n, known := want[kind]
		if !known {
			lineErr(line, "unknown record \"{{.record}}\"; expected one of format, effective_date, reference_weekly_hours, deduction_cap_percent, whole_dwelling_cap_percent, source_note, board, category, rate", "record", kind)
			continue
		}
		if len(rec) != n {
			lineErr(line, "{{.record}} takes {{.want}} fields, found {{.got}}", "record", kind, "want", n, "got", len(rec))
			continue
		}
		single := kind
		if kind == "board" {
			single = "board." + rec[1]
		}
		if kind != "category" && kind != "rate" {
			if prev, dup := seen[single]; dup {
				lineErr(line, "{{.record}} is already given on line {{.previous}}", "record", single, "previous", prev)
				continue
			}
			seen[single] = line
		}
		switch kind {
		case "format":
			if rec[1] != csvFormatName || rec[2] != csvFormatVersion {
				lineErr(line, "unsupported format \"{{.got_format}}\" version \"{{.got_version}}\"; expected {{.format}} version {{.version}}", "got_format", rec[1], "got_version", rec[2], "format", csvFormatName, "version", csvFormatVersion)
				return Version{}, val.Err()
			}
			sawFormat = true
		case "effective_date":
			lines["effective_date"] = line
			if rec[1] == "" {
				break // Validate reports it missing, with this line
			}
			d, err := time.Parse(time.DateOnly, rec[1])
			if err != nil {
				lineErr(line, "effective_date \"{{.value}}\" is not a date written YYYY-MM-DD", "value", rec[1])
				break
			}
			v.EffectiveDate = d
		case "reference_weekly_hours":
			lines["reference_weekly_hours"] = line
			h, err := strconv.ParseFloat(strings.Replace(rec[1], ",", ".", 1), 64)
			if err != nil {
				lineErr(line, "reference_weekly_hours \"{{.value}}\" is not a number of hours", "value", rec[1])
				break
			}
			v.ReferenceWeeklyHours = h
		case "deduction_cap_percent", "whole_dwelling_cap_percent":
			lines[kind] = line
			p, err := strconv.Atoi(rec[1])
			if err != nil {
				lineErr(line, "{{.record}} \"{{.value}}\" is not a whole percentage", "record", kind, "value", rec[1])
				break
			}
			if kind == "deduction_cap_percent" {
				v.DeductionCapPercent = p
			} else {
				v.WholeDwellingCapPercent = p
			}
		case "source_note":
			lines["source_note"] = line
			v.SourceNote = rec[1]
		case "board":
			var dst *Cents
			switch rec[1] {
			case "breakfast":
				dst = &v.Board.Breakfast
			case "midday":
				dst = &v.Board.Midday
			case "evening":
				dst = &v.Board.Evening
			case "lodging":
				dst = &v.Board.Lodging
			default:
				lineErr(line, "unknown board item \"{{.value}}\"; expected breakfast, midday, evening or lodging", "value", rec[1])
				continue
			}
			lines["board."+rec[1]] = line
			c, err := ParseEuros(rec[2])
			if err != nil {
				lineErr(line, "board {{.item}}: {{.problem}}", "item", rec[1], "problem", err.Error())
				break
			}
			*dst = c
		case "category":
			lines[fmt.Sprintf("categories[%d].code", len(v.Categories))] = line
			lines[fmt.Sprintf("categories[%d].label", len(v.Categories))] = line
			v.Categories = append(v.Categories, Category{Code: rec[1], Label: rec[2]})
		case "rate":
			from, err := strconv.Atoi(rec[2])
			if err != nil || from < 0 {
				lineErr(line, "rate {{.category}}: from years \"{{.value}}\" is not a whole number of years", "category", rec[1], "value", rec[2])
				continue
			}
			monthly, err1 := ParseEuros(rec[3])
			hourly, err2 := ParseEuros(rec[4])
			if err1 != nil {
				lineErr(line, "rate {{.category}} from {{.years}} years: monthly {{.problem}}", "category", rec[1], "years", from, "problem", err1.Error())
			}
			if err2 != nil {
				lineErr(line, "rate {{.category}} from {{.years}} years: hourly {{.problem}}", "category", rec[1], "years", from, "problem", err2.Error())
			}
			if err1 != nil || err2 != nil {
				continue
			}
			f := rateField(rec[1], from)
			lines[f+".monthly"], lines[f+".hourly"] = line, line
			v.Rates = append(v.Rates, Rate{Category: rec[1], FromYears: from, Monthly: monthly, Hourly: hourly})
			if i, found := slices.BinarySearch(v.Steps, from); !found {
				v.Steps = slices.Insert(v.Steps, i, from)
			}
		}
	}
	if !sawFormat && first {
		val.Add("file", "empty", "The file is empty.")
	}
	if err := val.Err(); err != nil {
		return Version{}, err
	}
	if err := Validate(v); err != nil {
		var de *models.Error
		if !errors.As(err, &de) {
			return Version{}, err
		}
		for _, fe := range de.Fields {
			if line, ok := lines[fe.Field]; ok {
				lineErr(line, "{{.problem}}", "problem", models.Render(fe.Message, fe.Args))
			} else {
				args := map[string]any{"field": fe.Field}
				for k, v := range fe.Args {
					args[k] = v
				}
				val.Add("file", fe.Code, fe.Message, args)
			}
		}
		return Version{}, val.Err()
	}
	return v, nil
}

// detectComma picks ';' when the first record line holds a semicolon
// before any comma.
// storableText reports whether every field is valid UTF-8 without control
// characters (a line break or tab inside a quoted field excepted).
func storableText(rec []string) bool {
	for _, f := range rec {
		if !utf8.ValidString(f) || strings.ContainsFunc(f, func(r rune) bool {
			return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t'
		}) {
			return false
		}
	}
	return true
}

func detectComma(data []byte) rune {
	for _, l := range bytes.Split(data, []byte("\n")) {
		t := bytes.TrimSpace(l)
		if len(t) == 0 || t[0] == '#' {
			continue
		}
		sc, c := bytes.IndexByte(t, ';'), bytes.IndexByte(t, ',')
		if sc >= 0 && (c < 0 || sc < c) {
			return ';'
		}
		return ','
	}
	return ','
}
