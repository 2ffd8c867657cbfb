package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/password"
	"github.com/okr-dev/okr/internal/store"
)

func init() {
	register(&command{name: "user", summary: "add people (okr help user add)", run: runUser, subcommands: []string{"add"}})
}

func runUser(ctx context.Context, env *cliEnv, args []string) error {
	switch {
	case len(args) == 0:
		return usageError{cmd: "user", msg: "name a subcommand: add"}
	case args[0] == "-h" || args[0] == "--help" || args[0] == "help":
		fmt.Fprintln(env.stdout, "Usage: okr user add --email EMAIL --name NAME [--role admin|member] [--org SLUG] [--org-name NAME] [--password PW]\n\nRun 'okr help user add' for the flags.")
		return nil
	case args[0] != "add":
		return usageError{cmd: "user", msg: fmt.Sprintf("unknown subcommand %q: add", args[0])}
	}
	fs := newFlagSet(env, "user add", "--email EMAIL --name NAME [--role admin|member] [--org SLUG] [--org-name NAME] [--password PW]")
	dsn := dbFlag(env, fs)
	email := fs.String("email", "", "the person's e-mail address (their sign-in)")
	name := fs.String("name", "", "the person's full name")
	role := fs.String("role", "member", "admin or member")
	slug := fs.String("org", "", "the organisation's slug; may be left out when there is only one")
	orgName := fs.String("org-name", "", "create the organisation with this name when --org does not exist yet")
	pw := fs.String("password", "", "the password; a random one is generated and printed when empty")
	if err := parseFlags(env, fs, args[1:]); err != nil {
		return err
	}
	if err := required(fs, "email", *email); err != nil {
		return err
	}
	if err := required(fs, "name", *name); err != nil {
		return err
	}
	if err := noOperands(fs); err != nil {
		return err
	}
	// Everything that can be wrong is checked before anything is written,
	// so that a failed command leaves no organisation or person behind.
	person := okr.Person{Email: strings.TrimSpace(*email), Name: strings.TrimSpace(*name), Role: okr.Role(*role)}
	if err := person.Validate(); err != nil {
		return describe(err)
	}
	if *pw != "" {
		if msg := passwordProblem(*pw); msg != "" {
			return errors.New(msg)
		}
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.GetPersonByEmail(ctx, person.Email); err == nil {
		return fmt.Errorf("the e-mail address %s is in use already", person.Email)
	} else if okr.ErrorCode(err) != okr.ENOTFOUND {
		return err
	}
	org, err := findOrg(ctx, db, *slug, *orgName)
	if err != nil {
		return err
	}
	person.OrgID = org.ID
	p, err := db.CreatePerson(ctx, store.SystemActor(org.ID), person)
	if err != nil {
		return describe(err)
	}
	generated := *pw == ""
	if generated {
		*pw = randomPassword()
	}
	h, err := password.Hash(*pw)
	if err != nil {
		return err
	}
	if err := db.SetPassword(ctx, p.ID, h); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "Added %s <%s> as %s of %s.\n", p.Name, p.Email, p.Role, org.Name)
	if generated {
		fmt.Fprintf(env.stdout, "Password (shown once): %s\n", *pw)
	}
	return nil
}

// passwordProblem says what is wrong with a new password, "" when nothing.
func passwordProblem(pw string) string {
	switch password.Check(pw) {
	case "":
		return ""
	case "too_short":
		return fmt.Sprintf("the password must have at least %d characters", password.MinLength)
	case "too_long":
		return fmt.Sprintf("the password may have at most %d characters", password.MaxLength)
	}
	return "the password is not acceptable"
}

// findOrg returns the organisation with slug, creating it when name is given
// and it does not exist. An empty slug picks the only organisation.
func findOrg(ctx context.Context, db *store.DB, slug, name string) (okr.Org, error) {
	if slug == "" {
		orgs, err := db.ListOrgs(ctx)
		if err != nil {
			return okr.Org{}, err
		}
		switch {
		case len(orgs) == 1:
			return orgs[0], nil
		case len(orgs) == 0 && name != "":
			return db.CreateOrg(ctx, name, slugify(name))
		case len(orgs) == 0:
			return okr.Org{}, errors.New("there is no organisation yet: give --org-name to create one")
		}
		return okr.Org{}, fmt.Errorf("there are %d organisations: choose one with --org", len(orgs))
	}
	org, err := db.GetOrgBySlug(ctx, slug)
	if okr.ErrorCode(err) == okr.ENOTFOUND && name != "" {
		return db.CreateOrg(ctx, name, slug)
	} else if okr.ErrorCode(err) == okr.ENOTFOUND {
		return org, fmt.Errorf("no organisation %q: give --org-name to create it", slug)
	}
	return org, err
}

func slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case r == 'æ' || r == 'ä':
			b.WriteString("ae")
		case r == 'ø' || r == 'ö':
			b.WriteString("o")
		case r == 'å':
			b.WriteString("a")
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.Trim(b.String(), "-")
	if len(s) > 63 {
		s = s[:63]
	}
	if s == "" {
		s = "org"
	}
	return s
}

func randomPassword() string {
	b := make([]byte, 15)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// describe turns validation errors into one readable message per field.
func describe(err error) error {
	var verrs okr.ValidationErrors
	if errors.As(err, &verrs) {
		msgs := make([]string, len(verrs))
		for i, e := range verrs {
			msgs[i] = e.Message
		}
		return errors.New(strings.Join(msgs, "; "))
	}
	if code := okr.ErrorCode(err); code != okr.EINTERNAL {
		return errors.New(okr.ErrorMessage(err))
	}
	return err
}
