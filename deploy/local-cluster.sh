#!/bin/sh
# A campaign on Redis with N `dome worker`s on this machine, without Docker (docs/distributed.md): the
# same commands a run on several machines uses, each on its own machine there.
#
#   deploy/local-cluster.sh [SCENARIO] [TRIALS] [WORKERS] [OUT]
#   e.g. deploy/local-cluster.sh nk-2029-salvo 200 2 /tmp/dome-out
#
# Starts Debian's redis-server on a free loopback port with a password and an append-only file in a
# temporary folder, WORKERS workers of one thread each, then `dome run SCENARIO --queue`; stops them
# all at the end (or on Ctrl-C). Needs redis-server (apt-get install redis-server) and node >= 20.6.
set -eu
SCENARIO=${1:-nk-2029-salvo}
TRIALS=${2:-200}
WORKERS=${3:-2}
OUT=${4:-./dome-cluster-out}
HERE=$(cd "$(dirname "$0")/.." && pwd)
DOME="node $HERE/packages/cli/bin/dome.mjs"
DATA=$(mktemp -d "${TMPDIR:-/tmp}/dome-redis.XXXXXX")
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
PASSWORD=$(node -e "console.log(require('crypto').randomBytes(24).toString('hex'))")
PIDS=""
cleanup() {
  for p in $PIDS; do kill "$p" 2>/dev/null || true; done
  for p in $PIDS; do wait "$p" 2>/dev/null || true; done
  rm -rf "$DATA"
}
trap cleanup EXIT INT TERM

# the password goes to redis-server on its standard input (a config file), not on a command line others can read
printf 'port %s\nbind 127.0.0.1\ndir %s\nappendonly yes\nappendfsync everysec\nsave ""\nrequirepass %s\n' "$PORT" "$DATA" "$PASSWORD" | redis-server - >"$DATA/redis.log" 2>&1 &
PIDS="$!"
URL="redis://:$PASSWORD@127.0.0.1:$PORT"
i=0
until redis-cli -p "$PORT" --no-auth-warning -a "$PASSWORD" ping >/dev/null 2>&1; do
  i=$((i + 1)); [ "$i" -lt 100 ] || { echo "redis-server did not start: $DATA/redis.log" >&2; exit 1; }; sleep 0.1
done
echo "local-cluster: Redis on 127.0.0.1:$PORT (append-only file in $DATA)" >&2

n=0
while [ "$n" -lt "$WORKERS" ]; do
  $DOME worker --redis "$URL" --threads 1 &
  PIDS="$PIDS $!"
  n=$((n + 1))
  # the first worker may compile the CLI: let it finish before the next starts
  [ "$n" -eq 1 ] && sleep 3
done

$DOME run "$SCENARIO" --trials "$TRIALS" --queue "$URL" --workers $((2 * WORKERS)) --out "$OUT" --force
