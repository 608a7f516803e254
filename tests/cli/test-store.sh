#!/bin/sh
# The database under stress: read-only commands create nothing beside it and
# work in a read-only folder; what is not a regular file is refused at once; a
# write failure during a run (a lock held past the busy timeout, a dropped
# table) is exit 4 with the run left incomplete and only stored cases reported.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1
command -v python3 >/dev/null || skip_all "python3 not found"

data=$BNB_SRCDIR/tests/data
printf 'name: t\ndefaults:\n  warmup: 5ms\n  min_time: 300ms\n  max_time: 300ms\ngroups:\n' > long.yaml
printf '  - op: dequantize\n    schemes: [i2s]\n    backends: [scalar]\n' >> long.yaml
printf '    sizes: [1024, 2048, 3072, 4096, 5120, 6144, 7168, 8192]\n' >> long.yaml

# --- read-only commands create nothing ---
mkdir ro
"$BNBENCH" --db ro/r.db import json "$data/report-run.json" --baseline b >/dev/null 2>&1
"$BNBENCH" --db ro/r.db import json "$data/report-base.json" >/dev/null 2>&1
files=$(ls -a ro | tr '\n' ' ')
sum=$(cksum <ro/r.db)
readonly_commands() { # readonly_commands TAG: each read-only command on ro/r.db succeeds
	for c in "show" "show --env" "show 2 --format json" "compare b --run 2" "export json 1" \
		"baseline list" "baseline show b" "report --format markdown --gnuplot /nonexistent -o $TMP/rep"; do
		"$BNBENCH" --db ro/r.db $c >out 2>err; rc=$?
		ok "$([ "$rc" -le 1 ]; echo $?)" "$1: $c succeeds ($rc: $(head -1 err))"
		is "$(ls -a ro | tr '\n' ' ')" "$files" "$1: $c creates no file beside the database"
	done
	is "$(cksum <ro/r.db)" "$sum" "$1: the database is unchanged"
}
readonly_commands "a database no one writes"

# a read-only folder: root ignores modes, so the folder is made immutable where the file system allows it
if chattr +i ro 2>/dev/null; then
	readonly_commands "a read-only folder"
	chattr -i ro
else
	tap_n=$((tap_n + 1)); echo "ok $tap_n - a read-only folder # SKIP chattr +i not supported here"
fi

# a database being written (its -wal and -shm exist) is read through its WAL
python3 -c 'import os, sqlite3, subprocess, sys
c = sqlite3.connect("ro/r.db", isolation_level=None)
c.execute("BEGIN IMMEDIATE")
c.execute("INSERT INTO env VALUES (1, \"t.key\", \"t.value\")")
c.execute("COMMIT")
before = sorted(os.listdir("ro"))
r = subprocess.run([sys.argv[1], "--db", "ro/r.db", "show", "1", "--env"], capture_output=True, text=True)
print(r.returncode, "t.value" in r.stdout, before == sorted(os.listdir("ro")), "-wal" in " ".join(before))
c.close()' "$BNBENCH" >out 2>&1
is "$(cat out)" "0 True True True" "a database being written: show reads the committed WAL and creates nothing"

# --- not a regular file: refused at once, before SQLite touches it ---
mkfifo fifo
for c in show "compare b" "baseline list" "import json $data/report-run.json"; do
	out=$(timeout 20 "$BNBENCH" --db fifo $c 2>&1); rc=$?
	is "$rc/$out" "2/bnbench: fifo: not a regular file" "a FIFO as the database ($c): refused at once"
done
had_journal=$([ -e /dev/null-journal ] && echo 1 || echo 0)
for c in show "run long.yaml"; do
	out=$("$BNBENCH" --db /dev/null $c 2>&1); rc=$?
	is "$rc/$out" "2/bnbench: /dev/null: not a regular file" "--db /dev/null ($c): refused"
done
if [ "$had_journal" = 0 ]; then
	ok "$([ ! -e /dev/null-journal ]; echo $?)" "--db /dev/null: no /dev/null-journal"
