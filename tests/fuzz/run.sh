#!/usr/bin/env bash
# A schema-based fuzz run of the REST API: Schemathesis generates requests from the server's own
# OpenAPI document and fails on any 5xx answer or any answer that breaks that document. It runs
# as the administrator, as a kiosk and without a token, on a fresh SQLite database and on a fresh
# PostgreSQL database, against the debug build (it builds nothing itself).
#
#   tests/fuzz/run.sh                     both databases
#   FUZZ_DATABASES=sqlite tests/fuzz/run.sh
#
# Environment: FUZZ_EXAMPLES (examples per operation, default 20), FUZZ_SECONDS (time limit of
# one Schemathesis run, default 180, a run cut off fails; six runs, 15 to 60 s each), FUZZ_SEED (default 1, so a failure can be
# replayed), ONTHAAL_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
set -euo pipefail
cd "$(dirname "$0")/../.."

SCHEMATHESIS_VERSION=4.32.5
# Absolute: Schemathesis runs from a temporary folder (its cache stays out of the repository).
target=$(realpath -m "${CARGO_TARGET_DIR:-target}")
server=$target/debug/onthaal-server
examples=${FUZZ_EXAMPLES:-20}
seconds=${FUZZ_SECONDS:-180}
seed=${FUZZ_SEED:-1}
databases=${FUZZ_DATABASES:-sqlite postgres}
pg_url=${ONTHAAL_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}

# A machine without python3-venv skips the run (CI installs it, see .ci/run).
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  if [ -n "${CI:-}" ]; then
    echo "fuzz: python3-venv is missing" >&2
    exit 1
  fi
  echo "fuzz: skipped (python3-venv is not installed)"
  exit 0
fi
[ -x "$server" ] || { echo "fuzz: $server is missing; run cargo build -p onthaal-server first" >&2; exit 1; }

venv=$(realpath -m "${FUZZ_VENV:-$target/fuzz-venv}")
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

work=$(mktemp -d)
pid=""
pg_db=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  if [ -n "$pg_db" ]; then
    psql "$pg_url" -q -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The demo configuration (walk-in services open at every hour) gives the fuzzer real services,
# desks and categories; a server that asks for it explicitly gets `--demo`.
demo_flag=()
if "$server" --help | grep -q -- '--demo'; then demo_flag=(--demo); fi

password="fuzz-$(date +%s)-Wachtwoord-Lang"
failed=0

fuzz_one() {
  local db=$1 url=$2 port base admin kiosk
  port=$(free_port)
  base=http://127.0.0.1:$port
  ONTHAAL_ADMIN_PASSWORD=$password ONTHAAL_KIOSK_TICKET_LIMIT=off \
    "$server" "${demo_flag[@]}" --database-url "$url" --bind "127.0.0.1:$port" \
    >"$work/server-$db.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    curl -sf "$base/healthz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -sf "$base/healthz" >/dev/null || { echo "fuzz: the server did not start ($db)"; cat "$work/server-$db.log"; return 1; }

  admin=$(curl -sf -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$password\"}" "$base/api/v1/auth/login" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
  # Registered while the server runs, on the same database (a subcommand loads no configuration).
  kiosk=$("$server" device add --database-url "$url" --kind kiosk --name fuzz-kiosk | tail -n 1)

  local who header status=0
  for who in admin kiosk anonymous; do
    case $who in
      admin) header=(-H "Authorization: Bearer $admin") ;;
      kiosk) header=(-H "Authorization: Bearer $kiosk") ;;
      anonymous) header=() ;;
    esac
    echo "fuzz: $db, as $who"
    # Logout would end the session the other operations use; it is tested in the API suite.
    # Schemathesis keeps a cache in its working folder: the temporary one, not the repository.
    local rc=0
    (cd "$work" && timeout "$seconds" "$venv/bin/schemathesis" run "$base/api/v1/openapi.json" \
      --url "$base" "${header[@]}" \
      --checks not_a_server_error,response_schema_conformance \
      --exclude-path /api/v1/auth/logout \
      --max-examples "$examples" --seed "$seed" --workers 1 \
      --phases examples,coverage,fuzzing --no-shrink \
      --request-timeout 10 --output-truncate true) \
      >"$work/fuzz-$db-$who.log" 2>&1 || rc=$?
    if [ "$rc" -eq 0 ]; then
      grep -E "generated|=====.* in [0-9.]+s" "$work/fuzz-$db-$who.log" | tail -n 2
    elif [ "$rc" -eq 124 ]; then
      # Schemathesis reports what it found only at the end, so a run cut off proves nothing.
      echo "fuzz: $db as $who did not finish within ${seconds}s (FUZZ_SECONDS)"
      tail -n 20 "$work/fuzz-$db-$who.log"
      status=1
    else
      cat "$work/fuzz-$db-$who.log"
      status=1
    fi
  done
  if grep -q "store error\|panicked" "$work/server-$db.log"; then
    echo "fuzz: the server logged errors ($db):"
    grep "store error\|panicked" "$work/server-$db.log" | head -n 20
    status=1
  fi
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
  return $status
}

for db in $databases; do
  case $db in
    sqlite) fuzz_one sqlite "sqlite://$work/fuzz.db" || failed=1 ;;
    postgres)
      pg_db=onthaal_fuzz_$$
      psql "$pg_url" -q -c "CREATE DATABASE $pg_db" >/dev/null
      fuzz_one postgres "${pg_url%/*}/$pg_db" || failed=1
      ;;
    *) echo "fuzz: unknown database $db" >&2; exit 2 ;;
  esac
done

if [ "$failed" -ne 0 ]; then
  echo "fuzz: FAILED (see above)"
  exit 1
fi
echo "fuzz: no server error and no answer outside the OpenAPI document"
