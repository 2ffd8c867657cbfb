.PHONY: test demo build bench generate

# Runs every test: installs and starts PostgreSQL 15 and Chromium when missing.
test:
	./scripts/test.sh

# Starts the product with demo data on the embedded SQLite database.
demo:
	go run ./cmd/okr serve --demo

build:
	go build -o okr ./cmd/okr

bench:
	go test -run '^$$' -bench . -benchmem ./...

# Regenerates the templ components' Go code (*_templ.go, committed).
generate:
	go tool templ generate -log-level error
