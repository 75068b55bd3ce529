package salaryscales

import (
	"fmt"
	"strconv"
	"strings"
)

// Cents is an amount of money in euro cents. Amounts are integers so that
// sums, caps and comparisons are exact; only indexation and pro-rata
// computations round, and they round to the nearest cent (half away from zero).
type Cents int64

// String renders c as plain euros with a decimal point and two decimals
// ("2070.48", "-0.05"): the form used in CSV files and form fields.
func (c Cents) String() string {
	sign := ""
	v := int64(c)
	if v < 0 {
		sign = "-"
		v = -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// EUR renders c for English messages: "EUR 2,070.48".
func (c Cents) EUR() string {
	s := c.String()
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return "EUR " + sign + b.String() + "." + frac
}

// ParseEuros reads an amount in euros such as "2070.48", "2070,48", "12.5" or
// "-3". A comma is accepted as the decimal mark (Belgian spreadsheets write
// it); thousands separators, currency signs and more than two decimals are
// refused, so that "2.070,48" can never be read as two euros.
func ParseEuros(s string) (Cents, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("amount %q is empty", s)
	}
	neg := false
	if t[0] == '-' || t[0] == '+' {
		neg = t[0] == '-'
		t = t[1:]
	}
	whole, frac, hasFrac := strings.Cut(strings.Replace(t, ",", ".", 1), ".")
	if whole == "" || !allDigits(whole) || (hasFrac && (frac == "" || len(frac) > 2 || !allDigits(frac))) {
		return 0, fmt.Errorf("amount %q is not a number of euros with at most two decimals (for example 2070.48)", s)
	}
	if len(whole) > 13 {
		return 0, fmt.Errorf("amount %q is too large", s)
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("amount %q: %w", s, err)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	c := Cents(w*100 + f)
	if neg {
		c = -c
	}
	return c, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// mulDivRound returns a*num/den rounded to the nearest integer, halves away
// from zero. den must be positive. Inputs here are cents (below 1e12) times
// factors below 1e7, well inside int64.
func mulDivRound(a, num, den int64) int64 {
	p := a * num
	if p >= 0 {
		return (p + den/2) / den
	}
	return -((-p + den/2) / den)
}
