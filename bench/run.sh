#!/usr/bin/env bash
# Site-wide load benchmark: seed a large throwaway database, serve it with gunicorn on
# 127.0.0.1 under production settings, and drive wrk at eleven pages, each compared with a
# static file of the same bytes served by the same server in the same run: first with the
# site's caches on, then with no cache at all. Each row says whether issue 16's target holds.
#
#   bench/run.sh [--db sqlite|postgres|both] [--duration S] [--rounds R] [--connections N] [--users N]
#
# Loopback only; every wrk run is bounded by --duration; gunicorn is stopped on exit.
# SQLite: var/bench/site.sqlite3. PostgreSQL: database $BENCH_PG_DB (default cellwise_bench,
# created if missing). Seeding happens once per database (delete the file / dropdb to start
# over). Besides the tables it prints, it writes them to var/bench/results.json.
set -euo pipefail
cd "$(dirname "$0")/.."

DBS=sqlite DURATION=5 ROUNDS=3 CONNECTIONS=16 USERS=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --db) DBS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --users) USERS="$2"; shift 2 ;;
    *) echo "usage: bench/run.sh [--db sqlite|postgres|both] [--duration S] [--rounds R] [--connections N] [--users N]" >&2; exit 2 ;;
  esac
done
[ "$DBS" = both ] && DBS="sqlite postgres"
PORT="${BENCH_PORT:-8108}"
WORKERS="${BENCH_WORKERS:-4}"
THREADS="${BENCH_THREADS:-1}"
PIDFILE="$PWD/var/bench/gunicorn.pid"
PG_DB="${BENCH_PG_DB:-cellwise_bench}"
RESULTS_TSV="$PWD/var/bench/results.tsv"
# shellcheck source=bench/server.sh
. bench/server.sh
trap stop_server EXIT INT TERM

run_wrk() {  # url [cookie] -> "rps p50 p99 errors"
  local args=(-t2 -c"$CONNECTIONS" -d"${DURATION}s" -s bench/latency.lua)
  [ -n "${2:-}" ] && args+=(-H "Cookie: $2")
  wrk "${args[@]}" "$BASE$1" | sed -n 's/^RESULT median_ms=\([^ ]*\) p95_ms=[^ ]* p99_ms=\([^ ]*\) rps=\([^ ]*\) requests=[^ ]* errors=\([^ ]*\)/\3 \1 \2 \4/p'
}

median() {  # the middle value of its arguments (numbers)
  printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'
}

measure() {  # page_url static_url [cookie] -> "rps p50 p99 errors static_rps static_p99"
  # Page and static twin alternate for ROUNDS rounds, so a burst of load from elsewhere on
  # the machine hits both alike; each figure is the median over the rounds, errors the sum.
  local -a rps=() p50=() p99=() srps=() sp99=()
  local errors=0 r a b c d
  for _ in $(seq "$ROUNDS"); do
    read -r a b c d < <(run_wrk "$1" "${3:-}")
    rps+=("$a"); p50+=("$b"); p99+=("$c"); errors=$((errors + d))
    read -r a _ c _ < <(run_wrk "$2")
    srps+=("$a"); sp99+=("$c")
  done
  echo "$(median "${rps[@]}") $(median "${p50[@]}") $(median "${p99[@]}") $errors" \
    "$(median "${srps[@]}") $(median "${sp99[@]}")"
}

record() {  # db cached page rps p50 p99 errors static_rps first_ms target meets: a results.json row
  printf '%s\t' "$@" >>"$RESULTS_TSV"
  printf '%s\n' "$LOAD" >>"$RESULTS_TSV"
}

target_ratio() {  # cached(true|false) signed_in(0|1) label db -> issue 16's ratio target
  if [ "$2" = 1 ]; then echo 0.1            # Today, History: never cached, a 3-query page
  elif [ "$1" = true ]; then echo 0.5       # anonymous, from the standard cache
  elif [ "$4" = postgres ] && [[ "$3" == search* ]]; then echo 0.1  # search, PostgreSQL
  else echo 0.15; fi                        # anonymous, no cache at all
}

verdict() {  # ratio target p99_ms errors -> ok | MISS (ratio, p99 <= 100 ms and 0 errors)
  awk -v r="$1" -v t="$2" -v p="$3" -v e="$4" 'BEGIN { print (r != "n/a" && r >= t && p <= 100 && e == 0) ? "ok" : "MISS" }'
}

ROW='%-22s %7s %9s %8s %8s %6s | %9s %8s %6s %6s %4s %8s\n'
header() { printf "$ROW" page bytes rps p50_ms p99_ms errors static_rps p99_ms ratio target met first_ms; }

