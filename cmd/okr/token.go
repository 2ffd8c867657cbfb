package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
)

func init() {
	register(&command{name: "token", summary: "create, list and revoke API tokens", run: runToken, subcommands: []string{"create", "list", "revoke", "scim"}})
}

const tokenUsage = `Usage:
  okr token create --user EMAIL [--name NAME]   print a new API token (shown once)
  okr token list --user EMAIL                   list a person's tokens
  okr token revoke --id ID                      revoke a token
  okr token scim --user ADMIN_EMAIL [--revoke]  print a new SCIM token for the
                                                admin's organisation (shown once;
                                                it replaces the one before), or
                                                revoke it

Only a hash of each token is stored: a lost token cannot be shown again,
revoke it and create a new one. Run 'okr token create --help' and so on
for the flags.`

func runToken(ctx context.Context, env *cliEnv, args []string) error {
	if len(args) == 0 {
		return usageError{cmd: "token", msg: "name a subcommand: create, list, revoke or scim"}
	}
	switch args[0] {
	case "create":
		return runTokenCreate(ctx, env, args[1:])
	case "list":
		return runTokenList(ctx, env, args[1:])
	case "revoke":
		return runTokenRevoke(ctx, env, args[1:])
	case "scim":
		return runTokenSCIM(ctx, env, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(env.stdout, tokenUsage)
		return nil
	}
	return usageError{cmd: "token", msg: fmt.Sprintf("unknown subcommand %q: create, list, revoke or scim", args[0])}
}

func runTokenCreate(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "token create", "--user EMAIL [--name NAME] [--db PATH_OR_URL]\n\nPrints a new API token for the person, once: only its hash is stored.\nUse it as 'Authorization: Bearer TOKEN'.")
	dsn := dbFlag(env, fs)
	email := fs.String("user", "", "the e-mail address of the person the token belongs to (required)")
	name := fs.String("name", "cli", "a name that says what the token is for")
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	if err := required(fs, "user", *email); err != nil {
		return err
	}
	if err := noOperands(fs); err != nil {
		return err
	}
	db, err := openExisting(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := db.GetPersonByEmail(ctx, *email)
	if err != nil {
		return describe(err)
	}
	plain, _, err := db.CreateToken(ctx, store.SystemActor(p.OrgID), p.ID, *name)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintln(env.stdout, plain)
	return nil
}

func runTokenList(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "token list", "--user EMAIL [--format text|json] [--db PATH_OR_URL]\n\nLists the person's tokens, revoked ones included, without their secrets.\nNever creates a database.")
	dsn := dbFlag(env, fs)
	email := fs.String("user", "", "the e-mail address of the person whose tokens to list (required)")
	format := formatFlag(fs)
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return badFormat(fs, *format)
	}
	if err := required(fs, "user", *email); err != nil {
		return err
	}
	if err := noOperands(fs); err != nil {
		return err
	}
	db, err := openExisting(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := db.GetPersonByEmail(ctx, *email)
	if err != nil {
		return describe(err)
	}
	toks, err := db.ListTokens(ctx, p.OrgID, p.ID)
	if err != nil {
		return err
	}
	if *format == "json" {
		type tokenJSON struct {
			ID        int64      `json:"id"`
			Name      string     `json:"name"`
			CreatedAt time.Time  `json:"created_at"`
			LastUsed  *time.Time `json:"last_used_at"`
			RevokedAt *time.Time `json:"revoked_at"`
		}
		list := make([]tokenJSON, 0, len(toks))
		for _, t := range toks {
			list = append(list, tokenJSON{t.ID, t.Name, t.CreatedAt, t.LastUsed, t.RevokedAt})
		}
		return writeJSON(env, list)
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tCREATED\tLAST USED\tREVOKED")
	for _, t := range toks {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", strconv.FormatInt(t.ID, 10), t.Name, t.CreatedAt.Format(time.DateTime), when(t.LastUsed), when(t.RevokedAt))
	}
	return tw.Flush()
}

func runTokenRevoke(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "token revoke", "--id ID [--db PATH_OR_URL]\n\nRevokes the token with the id shown by 'okr token list'. It stays listed.")
	dsn := dbFlag(env, fs)
	id := fs.Int64("id", 0, "the id of the token to revoke (required)")
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	if *id <= 0 {
		return usagef(fs, "--id must be the id of a token (okr token list shows them)")
	}
	if err := noOperands(fs); err != nil {
		return err
	}
	db, err := openExisting(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.RevokeTokenByID(ctx, *id); err != nil {
		return describe(err)
	}
	fmt.Fprintf(env.stdout, "Revoked token %d.\n", *id)
	return nil
}

func when(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Format(time.DateTime)
}

func runTokenSCIM(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "token scim", "--user ADMIN_EMAIL [--revoke] [--db PATH_OR_URL]\n\nPrints a new SCIM token for the organisation of the admin, once: only its hash is\nstored, and it replaces the organisation's SCIM token before. Give it to the\nidentity provider with the tenant URL <base-url>/scim/v2 (docs/scim.md).\nWith --revoke, revokes the organisation's SCIM token: provisioning stops.")
	dsn := dbFlag(env, fs)
	email := fs.String("user", "", "the e-mail address of an admin of the organisation (required)")
	revoke := fs.Bool("revoke", false, "revoke the organisation's SCIM token instead")
	if err := parseFlags(env, fs, args); err != nil {
		return err
	}
	if err := required(fs, "user", *email); err != nil {
		return err
	}
	if err := noOperands(fs); err != nil {
		return err
	}
	db, err := openExisting(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := db.GetPersonByEmail(ctx, *email)
	if err != nil {
		return describe(err)
	}
	if p.Archived || p.Role != okr.RoleAdmin {
		fmt.Fprintf(env.stderr, "okr token scim: %s is not an active admin of the organisation\n", *email)
		return exitError{1}
	}
	if *revoke {
		ok, err := db.RevokeSCIMToken(ctx, store.PersonActor(p))
		if err != nil {
			return describe(err)
		}
		if ok {
			fmt.Fprintln(env.stdout, "Revoked the SCIM token: provisioning is off.")
		} else {
			fmt.Fprintln(env.stdout, "The organisation has no SCIM token.")
		}
		return nil
	}
	plain, _, err := db.CreateSCIMToken(ctx, store.PersonActor(p), p.ID)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintln(env.stdout, plain)
	return nil
}
