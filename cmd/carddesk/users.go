package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os/user"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/carddesk/carddesk/app/store"
	"github.com/carddesk/carddesk/app/twofactor"
	"github.com/carddesk/carddesk/models"
)

// cliActor is the operator at the command line: they hold the database
// credentials, so they act without a staff account; the audit trail records
// the operating-system user.
func cliActor() models.Actor {
	who := "unknown"
	if u, err := user.Current(); err == nil {
		who = u.Username
	}
	a := models.System("cli")
	a.IP = "local:" + who
	return a
}

type rolesFlag []models.Role

func (r *rolesFlag) String() string { return fmt.Sprint(*r) }
func (r *rolesFlag) Set(s string) error {
	for _, part := range strings.Split(s, ",") {
		role := models.Role(strings.TrimSpace(part))
		if !role.Valid() {
			return fmt.Errorf("unknown role %q (clerk, interviewer, admin)", part)
		}
		*r = append(*r, role)
	}
	return nil
}

const userUsage = `Usage: carddesk user COMMAND [FLAGS]

Commands:
  add         create a staff account (password from stdin, or --generate)
  deactivate  deactivate an account with a reason (accounts are never deleted)
  list        list accounts
  totp-code   print the current code of a TOTP secret (the demo's accounts)
  reset-totp  reset an account's second factor with a reason (it is set up again at the next sign-in)
`

func cmdUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" || args[0] == "help" {
		fmt.Fprint(stdout, userUsage)
		if len(args) == 0 {
			return fmt.Errorf("user: missing command")
		}
		return nil
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	switch sub {
	case "add":
		email := fs.String("email", "", "e-mail address (the login)")
		name := fs.String("name", "", "full name")
		var roles rolesFlag
		fs.Var(&roles, "role", "clerk, interviewer or admin; repeat or separate with commas for several")
		locale := fs.String("locale", "", "interface language: en, fr or nl (default: the browser's)")
		generate := fs.Bool("generate", false, "generate a one-time password, print it once; it must be changed at first login")
		fs.Usage = usage(fs, "carddesk user add --email E --name N --role R [--generate] < password", storeVars...)
		if err := fs.Parse(args); err != nil {
			return err
		}
		pw := ""
		if !*generate {
			line, err := bufio.NewReader(stdin).ReadString('\n')
			if err != nil && err != io.EOF {
				return fmt.Errorf("read password from stdin: %w", err)
			}
			pw = strings.TrimRight(line, "\r\n")
			if pw == "" {
				return fmt.Errorf("user add: give the password on stdin, or use --generate")
			}
		}
		return withStore(ctx, nil, func(st *store.Store) error {
			if _, err := st.Migrate(ctx); err != nil {
				return err
			}
			u, oneTime, err := st.Users.Create(ctx, cliActor(), models.NewUser{Email: *email, Name: *name, Roles: roles, Locale: *locale}, pw)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "created user %d %s (%s)\n", u.ID, u.Email, rolesString(u.Roles))
			if oneTime != "" {
				fmt.Fprintf(stdout, "one-time password (shown once, to be changed at first login): %s\n", oneTime)
			}
			return nil
		})
	case "deactivate":
		email := fs.String("email", "", "e-mail address of the account")
		reason := fs.String("reason", "", "why the account is deactivated (required)")
		fs.Usage = usage(fs, "carddesk user deactivate --email E --reason R", storeVars...)
		if err := fs.Parse(args); err != nil {
			return err
		}
		return withStore(ctx, nil, func(st *store.Store) error {
			u, err := st.Users.ByEmail(ctx, cliActor(), *email)
			if err != nil {
				return err
			}
			if err := st.Users.Deactivate(ctx, cliActor(), u.ID, *reason); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "deactivated user %d %s\n", u.ID, u.Email)
			return nil
		})
	case "totp-code":
		secret := fs.String("secret", "", "a TOTP secret (base32), such as a demo account's")
		fs.Usage = usage(fs, "carddesk user totp-code --secret S")
		if err := fs.Parse(args); err != nil {
			return err
		}
		// For the demo: its secrets are printed at start, so a newcomer
		// without an authenticator app can still sign in as each role.
		now := time.Now()
		code, err := twofactor.Code(strings.ToUpper(strings.ReplaceAll(*secret, " ", "")), now)
		if err != nil || *secret == "" {
			return fmt.Errorf("user totp-code: give a base32 secret with --secret")
		}
		left := models.TOTPPeriod - now.Unix()%models.TOTPPeriod
		fmt.Fprintf(stdout, "%s (valid for %d more seconds; each code signs in once)\n", code, left)
		return nil
	case "reset-totp":
		email := fs.String("email", "", "e-mail address of the account")
		reason := fs.String("reason", "", "why the second factor is reset (required)")
		fs.Usage = usage(fs, "carddesk user reset-totp --email E --reason R", storeVars...)
		if err := fs.Parse(args); err != nil {
			return err
		}
		// The operator's way back in when no admin can sign in (the last
		// admin's phone and recovery codes lost, or the notes key that
		// seals the TOTP secrets lost); admins reset others on the page.
		return withStore(ctx, nil, func(st *store.Store) error {
			u, err := st.Users.ByEmail(ctx, cliActor(), *email)
			if err != nil {
				return err
			}
			if err := st.TwoFactor.Reset(ctx, cliActor(), u.ID, *reason); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "second factor of user %d %s reset; they set it up again at their next sign-in\n", u.ID, u.Email)
			return nil
		})
	case "list":
		fs.Usage = usage(fs, "carddesk user list", storeVars...)
		if err := fs.Parse(args); err != nil {
			return err
		}
		return withStore(ctx, nil, func(st *store.Store) error {
			users, err := st.Users.List(ctx, cliActor())
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tROLES\tSTATUS")
			for _, u := range users {
				status := "active"
				if !u.Active {
					status = "deactivated: " + u.DeactivationReason
				} else if u.MustChangePassword {
					status = "active (one-time password)"
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, rolesString(u.Roles), status)
			}
			return tw.Flush()
		})
	}
	fmt.Fprint(stderr, userUsage)
	return fmt.Errorf("user: unknown command %q", sub)
}

