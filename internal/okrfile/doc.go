// Package okrfile reads and writes the versioned YAML "OKRs as code" format
// (version 1, documented in docs/okr-file.md): units, people, periods, KPIs
// with their readings, objectives with key results, milestones, initiatives,
// check-ins, target changes and grades.
//
// Decode reads a file into a File of okr values keyed by the file's human
// keys, reporting every problem at once as Problems with line, column and
// field path. Encode writes a File in a canonical, deterministic form, so
// that decoding and encoding again gives the same bytes. FromSet builds a
// File from an organisation's data as a store holds it (export), and
// File.Set flattens a File into such data (import).
//
// The okr domain types carry no YAML tags: the document shape lives in
// schema.go, a walker over the parsed YAML fills it (walk*.go), converters
// turn it into okr values (convert*.go), and an emitter writes it back
// (encode*.go, emit.go, text.go). The YAML parser is github.com/goccy/go-yaml.
package okrfile
