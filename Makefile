.PHONY: test demo build bench

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
