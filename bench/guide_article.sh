#!/usr/bin/env bash
# Article page vs the same bytes as a static file, both from one gunicorn on 127.0.0.1.
#
#   bench/guide_article.sh [slug] [seconds] [connections]
#
# Production settings (DEBUG off, whitenoise), a throwaway SQLite database in var/bench/
# (or $DATABASE_URL if set), loopback only, bounded wrk runs. Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."

SLUG="${1:-ingredient-sources}"
SECONDS_PER_RUN="${2:-10}"
CONNECTIONS="${3:-8}"
PORT="${BENCH_PORT:-8192}"
WORKERS="${BENCH_WORKERS:-2}"
THREADS=1
PIDFILE=var/bench/gunicorn.pid
export SQLITE_PATH="${SQLITE_PATH:-$PWD/var/bench/bench.sqlite3}"
# shellcheck source=bench/server.sh
. bench/server.sh
trap stop_server EXIT

$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0

ARTICLE="/guide/$SLUG/"
STATIC_COPY="/static/bench/$SLUG.html"

# 1. Save the article's HTML into STATIC_ROOT so whitenoise serves identical bytes.
start_server
mkdir -p var/staticfiles/bench
curl -sf "http://127.0.0.1:$PORT$ARTICLE" -o "var/staticfiles/bench/$SLUG.html"
stop_server
# 2. Restart so whitenoise picks the new file up, then warm both URLs (render cache, files).
start_server
for _ in $(seq 20); do
  curl -sf "http://127.0.0.1:$PORT$ARTICLE" >/dev/null
  curl -sf "http://127.0.0.1:$PORT$STATIC_COPY" >/dev/null
done

dynamic_bytes=$(curl -sf "http://127.0.0.1:$PORT$ARTICLE" | wc -c)
static_bytes=$(curl -sf "http://127.0.0.1:$PORT$STATIC_COPY" | wc -c)
echo "article $ARTICLE: $dynamic_bytes bytes; static copy $STATIC_COPY: $static_bytes bytes"
echo "load average before the runs: $(cut -d" " -f1-3 /proc/loadavg) on $(nproc) CPUs"
echo "gunicorn: $WORKERS sync workers; wrk: 2 threads, $CONNECTIONS connections, ${SECONDS_PER_RUN}s each"
for url in "$ARTICLE" "$STATIC_COPY"; do
  line=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s bench/latency.lua "http://127.0.0.1:$PORT$url" | grep '^RESULT')
  printf '%-40s %s\n' "$url" "${line#RESULT }"
done
