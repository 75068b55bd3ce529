package store

import (
	"fmt"

	"gorm.io/gorm"
)

// CountCap is where a list's count stops (issue 14): past it a list says
// "more than CountCap" instead of counting every row of a broad search,
// which at 100,000 workers costs more than the page itself.
const CountCap = 1000

// cappedCount counts the rows q selects, up to CountCap+1: a result above
// CountCap means "more than CountCap". q is not changed.
func cappedCount(q *gorm.DB) (int64, error) {
	var n int64
	sub := q.Session(&gorm.Session{}).Select("1").Limit(CountCap + 1)
	if err := q.Session(&gorm.Session{NewDB: true}).Table("(?) AS capped", sub).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count: %w", err)
	}
	return n, nil
}

// MaxPage is the last page a capped list offers at size: its rows go up to
// CountCap and one more, so a page number never asks the database to skip
// more rows than a count would have read.
func MaxPage(size int) int {
	return (CountCap + size) / size
}
