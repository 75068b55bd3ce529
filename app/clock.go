package app

import "time"

func timeNowIn(loc *time.Location) time.Time { return time.Now().In(loc) }
