.PHONY: test demo build bench generate fuzz

# Runs every test: installs and starts PostgreSQL 15 and Chromium when missing.
test:
	./scripts/test.sh

# Starts the product with demo data on the embedded SQLite database.
demo:
	go run ./cmd/okr serve --demo

build:
	go build -buildvcs=auto -o okr ./cmd/okr

bench:
	go test -run '^$$' -bench . -benchmem ./...

# Regenerates the templ components' Go code (*_templ.go, committed).
generate:
	go tool templ generate -log-level error

# Runs each fuzz target for FUZZTIME (30s unless given: make fuzz
# FUZZTIME=5m), one after the other; FUZZ=FuzzCoach runs one. Their seed
# corpora (testdata/fuzz) run in every plain go test. See README.md, "Fuzzing".
FUZZTIME ?= 30s
fuzz:
	FUZZTIME=$(FUZZTIME) ./scripts/fuzz.sh
