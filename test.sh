#!/usr/bin/env bash
# Runs every test suite of Onthaal: unit and property tests, the API suite on SQLite and
# PostgreSQL, the stations, the printer, and the browser tests in headless Chromium.
#
# A suite that needs something this machine lacks (a PostgreSQL server, Chromium, Node.js) is
# skipped and named at the end — except in CI (CI=true), where a missing PostgreSQL fails.
set -uo pipefail
cd "$(dirname "$0")"

skipped=()
failed=0
pg_url=${ONTHAAL_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
pg_hostport=$(echo "$pg_url" | sed -E 's#^[a-z]+://([^@/]*@)?([^/:?]+)(:([0-9]+))?.*#\2 \4#')
read -r pg_host pg_port <<<"$pg_hostport"
pg_port=${pg_port:-5432}

if (exec 3<>"/dev/tcp/$pg_host/$pg_port") 2>/dev/null; then
  export ONTHAAL_REQUIRE_POSTGRES=1
  echo "PostgreSQL at $pg_host:$pg_port: the PostgreSQL suite runs."
elif [ "${CI:-}" = "true" ]; then
  echo "CI: PostgreSQL is required but nothing answers at $pg_host:$pg_port." >&2
  exit 1
else
  export ONTHAAL_SKIP_POSTGRES=1
  skipped+=("PostgreSQL suite: nothing answers at $pg_host:$pg_port (set ONTHAAL_TEST_POSTGRES_URL)")
fi

# promtool (Debian's prometheus package) checks a scrape of /metrics and the example alert
# rules (tests/api/metrics.rs); in CI it is required.
if [ "${CI:-}" = "true" ]; then
  export ONTHAAL_REQUIRE_PROMTOOL=1
elif ! command -v promtool >/dev/null 2>&1; then
  skipped+=("promtool checks of /metrics and the alert rules: promtool is not installed (apt-get install prometheus)")
fi
# In CI the nginx test (tests/https/nginx.rs) must run, not skip; elsewhere it passes without
# nginx, and is named here.
if [ "${CI:-}" = "true" ]; then
  export ONTHAAL_REQUIRE_NGINX=1
elif ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  skipped+=("nginx test (tests/https/nginx.rs): nginx is not installed (apt-get install nginx-light)")
fi

# One build of every binary and test target, shared by the Rust and the browser tests.
cargo build --workspace --bins --tests --quiet || exit 1
cargo test --workspace -- --test-threads=4 || failed=1

chromium=${CHROMIUM:-/usr/bin/chromium}
if ! command -v node >/dev/null 2>&1; then
  skipped+=("browser tests: Node.js is not installed")
elif [ ! -x "$chromium" ]; then
  skipped+=("browser tests: no Chromium at $chromium (apt-get install chromium)")
elif ! ls tests/browser/*.test.mjs >/dev/null 2>&1; then
  skipped+=("browser tests: none yet")
else
  browser_log=$(mktemp)
  (cd tests/browser && { [ -d node_modules ] || npm ci --no-audit --no-fund --silent; } && node --test --test-concurrency=1 ./*.test.mjs) 2>&1 | tee "$browser_log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || failed=1
  # A browser test that cannot run at this hour says so as a skip; name it at the end too.
  while IFS= read -r line; do
    skipped+=("browser test: ${line#*ok [0-9]* - }")
  done < <(grep -E '^ *ok [0-9]+ - .*# SKIP' "$browser_log")
  rm -f "$browser_log"
fi

if [ ${#skipped[@]} -gt 0 ]; then
  echo
  echo "Skipped:"
  printf '  - %s\n' "${skipped[@]}"
fi
exit $failed
