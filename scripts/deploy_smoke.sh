#!/usr/bin/env bash
# Exercise docs/deploy.md end to end on this machine: production settings from the example
# env file, migrate, createcachetable, collectstatic, gunicorn started with the unit file's own command line,
# /healthz and a page through a simulated HTTPS proxy, one reminder pass (and a --loop
# sender stopped with SIGTERM), pg_dump + pg_restore into a fresh database with row counts
# compared, the SQLite online backup + restore (also over a crashed database with a leftover
# -wal file), and the upgrade step (migrate on a restored copy). Called by .ci/run after
# the test suites.
#
#   scripts/deploy_smoke.sh      env: SMOKE_DB_PREFIX (cellwise_deploy), SMOKE_PORT (8765)
set -euo pipefail
cd "$(dirname "$0")/.."

PREFIX="${SMOKE_DB_PREFIX:-cellwise_deploy}"
PORT="${SMOKE_PORT:-8765}"
DB="$PREFIX" RESTORED="${PREFIX}_restored"
WORK=$(mktemp -d)
GUNICORN_PID=""
cleanup() {
  [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null && wait "$GUNICORN_PID" 2>/dev/null
  dropdb --if-exists "$DB" 2>/dev/null || true
  dropdb --if-exists "$RESTORED" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The documented env file, with this machine's values substituted.
set -a
# shellcheck disable=SC1091
. docs/deploy/cellwise.env.example
set +a
DJANGO_SECRET_KEY="smoke-$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')"
DATABASE_URL="postgres:///$DB"
unset EMAIL_HOST  # console mailer: no SMTP server in CI
export DJANGO_SECRET_KEY DATABASE_URL
PY=.venv/bin/python
HOST=cellwise.example.com

echo "-- fresh PostgreSQL database, migrate, createcachetable, collectstatic"
dropdb --if-exists "$DB"; createdb "$DB"
$PY manage.py migrate --noinput -v0
$PY manage.py createcachetable
$PY manage.py collectstatic --noinput -v0
DJANGO_SUPERUSER_PASSWORD="smoke-$(head -c 12 /dev/urandom | base64 | tr -d '/+=\n')" \
  $PY manage.py createsuperuser --noinput --username editor --email editor@example.com

echo "-- gunicorn with the unit file's command line"
exec_start=$(sed -n 's/^ExecStart=//p' docs/deploy/cellwise.service)
exec_start=${exec_start//\/srv\/cellwise/$PWD}
exec_start=${exec_start//127.0.0.1:8000/127.0.0.1:$PORT}
$exec_start >"$WORK/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
fetch() { curl -s -o "$WORK/body" -w '%{http_code}' -H "Host: $HOST" -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT$1"; }
for _ in $(seq 100); do [ "$(fetch /healthz 2>/dev/null)" = 200 ] && break; sleep 0.2; done
[ "$(fetch /healthz)" = 200 ] && grep -q '"database": "ok"' "$WORK/body" || { cat "$WORK/gunicorn.log"; exit 1; }
[ "$(fetch /guide/)" = 200 ] && grep -q '/static/css/site\.[0-9a-f]*\.css' "$WORK/body" \
  || { echo "guide page or hashed static file missing"; exit 1; }
[ "$(fetch "/static/$(grep -o 'css/site\.[0-9a-f]*\.css' "$WORK/body" | head -1)")" = 200 ]
# Public pages come from the shared cache in the database: the second read is a 304.
etag=$(curl -s -D - -o /dev/null -H "Host: $HOST" -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT/guide/" | sed -n 's/^[Ee][Tt]ag: *//p' | tr -d '\r')
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $HOST" -H "X-Forwarded-Proto: https" -H "If-None-Match: $etag" "http://127.0.0.1:$PORT/guide/")" = 304 ]
# Without the proxy's https header the site redirects to https (SECURE_SSL_REDIRECT).
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $HOST" "http://127.0.0.1:$PORT/guide/")" = 301 ]
kill "$GUNICORN_PID"; wait "$GUNICORN_PID" 2>/dev/null || true; GUNICORN_PID=""
echo "   /healthz, /guide/ and its static files served; plain http redirected to https"

if $PY manage.py help send_reminders >/dev/null 2>&1; then
  echo "-- reminders: one pass, then the unit's --loop stopped with SIGTERM"
  $PY manage.py send_reminders
  loop=$(sed -n 's/^ExecStart=\/srv\/cellwise\/.venv\/bin\/python //p' docs/deploy/cellwise-reminders.service)
  $PY $loop >"$WORK/reminders.log" 2>&1 &
  sender=$!
  # Signal only once the sender has installed its SIGTERM handler (bit 15 of SigCgt).
  for _ in $(seq 300); do
    mask=$(awk '/^SigCgt/ {print $2}' "/proc/$sender/status" 2>/dev/null || echo 0)
    (( (16#${mask:-0} >> 14) & 1 )) && break
    sleep 0.2
  done
  sleep 1; kill -TERM "$sender"; wait "$sender"
  grep -q "Stopped after sending" "$WORK/reminders.log"
else
  echo "-- send_reminders is not on this branch yet: skipped"
fi

counts() {  # one line of row counts from the database named $1
  psql -d "$1" -tAc "SELECT (SELECT count(*) FROM django_migrations) || ' ' ||
    (SELECT count(*) FROM auth_user) || ' ' || (SELECT count(*) FROM guide_article) || ' ' ||
    (SELECT count(*) FROM catalog_product)"
}
echo "-- pg_dump, restore into a fresh database, compare row counts"
pg_dump --format=custom --no-owner --file="$WORK/cellwise.dump" "$DB"
dropdb --if-exists "$RESTORED"; createdb "$RESTORED"
pg_restore --no-owner --exit-on-error --dbname="$RESTORED" "$WORK/cellwise.dump"
[ "$(counts "$DB")" = "$(counts "$RESTORED")" ] || { echo "row counts differ"; exit 1; }
echo "   migrations users articles products: $(counts "$RESTORED") in both"
echo "-- upgrade step on the restored copy: migrate, then nothing left to apply"
DATABASE_URL="postgres:///$RESTORED" $PY manage.py migrate --noinput -v0
DATABASE_URL="postgres:///$RESTORED" $PY manage.py createcachetable
DATABASE_URL="postgres:///$RESTORED" $PY manage.py migrate --check

echo "-- SQLite online backup and restore"
unset DATABASE_URL
export SQLITE_PATH="$WORK/live.sqlite3"
$PY manage.py migrate --noinput -v0
$PY manage.py shell -v 0 -c "from django.contrib.auth import get_user_model as g; g().objects.create_user('backup-check')"
python3 scripts/sqlite_backup.py "$SQLITE_PATH" "$WORK/backup.sqlite3"
$PY manage.py shell -v 0 -c "from django.contrib.auth import get_user_model as g; g().objects.create_user('after-backup')"
python3 scripts/sqlite_backup.py "$WORK/backup.sqlite3" "$SQLITE_PATH"  # restore (site stopped)
users=$($PY manage.py shell -v 0 -c "from django.contrib.auth import get_user_model as g; print(sorted(g().objects.values_list('username', flat=True)))")
[ "$users" = "['backup-check']" ] || { echo "restored SQLite has $users"; exit 1; }
echo "   restored copy has exactly the rows present at backup time"
echo "-- SQLite restore after a crash: a writer that dies without closing leaves a -wal file"
$PY - "$SQLITE_PATH" <<'PYCODE'
import os, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.execute("PRAGMA wal_autocheckpoint=0")
con.execute("INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,"
            " is_staff, is_active, date_joined) VALUES ('', 0, 'lost-in-crash', '', '', '', 0, 1,"
            " '2026-01-01')")
con.commit()
os._exit(0)  # dies like a crash: no close, no checkpoint
PYCODE
[ -s "$SQLITE_PATH-wal" ] || { echo "no -wal file left behind"; exit 1; }
python3 scripts/sqlite_backup.py "$WORK/backup.sqlite3" "$SQLITE_PATH"  # restore (site crashed)
[ ! -e "$SQLITE_PATH-wal" ] || { echo "restored SQLite still has a -wal file"; exit 1; }
users=$($PY manage.py shell -v 0 -c "from django.contrib.auth import get_user_model as g; print(sorted(g().objects.values_list('username', flat=True)))")
[ "$users" = "['backup-check']" ] || { echo "restored SQLite has $users"; exit 1; }
kept=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM auth_user WHERE username='lost-in-crash'\").fetchone()[0])" "$SQLITE_PATH.previous")
[ "$kept" = 1 ] || { echo "the crashed database's last write is not in .previous"; exit 1; }
echo "   restored after a crash; the crashed database, WAL folded in, kept as .previous"
echo "deploy smoke test passed"
