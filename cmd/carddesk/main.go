// Command carddesk runs the Carddesk web application and its administration
// commands. Configuration comes only from flags and environment variables
// (with *_FILE variants for secrets); `carddesk COMMAND --help` lists them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const topUsage = `carddesk — special identity cards for diplomats' private domestic workers.

Usage: carddesk [COMMAND] [FLAGS]

Commands:
  serve      run the web application (the default)
  migrate    apply database migrations and exit
  user       add, deactivate, list staff accounts
  token      create, list, revoke API bearer tokens
  audit      verify the audit trail's hash chain
  backup     write a consistent copy of the embedded database (while the server runs)
  restore    restore the embedded database from a backup (server stopped) and advance the card sequence
  cards      the card number sequence: advance it past every known number (after any restore)
  notes      re-seal the interviewers' notes under a new key (key rotation); count them by key
  healthcheck  ask a running server's /healthz (for container health checks)
  generate   fill an empty database with generated records at scale (benchmarks, load tests)
  version    print the version

Run "carddesk COMMAND --help" for a command's flags and environment.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "carddesk:", err)
		os.Exit(1)
	}
}

// run dispatches a command line; tests call it directly.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return cmdServe(ctx, args, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, args, stdout, stderr)
	case "user":
		return cmdUser(ctx, args, stdin, stdout, stderr)
	case "token":
		return cmdToken(ctx, args, stdout, stderr)
	case "audit":
		return cmdAudit(ctx, args, stdout, stderr)
	case "backup":
		return cmdBackup(ctx, args, stdout, stderr)
	case "restore":
		return cmdRestore(ctx, args, stdout, stderr)
	case "cards":
		return cmdCards(ctx, args, stdout, stderr)
	case "notes":
		return cmdNotes(ctx, args, stdout, stderr)
	case "healthcheck":
		return cmdHealthcheck(ctx, args, stdout, stderr)
	case "generate":
		return cmdGenerate(ctx, args, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, topUsage)
		return nil
	}
	fmt.Fprint(stderr, topUsage)
	return fmt.Errorf("unknown command %q", cmd)
}

func newLogger(w io.Writer) (*slog.Logger, error) {
	levelText, err := lookup(envLogLevel)
	if err != nil {
		return nil, err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(levelText)); err != nil {
		return nil, fmt.Errorf("%s: %w", envLogLevel.Name, err)
	}
	format, err := lookup(envLogFormat)
	if err != nil {
		return nil, err
	}
	opts := &slog.HandlerOptions{Level: level}
	switch format {
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("%s: want json or text, got %q", envLogFormat.Name, format)
}
