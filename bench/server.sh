# Sourced by the bench scripts: production settings for a loopback-only gunicorn, and
# start_server / stop_server. Set PORT, WORKERS, THREADS and PIDFILE before sourcing.
PY=.venv/bin/python
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
mkdir -p var/bench
export DJANGO_DEBUG=0
DJANGO_SECRET_KEY="bench-$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')"
export DJANGO_SECRET_KEY
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=0
# The shared store is the database (Django's database cache) unless REDIS_URL is set.
BASE="http://127.0.0.1:$PORT"

start_server() {
  .venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
    --threads "$THREADS" --log-level warning --pid "$PIDFILE" --daemon
  for _ in $(seq 100); do curl -sf "$BASE/healthz" >/dev/null && return; sleep 0.2; done
  echo "gunicorn did not start" >&2; exit 1
}

stop_server() {
  if [ -f "$PIDFILE" ]; then
    kill "$(cat "$PIDFILE")" 2>/dev/null || true
    for _ in $(seq 50); do [ -f "$PIDFILE" ] || break; sleep 0.1; done
    rm -f "$PIDFILE"
  fi
}