bench_one() {
  local db="$1"
  if [ "$db" = postgres ]; then
    psql -lqt | cut -d'|' -f1 | grep -qw "$PG_DB" || createdb "$PG_DB"
    export DATABASE_URL="postgres:///$PG_DB"
  else
    unset DATABASE_URL
    export SQLITE_PATH="$PWD/var/bench/site.sqlite3"
  fi
  echo "== $db: seeding (first run only) =="
  $PY bench/seed.py --users "$USERS" --out var/bench/targets.json
  $PY manage.py createcachetable
  # Nothing cached from an earlier run (pages of older seed data).
  $PY manage.py shell -v0 -c 'from django.core.cache import caches; caches["default"].clear()'
  $PY manage.py collectstatic --noinput -v0
  local targets=var/bench/targets.json cookie
  cookie=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["cookie"])' "$targets")
  mapfile -t pages < <($PY -c '
import json, sys
for label, url, signed_in in json.load(open(sys.argv[1]))["pages"]:
    print(f"{label}\t{url}\t{int(signed_in)}")' "$targets")

  # Same bytes as each page, saved into STATIC_ROOT; restart so whitenoise sees the files.
  start_server
  # A browser that is signed in also holds the CSRF cookie its first page set: send it too.
  local csrf
  csrf=$(curl -s -o /dev/null -D - -H "Cookie: $cookie" "$BASE/routines/" | tr -d '\r' |
    sed -n 's/^[Ss]et-[Cc]ookie: \(__Host-csrftoken=[^;]*\).*/\1/p')
  [ -n "$csrf" ] && cookie="$cookie; $csrf"
  rm -rf var/staticfiles/bench && mkdir -p var/staticfiles/bench
  local i=0 line label url signed status
  for line in "${pages[@]}"; do
    IFS=$'\t' read -r label url signed <<<"$line"
    local c=""; [ "$signed" = 1 ] && c="$cookie"
    status=$(curl -s ${c:+-H "Cookie: $c"} -o "var/staticfiles/bench/p$i.html" -w '%{http_code}' "$BASE$url")
    [ "$status" = 200 ] || { echo "$label ($url) answered $status, not 200" >&2; exit 1; }
    i=$((i + 1))
  done
  stop_server
  start_server
  LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "load average $LOAD on $(nproc) CPUs; gunicorn $WORKERS workers x $THREADS threads;" \
    "wrk 2 threads, $CONNECTIONS connections, ${DURATION}s per run, median of $ROUNDS rounds"
  header
  local -a static_rps=()
  i=0
  for line in "${pages[@]}"; do
    IFS=$'\t' read -r label url signed <<<"$line"
    local c=""; [ "$signed" = 1 ] && c="$cookie"
    for _ in $(seq 20); do curl -s -o /dev/null ${c:+-H "Cookie: $c"} "$BASE$url"; done  # warm
    read -r rps p50 p99 errors srps sp99 < <(measure "$url" "/static/bench/p$i.html" "$c")
    static_rps+=("$srps")
    ratio=$(awk -v a="$rps" -v b="$srps" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
    target=$(target_ratio true "$signed" "$label" "$db")
    met=$(verdict "$ratio" "$target" "$p99" "$errors")
    record "$db" true "$label" "$rps" "$p50" "$p99" "$errors" "$srps" "" "$target" "$met"
    printf "$ROW" "$label" "$(wc -c <"var/staticfiles/bench/p$i.html")" \
      "$rps" "$p50" "$p99" "$errors" "$srps" "$sp99" "$ratio" "$target" "$met" ""
    i=$((i + 1))
  done
  stop_server

  # The same pages with no cache at all: the public page cache off and the guide's rendered
  # Markdown not kept either, so every request builds its page from the database, as the
  # first request after a change does. Signed-in pages are never cached, so they match the
  # table above. first_ms is the page's very first request after the restart (the first
  # row also pays the worker's own first request). Ratio against the static rate above.
  PAGE_CACHE_SECONDS=0 RENDER_CACHE_ENTRIES=0 start_server
  LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "-- no cache at all (PAGE_CACHE_SECONDS=0 RENDER_CACHE_ENTRIES=0); load average $LOAD --"
  header
  i=0
  local first
  for line in "${pages[@]}"; do
    IFS=$'\t' read -r label url signed <<<"$line"
    local c=""; [ "$signed" = 1 ] && c="$cookie"
    first=$(curl -s -o /dev/null ${c:+-H "Cookie: $c"} -w '%{time_total}' "$BASE$url" |
      awk '{printf "%.1f", $1 * 1000}')
    for _ in $(seq 4); do curl -s -o /dev/null ${c:+-H "Cookie: $c"} "$BASE$url"; done  # warm
    read -r rps p50 p99 errors < <(run_wrk "$url" "$c")
    ratio=$(awk -v a="$rps" -v b="${static_rps[$i]}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
    target=$(target_ratio false "$signed" "$label" "$db")
    met=$(verdict "$ratio" "$target" "$p99" "$errors")
    record "$db" false "$label" "$rps" "$p50" "$p99" "$errors" "${static_rps[$i]}" "$first" \
      "$target" "$met"
    printf "$ROW" "$label" "" "$rps" "$p50" "$p99" "$errors" "${static_rps[$i]}" "" "$ratio" \
      "$target" "$met" "$first"
    i=$((i + 1))
  done
  stop_server
}

rm -f "$RESULTS_TSV"
for db in $DBS; do bench_one "$db"; done
# The tables above as JSON, one object per page, database and cache setting, so runs can be
# compared: page, db, cached, rps, p50_ms, p99_ms, errors, static_rps, ratio, load_average,
# and first_ms (no-cache rows), target_ratio and meets (issue 16's targets).
$PY - "$RESULTS_TSV" var/bench/results.json <<'PYTHON'
import json
import sys

rows = []
for line in open(sys.argv[1]):
    db, cached, page, rps, p50, p99, errors, static, first, target, met, load = (
        line.rstrip("\n").split("\t")
    )
    rps, static = float(rps), float(static)
    rows.append({
        "page": page, "db": db, "cached": cached == "true", "rps": rps,
        "p50_ms": float(p50), "p99_ms": float(p99), "errors": int(errors),
        "static_rps": static, "ratio": round(rps / static, 3) if static else None,
        "load_average": load, "first_ms": float(first) if first else None,
        "target_ratio": float(target), "meets": met == "ok",
    })
json.dump(rows, open(sys.argv[2], "w"), indent=1)
print(f"wrote {sys.argv[2]} ({len(rows)} rows)")
PYTHON
