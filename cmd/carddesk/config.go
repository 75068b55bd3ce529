package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

// envVar documents one environment variable a command reads; --help lists them.
type envVar struct {
	Name, Default, Help string
	Secret              bool // also read from NAME_FILE
}

var (
	envAddr           = envVar{"CARDDESK_ADDR", "127.0.0.1:8080", "address to listen on", false}
	envDatabaseURL    = envVar{"DATABASE_URL", "", "postgres://user:pass@host/db; empty uses the embedded SQLite database", true}
	envDataDir        = envVar{"CARDDESK_DATA_DIR", "./data", "directory of the embedded SQLite database", false}
	envSecureCookies  = envVar{"CARDDESK_SECURE_COOKIES", "false", "true when served over HTTPS: Secure cookies and HSTS", false}
	envTrustedProxies = envVar{"CARDDESK_TRUSTED_PROXIES", "", "comma-separated CIDRs of reverse proxies whose X-Forwarded-For is trusted; empty: use the TCP peer", false}
	envSessionIdle    = envVar{"CARDDESK_SESSION_IDLE", "30m", "session idle timeout", false}
	envSessionMax     = envVar{"CARDDESK_SESSION_ABSOLUTE", "12h", "session absolute lifetime", false}
	envLoginRate      = envVar{"CARDDESK_LOGIN_RATE", "30", "login requests per minute per client address", false}
	envLogLevel       = envVar{"CARDDESK_LOG_LEVEL", "info", "debug, info, warn or error", false}
	envPDFTimeout     = envVar{"CARDDESK_PDF_TIMEOUT", "20s", "longest time one PDF (contract, summons, leaflet) may take before the request is answered 503", false}
	envAutosave       = envVar{"CARDDESK_AUTOSAVE_INTERVAL", "30s", "how often, at most, the interview record saves its draft by itself while it is typed (where the browser runs JavaScript)", false}
	envLogFormat      = envVar{"CARDDESK_LOG_FORMAT", "json", "json or text", false}
	envTokenCache     = envVar{"CARDDESK_TOKEN_CACHE", "true", "on PostgreSQL, keep a resolved API token up to 10 s, forgotten on every instance when a credential changes (LISTEN/NOTIFY on its own connection); false behind a pooler that does not pass LISTEN, such as PgBouncer in transaction mode", false}
	envMetricsAddr    = envVar{"CARDDESK_METRICS_ADDR", "", "address of a second listener that serves only /metrics (Prometheus), e.g. 127.0.0.1:9464; empty: metrics are not served", false}

	// The interview notes key (notes.go). A secret: never in the database,
	// never next to a PostgreSQL database's dumps.
	envNotesKey = envVar{"CARDDESK_NOTES_KEY", "",
		"AES-256 key sealing interview notes: 32 bytes as 64 hex digits or base64 (openssl rand -hex 32); required with PostgreSQL; " +
			"with the embedded database, generated into CARDDESK_DATA_DIR/notes.key at first run", true}
	envNotesOldKeys   = envVar{"CARDDESK_NOTES_OLD_KEYS", "", "comma-separated earlier notes keys, still accepted to open notes after a key rotation", true}
	envSummonsAddress = envVar{"CARDDESK_SUMMONS_ADDRESS", "", "address of the private interview printed on summons letters, after the room (default: the Protocol Directorate's)", false}
	envSummonsContact = envVar{"CARDDESK_SUMMONS_CONTACT", "", "how the worker reaches the Directorate, printed on summons letters (default: its switchboard)", false}
)

// lookup returns the variable's value: NAME, else the contents of the file
// named by NAME_FILE for secrets (Docker and Kubernetes secrets), else the
// default.
func lookup(v envVar) (string, error) {
	if s, ok := os.LookupEnv(v.Name); ok && s != "" {
		return s, nil
	}
	if v.Secret {
		if path := os.Getenv(v.Name + "_FILE"); path != "" {
			b, err := os.ReadFile(path)
			if err != nil {
				return "", fmt.Errorf("%s_FILE: %w", v.Name, err)
			}
			return strings.TrimSpace(string(b)), nil
		}
	}
	return v.Default, nil
}

func lookupBool(v envVar) (bool, error) {
	s, err := lookup(v)
	if err != nil {
		return false, err
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, fmt.Errorf("%s: want true or false, got %q", v.Name, s)
	}
	return b, nil
}

func lookupDuration(v envVar) (time.Duration, error) {
	s, err := lookup(v)
	if err != nil {
		return 0, err
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s: want a duration such as 30m, got %q", v.Name, s)
	}
	return d, nil
}

func lookupInt(v envVar) (int, error) {
	s, err := lookup(v)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%s: want a positive number, got %q", v.Name, s)
	}
	return n, nil
}

func lookupCIDRs(v envVar) ([]*net.IPNet, error) {
	s, err := lookup(v)
	if err != nil || s == "" {
		return nil, err
	}
	var out []*net.IPNet
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if !strings.Contains(part, "/") {
			if ip := net.ParseIP(part); ip != nil && ip.To4() != nil {
				part += "/32"
			} else {
				part += "/128"
			}
		}
		_, n, err := net.ParseCIDR(part)
		if err != nil {
			return nil, fmt.Errorf("%s: %q is not a CIDR", v.Name, part)
		}
		out = append(out, n)
	}
	return out, nil
}

// usage prints a command's synopsis, its flags and the environment it reads.
func usage(fs *flag.FlagSet, synopsis string, vars ...envVar) func() {
	return func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: %s\n\n", synopsis)
		fmt.Fprintln(w, "Flags:")
		fs.PrintDefaults()
		if len(vars) > 0 {
			fmt.Fprintln(w, "\nEnvironment:")
			for _, v := range vars {
				def := v.Default
				if def == "" {
					def = "(empty)"
				}
				fmt.Fprintf(w, "  %-40s %s (default %s)\n", v.Name, v.Help, def)
				if v.Secret {
					fmt.Fprintf(w, "  %-40s file holding %s\n", v.Name+"_FILE", v.Name)
				}
			}
		}
	}
}
