#!/usr/bin/env bash
# `make load`: serve the app with gunicorn on 127.0.0.1 in production mode, warm it up, then
# run 50 locust users of three councils browsing, matching, exporting and saving. They start 5 a
# second, each signing in; the figures are reset once all 50 are running and cover the next 60 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=.venv/bin
PORT=${LOAD_PORT:-8765}
USERS=${LOAD_USERS:-50}
DURATION=${LOAD_DURATION:-70s}
OUT=instance/load
mkdir -p instance
rm -f "$OUT.db" "$OUT.db-wal" "$OUT.db-shm" "$OUT"_*.csv
export HF_HUB_OFFLINE=1
$BIN/python tests/load/prepare.py "$OUT.db"

# Production settings, except that plain http on the loopback cannot carry a Secure cookie, and
# 50 simulated people sign in from one address (real ones come from many).
SPECIFIER_ENV=production \
SPECIFIER_SECRET_KEY=$($BIN/python -c 'import secrets; print(secrets.token_hex(32))') \
SPECIFIER_DATABASE="$OUT.db" \
SPECIFIER_SECURE_COOKIES=0 \
SPECIFIER_SIGN_IN_LIMIT="1000 per minute" \
SPECIFIER_BIND="127.0.0.1:$PORT" \
SPECIFIER_LOG_LEVEL=warning \
  $BIN/gunicorn --config gunicorn.conf.py &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 60); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 1
done
$BIN/python tests/load/warm.py "http://127.0.0.1:$PORT"
# The machine may be shared: its load before the run says whether the figures are the app's.
echo "Load average before the run (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
$BIN/locust -f tests/load/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  -u "$USERS" -r 5 -t "$DURATION" --reset-stats --only-summary --csv "$OUT" --loglevel WARNING
$BIN/python tests/load/report.py "${OUT}_stats.csv" "$USERS" "60 s once all had signed in"
