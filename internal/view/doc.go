// Package view is okr's read model: what the pages and the JSON API show,
// computed from the store and kept between requests, without HTTP.
//
// A Model (New) holds the store, a clock and the caches. Its methods give
// the organisation's state with its change stamp (OrgState, Directory,
// Periods, CurrentPeriod), boards of objectives with their key results,
// statuses and roll-ups (LoadBoard, ScopedBoard, LoadIndexedBoard,
// LoadMapBoard; NewBoard for objectives already read), the period index that adds up a
// whole period (WithIndex) with the alignment map built from it
// (MapEntries, BuildObjMap), key results per objective (KeyResultsOf) and an
// objective's details (Details: check-ins, target changes, initiatives;
// AddGrades: grades and archived milestones). Roll-ups use
// okr.WeightedMean and okr.Contribution, as the index does, so a board and
// the index agree. Boards belong to the request that built them; what comes
// from a cache (a Directory, an OrgState, cached key results and details)
// is shared by concurrent requests and read-only.
//
// # Caches
//
// Every cache of data is a Cache: bounded in bytes, least recently used
// first, and validated on read: an entry carries the stamp it was made
// under, and Get returns it only to a caller presenting the same stamp,
// which that caller has just read from the database (or from the clock).
// Revisions, change stamps and the change log live in the database, so
// every node of a cluster on one database keeps correct caches of its own:
// a write on one node moves the stamp the others read on their next
// request. Staleness below is what a request can see that a request with
// empty caches would not.
//
//	cache          where                  key               validated on read by        bound         worst-case staleness
//	-------------  ---------------------  ----------------  --------------------------  ------------  --------------------
//	org state      org.go                 org               change stamp (1)            16 MB         none (2)
//	key results    keyresults.go (9)      org, objective    revision (3)                20 MB / 2.5 MB none
//	objectives     board_map.go           org, objective    revision in the index (7)   16 MB / 2 MB  as the period index
//	details        objective.go (10)      org, objective    RevStamp (3)                28 MB / 3.5 MB none
//	grades         objective.go           org, objective    RevStamp (3)                8 MB / 1 MB   none
//	period index   period_index.go        org, period       change log (4)              40 MB         none; PostgreSQL: one minute (4)
//	card facts     web/cardcache.go       org, obj, lang    revision + org stamp (5)    8 MB / 1 MB   none
//	KR panels      web/objcache_page.go   org, obj, lang    ShownStamp (6)              4 MB / 512 KB one minute (6)
//	API answers    web/api/answers.go     org, obj | list   tree_rev + org stamp (8)    16 MB / 256 KB one minute (8)
//
// Bounds are the cache's budget / its largest entry (an entry over it is
// not kept); sizes are estimates given with each Put, and they are low: in
// the heap after a load test the key results, then kept as Go values, took
// about 45 MB of their 32 MB, the answers 24 of 16. The key results are
// now kept encoded (krcodec.go), and their size is the encoding's length.
// All budgets together come to 156 MB against
// okr serve's soft memory limit of 200 MB (cmd/okr/serve_gc.go), which
// counts all the runtime's memory, about 50 MB of it not heap. At 168 MB
// the live heap reached 134 MB, the collector's goal was 150 MB and it
// ran nearly without pause: every endpoint after warm-up used 2.6 times
// the CPU of a fresh server's, and the process passed 300 MB. Smaller
// caches that miss more cost less than that (docs/performance.md, fifth
// round), so a new cache has to earn its bytes from the others.
//
//  1. store.StateStamp: the organisation's state sequence, which every
//     write of a unit, person, period or the organisation moves in its
//     transaction: one primary-key read per request.
//  2. A GET or HEAD request checks the stamp once and then answers from its
//     memo (WithMemo), so it does not see writes made while it runs;
//     requests that write go without the memo and see their own changes.
//  3. The objective's content revision (okr.Objective.Rev), which the store
//     bumps in the transaction of every change under the objective, taken
//     from the row the caller read in this request; RevStamp adds the
//     creation time, as an id can come back after a restore.
//  4. No stamp: before each use the index applies the audit entries written
//     since its newest (store.ChangesSince, one statement when nothing
//     changed). On PostgreSQL an entry can commit after one with a higher
//     id and be skipped; the index is read again in the background once it
//     is a minute (indexRebuildAfter) old. The index also says which
//     objectives a board's context and a list's links are (its parents,
//     children, key results and contributes-to links both ways:
//     PeriodIndex.contextIDs); their rows are then read by id, so they
//     are current, and only the choice of rows is as current as the index.
//  5. The revision and the OrgState stamp (owners' names, currencies), and
//     on the value the ids of the key results the facts were written for.
//  6. Revision, creation time, the directory's identity (a directory is
//     replaced, never changed), the period's id, version and dates, and the
//     clock's minute: status and expected progress move with the clock and
//     are reused within the minute they were computed in.
//  7. The alignment map (LoadMapBoard) takes each objective's revision
//     from the period index, which it brings up to date first (4), and
//     reads only the objectives whose revision moved.
//  8. The objective's subtree revision (objective_trees.tree_rev: moves with
//     anything at or below it, store.bumpRevs) or, for a unit's list, the
//     listed objectives' ids and subtree revisions, with the state stamp;
//     read with the API token in one statement. Expected progress and
//     pace statuses move with the clock: an answer is kept a minute at most.
//  9. Kept encoded, one string per objective (krcodec.go): no pointers
//     for the collector; the large generated organisation's 106,099 key
//     results take about 17 MB with the entries. Each read decodes new
//     values.
//  10. Kept encoded as well (detailscodec.go), and only what the objective
//     page shows: every check-in's time and value, the latest three in
//     full, target changes and initiatives; about 1 KB an objective of the
//     large generated organisation with the entry, so the budget holds
//     most of its objectives (it took 8 MB as Go values, about one
//     objective in twenty).
//
// Not caches of data, and so not Caches: the store's prepared statements
// (store/stmtcache.go: by query text, at most 512, cannot be stale); the
// translations without data (web/i18n/plain_cache.go) and the percentage
// texts (web/pct.go, at most 1,001 per language), memo tables of
// pure functions of compiled-in text, bounded by their domain.
package view
