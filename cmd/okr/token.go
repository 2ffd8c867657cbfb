package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/okr-dev/okr/internal/store"
)

func init() {
	register(&command{name: "token", summary: "create, list and revoke API tokens", run: runToken})
}

const tokenUsage = `Usage:
  okr token create --user EMAIL [--name NAME]   print a new API token (shown once)
  okr token list --user EMAIL                   list a person's tokens
  okr token revoke --id ID                      revoke a token`

func runToken(ctx context.Context, env *cliEnv, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(env.stderr, tokenUsage)
		return exitError{2}
	}
	switch args[0] {
	case "create", "list", "revoke":
	case "-h", "--help", "help":
		fmt.Fprintln(env.stderr, tokenUsage)
		return nil
	default:
		fmt.Fprintln(env.stderr, tokenUsage)
		return exitError{2}
	}
	fs := newFlagSet(env, "token "+args[0], "[flags]")
	dsn := dbFlag(env, fs)
	email := fs.String("user", "", "the e-mail address of the person the token belongs to")
	name := fs.String("name", "cli", "a name that says what the token is for")
	id := fs.Int64("id", 0, "the id of the token to revoke")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if args[0] == "revoke" {
		if *id == 0 {
			return fmt.Errorf("--id is required")
		}
		if err := db.RevokeTokenByID(ctx, *id); err != nil {
			return describe(err)
		}
		fmt.Fprintf(env.stdout, "Revoked token %d.\n", *id)
		return nil
	}
	if *email == "" {
		return fmt.Errorf("--user is required")
	}
	p, err := db.GetPersonByEmail(ctx, *email)
	if err != nil {
		return describe(err)
	}
	if args[0] == "list" {
		toks, err := db.ListTokens(ctx, p.OrgID, p.ID)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tCREATED\tLAST USED\tREVOKED")
		for _, t := range toks {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", strconv.FormatInt(t.ID, 10), t.Name, t.CreatedAt.Format(time.DateTime), when(t.LastUsed), when(t.RevokedAt))
		}
		return tw.Flush()
	}
	plain, _, err := db.CreateToken(ctx, store.SystemActor(p.OrgID), p.ID, *name)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintln(env.stdout, plain)
	return nil
}

func when(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Format(time.DateTime)
}
