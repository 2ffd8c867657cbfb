package main

import (
	"runtime/debug"
)

// Garbage collection settings of okr serve, unless GOGC or GOMEMLIMIT set
// them: collect when the heap has grown by 200 % (Go's default is 100 %)
// but keep it under serveMemoryLimit. Pages allocate a lot for a short
// time; under the load test of docs/performance.md this gave 12 % more
// requests per second for 35 MB more peak memory. The limit makes the
// collector work harder before the heap could pass it: with the caches of
// objectives, key results and cards (about 100 MB live in the large
// organisation) 250 MB let the process reach 291 MB resident, too close to
// the 300 MB budget; 200 MB keeps it near 250 MB.
const (
	serveGCPercent   = 200
	serveMemoryLimit = 200 << 20
)

func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
}
