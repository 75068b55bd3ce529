package store

import "strconv"

// Page selects one page of a list.
type Page struct {
	Number int // 1-based
	Size   int
}

func (p Page) norm() Page {
	if p.Number < 1 {
		p.Number = 1
	}
	if p.Size < 1 || p.Size > 200 {
		p.Size = 25
	}
	return p
}

func (p Page) offset() int { return (p.Number - 1) * p.Size }

func idText(id int64) string { return strconv.FormatInt(id, 10) }
