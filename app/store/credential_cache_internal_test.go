package store

import (
	"testing"
	"time"
)

// TestCredentialCacheRules: what the token cache keeps and when it gives
// it back, step by step.
func TestCredentialCacheRules(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	row := credentialRow{TokenID: 7}
	type step struct {
		name string
		do   func(c *credentialCache) bool // reports whether key "a" is kept afterwards at t0+1s
		want bool
	}
	kept := func(c *credentialCache, at time.Time) bool { _, _, ok := c.lookup("a", at); return ok }
	fill := func(c *credentialCache) { _, gen, _ := c.lookup("a", t0); c.put("a", row, gen, t0) }
	for _, tc := range []step{
		{"kept while the listener listens", func(c *credentialCache) bool { fill(c); return kept(c, t0.Add(time.Second)) }, true},
		{"nothing kept before it listens", func(c *credentialCache) bool {
			c.setLive(false, 0)
			fill(c)
			c.live = true // even if it listens afterwards, what was put then was refused
			return kept(c, t0.Add(time.Second))
		}, false},
		{"not given while it does not listen", func(c *credentialCache) bool {
			fill(c)
			c.live = false
			return kept(c, t0.Add(time.Second))
		}, false},
		{"gone after the TTL", func(c *credentialCache) bool { fill(c); return kept(c, t0.Add(credentialTTL)) }, false},
		{"not trusted once the last probe heard is older than the window", func(c *credentialCache) bool {
			fill(c)
			return kept(c, t0.Add(credentialProbeWindow))
		}, false},
		{"nothing kept until the first probe is heard", func(c *credentialCache) bool {
			c.setLive(true, 42)
			fill(c)
			if kept(c, t0.Add(time.Second)) {
				return true
			}
			if !c.heardProbe(c.probe+":1", t0) || c.heardProbe("probe:other:1", t0) {
				t.Error("heardProbe told this listener's probe from another's wrongly")
			}
			fill(c)
			return !kept(c, t0.Add(time.Second)) // kept once heard
		}, false},
		{"forgotten", func(c *credentialCache) bool { fill(c); c.forget(); return kept(c, t0.Add(time.Second)) }, false},
		{"a resolution that began before a forgetting is not kept", func(c *credentialCache) bool {
			_, gen, _ := c.lookup("a", t0)
			c.forget() // a revocation commits while the database is read
			c.put("a", row, gen, t0)
			return kept(c, t0.Add(time.Second))
		}, false},
		{"a listener lost and found again forgets what was kept", func(c *credentialCache) bool {
			fill(c)
			c.setLive(false, 0)
			c.setLive(true, 42)
			return kept(c, t0.Add(time.Second))
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &credentialCache{live: true, heard: t0}
			if got := tc.do(c); got != tc.want {
				t.Errorf("kept = %v, want %v", got, tc.want)
			}
		})
	}

	t.Run("last use recorded on the entry", func(t *testing.T) {
		c := &credentialCache{live: true, heard: t0}
		fill(c)
		at := t0.Add(time.Minute)
		c.used("a", at)
		got, _, ok := c.lookup("a", t0.Add(time.Second))
		if !ok || got.LastUsedAt == nil || !got.LastUsedAt.Equal(at) {
			t.Errorf("entry %+v (kept %v), want last use %v", got, ok, at)
		}
	})
	t.Run("bounded", func(t *testing.T) {
		c := &credentialCache{live: true, heard: t0}
		for i := range credentialEntries + 1 {
			_, gen, _ := c.lookup("k", t0)
			c.put(string(rune(i)), row, gen, t0)
		}
		if len(c.entries) > credentialEntries {
			t.Errorf("%d entries, want at most %d", len(c.entries), credentialEntries)
		}
	})
}