fi

# a refused database (another application's, in WAL mode) gets no -wal or -shm
python3 -c 'import sqlite3
c = sqlite3.connect("other.db")
c.execute("PRAGMA journal_mode = WAL")
c.execute("CREATE TABLE t (x)")
c.commit()
c.close()'
sum=$(cksum <other.db)
for c in show "import json $data/report-run.json"; do
	out=$("$BNBENCH" --db other.db $c 2>&1); rc=$?
	is "$rc/$out" "2/bnbench: other.db: not a bnbench database" "another application's database ($c): refused"
	ok "$([ ! -e other.db-wal ] && [ ! -e other.db-shm ]; echo $?)" "another application's database ($c): no -wal or -shm"
done
is "$(cksum <other.db)" "$sum" "another application's database: unchanged"

# --- merge and import json: values from another database or file are checked ---
"$BNBENCH" --db g.db import json "$data/report-run.json" >/dev/null 2>&1
"$BNBENCH" --db m.db import json "$data/report-base.json" >/dev/null 2>&1
hostile() { # hostile NAME SQL MESSAGE: merge a copy of g.db changed by SQL
	cp g.db h.db
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA ignore_check_constraints = ON")
c.execute(sys.argv[2])
c.commit()' h.db "$2"
	sum=$(cksum <m.db)
	out=$("$BNBENCH" --db m.db merge h.db 2>&1); rc=$?
	is "$rc/$out" "2/bnbench: h.db: not merged: $3" "merge, $1: refused"
	is "$(cksum <m.db)" "$sum" "merge, $1: the database unchanged"
}
sample="case_id = (SELECT min(case_id) FROM samples) AND seq = 0"
hostile "a negative sample" "UPDATE samples SET ns_per_iter = -5 WHERE $sample" \
	"case 1: sample -5.0 is not a positive time (at most 1e+15 ns)"
hostile "a sample of 1e308" "UPDATE samples SET ns_per_iter = 1e308 WHERE $sample" \
	"case 1: sample 1.0e+308 is not a positive time (at most 1e+15 ns)"
hostile "a sample as text" "UPDATE samples SET ns_per_iter = 'x' WHERE $sample" \
	"case 1: sample 'x' is not a positive time (at most 1e+15 ns)"
hostile "an unknown run status" "UPDATE runs SET status = 'bogus'" \
	"run 1: status 'bogus' is not complete, incomplete or failed"
hostile "an unknown case status" "UPDATE cases SET status = 'great' WHERE id = 3" \
	"case 3: status 'great' is not ok, failed, error or skipped"
hostile "a negative median" "UPDATE cases SET median_ns = -1 WHERE id = 2" \
	"case 2: statistic median_ns -1.0 is not a time (0 to 1e+15 ns)"
hostile "a size as text" "UPDATE cases SET m = 'big' WHERE id = 2" \
	"case 2: size or count ('big'x65536, n 12) is not a count"
hostile "a control character shown" "UPDATE runs SET status = 'a' || char(27) || '[2J'" \
	"run 1: status 'a?[2J' is not complete, incomplete or failed"
out=$("$BNBENCH" --db m.db merge g.db 2>&1); rc=$?
is "$rc" 0 "merge of a sound database: exit 0"

python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
d["cases"][0]["samples_ns"][2] = float(sys.argv[2])
json.dump(d, open("bad.json", "w"), indent=1)' "$data/report-run.json" -5
out=$("$BNBENCH" --db j.db import json bad.json 2>&1); rc=$?
is "$rc/$out" "2/bnbench: bad.json:63:5: 'cases[0].samples_ns[2]' is -5, expected a time in ns above 0 and below 1e15" \
	"import json: a negative sample refused"
ok "$([ ! -e j.db ]; echo $?)" "import json, a negative sample: no database written"

# --- a write failure during a run ---
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
	rm -f go release py.out out err   # a previous out would let the wait below end at once
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
