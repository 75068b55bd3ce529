package app

import (
	"strconv"

	"github.com/carddesk/carddesk/app/store"
)

// countText is a list's count as its page says it: the number, or "more
// than 1000" past store.CountCap, where the store stops counting.
func countText(loc *localizer, n int64) string {
	if n > store.CountCap {
		return loc.T("count.more_than", "count", store.CountCap)
	}
	return strconv.FormatInt(n, 10)
}