func rolesString(roles []models.Role) string {
	s := make([]string, len(roles))
	for i, r := range roles {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

const tokenUsage = `Usage: carddesk token COMMAND [FLAGS]

Commands:
  create  create an API bearer token for an account; printed once, stored hashed
  list    list tokens (never their secrets)
  revoke  revoke a token by id
`

func cmdToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" || args[0] == "help" {
		fmt.Fprint(stdout, tokenUsage)
		if len(args) == 0 {
			return fmt.Errorf("token: missing command")
		}
		return nil
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("token "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	switch sub {
	case "create":
		email := fs.String("email", "", "account the token acts as (its roles apply)")
		name := fs.String("name", "integration", "what the token is for")
		fs.Usage = usage(fs, "carddesk token create --email E [--name N]", storeVars...)
		if err := fs.Parse(args); err != nil {
			return err
		}
		return withStore(ctx, nil, func(st *store.Store) error {
			secret, tok, err := st.Auth.CreateToken(ctx, cliActor(), *email, *name)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "token %d for %s (%s); shown once, keep it secret:\n%s\n", tok.ID, tok.UserEmail, tok.Name, secret)
			return nil
		})
	case "revoke":
		id := fs.Int64("id", 0, "token id (see token list)")
		fs.Usage = usage(fs, "carddesk token revoke --id N", storeVars...)
		if err := fs.Parse(args); err != nil {
			return err
		}
		return withStore(ctx, nil, func(st *store.Store) error {
			if err := st.Auth.RevokeToken(ctx, cliActor(), *id); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "revoked token %d\n", *id)
			return nil
		})
	case "list":
		fs.Usage = usage(fs, "carddesk token list", storeVars...)
		if err := fs.Parse(args); err != nil {
			return err
		}
		return withStore(ctx, nil, func(st *store.Store) error {
			toks, err := st.Auth.Tokens(ctx, cliActor())
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tUSER\tNAME\tCREATED\tLAST USED\tSTATUS")
			for _, t := range toks {
				last, status := "never", "active"
				if t.LastUsedAt != nil {
					last = t.LastUsedAt.Format("2006-01-02 15:04")
				}
				if t.RevokedAt != nil {
					status = "revoked " + t.RevokedAt.Format("2006-01-02")
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.UserEmail, t.Name, t.CreatedAt.Format("2006-01-02 15:04"), last, status)
			}
			return tw.Flush()
		})
	}
	fmt.Fprint(stderr, tokenUsage)
	return fmt.Errorf("token: unknown command %q", sub)
}
