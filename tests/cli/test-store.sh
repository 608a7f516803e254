#!/bin/sh
# The database under stress: a write failure during a run (a lock held past
# the busy timeout, a dropped table) is exit 4 with the run left incomplete
# and only stored cases reported.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1
command -v python3 >/dev/null || skip_all "python3 not found"

printf 'name: t\ndefaults:\n  warmup: 5ms\n  min_time: 300ms\n  max_time: 300ms\ngroups:\n' > long.yaml
printf '  - op: dequantize\n    schemes: [i2s]\n    backends: [scalar]\n' >> long.yaml
printf '    sizes: [1024, 2048, 3072, 4096, 5120, 6144, 7168, 8192]\n' >> long.yaml

# py DB SQL: print "ready"; when the file go appears, take a write lock on DB
# and run SQL, or without SQL print "locked" and hold the lock until the file
# release appears; print "done".
py() {
	python3 -c 'import os, sqlite3, sys, time
def wait_for(name):
    for _ in range(3000):
        if os.path.exists(name):
            return
        time.sleep(0.01)
print("ready", flush=True)
wait_for("go")
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=0)
for _ in range(10000):
    try:
        c.execute("BEGIN EXCLUSIVE")
        break
    except sqlite3.OperationalError:
        time.sleep(0.001)
if sys.argv[2]:
    c.execute(sys.argv[2])
else:
    print("locked", flush=True)
    wait_for("release")
c.execute("COMMIT")
print("done", flush=True)' "$@"
}

ready() { # wait for py to start (python can take seconds on a loaded machine)
	i=0
	while [ $i -lt 600 ] && ! grep -q ready py.out; do sleep 0.1; i=$((i + 1)); done
}

# during NAME SQL DB: run long.yaml into DB; after its first case, py does SQL.
during() {
	rm -f go release py.out
	py "$3" "$2" >py.out &
	pid=$!
	ready
	"$BNBENCH" --db "$3" run long.yaml >out 2>err &
	run=$!
	i=0
	while [ $i -lt 300 ] && ! grep -q '^dequantize/i2s/scalar/1024 ' out; do sleep 0.1; i=$((i + 1)); done
	touch go
	wait "$run"; rc=$?
	touch release
	wait "$pid"
	is "$(tail -1 py.out)" "done" "$1: the other process acted during the run"
}

# failure NAME SQL: a write failure after the first case.
failure() {
	rm -f f.db f.db-wal f.db-shm
	during "$1" "$2" f.db
	is "$rc" 4 "$1: exit 4"
	like "$(cat err)" "^bnbench: run: the store could not be written: run 1 is incomplete with [1-7] of 8 cases stored$" \
		"$1: the message says the store could not be written"
	ok "$(grep -q interrupted err; [ $? -eq 1 ]; echo $?)" "$1: not called an interruption"
	printed=$(sed '/^$/q' out | grep -c '^dequantize/i2s/scalar/')
	stored=$(python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT count(*) FROM cases").fetchone()[0])' f.db)
	is "$printed" "$stored" "$1: every case printed is stored, and no other"
	like "$(cat err)" "with $stored of 8 cases stored" "$1: the message counts the stored cases"
	is "$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT status FROM runs").fetchone()[0])' f.db)" \
		incomplete "$1: the run stays incomplete"
}

failure "a lock held past the busy timeout" ""
like "$(cat err)" "database is locked" "a lock: the cause is printed"
failure "a dropped table" "DROP TABLE samples"
like "$(cat err)" "no such table: (main\.)?samples" "a dropped table: the cause is printed"

# a lock held from the start: nothing measured, nothing stored
"$BNBENCH" --db s.db import json "$BNB_SRCDIR/tests/data/report-base.json" >/dev/null 2>&1
rm -f release py.out
touch go
py s.db "" >py.out &
pid=$!
while ! grep -q locked py.out; do sleep 0.1; done
"$BNBENCH" --db s.db run long.yaml >out 2>err; rc=$?
touch release
wait "$pid"
is "$rc" 4 "a lock from the start: exit 4"
is "$(tail -1 err)" "bnbench: run: the store could not be written: nothing was measured" "a lock from the start: the message"
is "$(grep -c '^dequantize' out)" 0 "a lock from the start: no case printed"
is "$(python3 -c 'import sqlite3; print(sqlite3.connect("s.db").execute("SELECT count(*) FROM runs").fetchone()[0])')" 1 \
	"a lock from the start: no run stored"
done_testing
