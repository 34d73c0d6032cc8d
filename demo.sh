#!/usr/bin/env bash
# Runs the whole product on this machine with the embedded defaults: the server on SQLite
# (data/onthaal.db) with the built-in demo configuration, a kiosk station printing to a
# virtual printer (data/kiosk-printer/: a .bin and a .png preview per ticket), and a
# waiting-room display station. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"

cargo build --bins --quiet
bin=${CARGO_TARGET_DIR:-target}/debug
mkdir -p data

server_addr=${ONTHAAL_BIND:-127.0.0.1:8080}
kiosk_addr=${ONTHAAL_KIOSK_BIND:-127.0.0.1:8081}
display_addr=${ONTHAAL_DISPLAY_BIND:-127.0.0.1:8082}

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

# --demo: the built-in demo configuration, which the server loads only into an empty database
# (or one holding the demo already); it refuses a database that holds another configuration.
"$bin/onthaal-server" --demo --bind "$server_addr" &
server_pid=$!
pids+=($server_pid)
for _ in $(seq 1 100); do
  curl -fsS "http://$server_addr/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { echo "demo.sh: the server did not start (see above)" >&2; exit 1; }
  sleep 0.1
done

# Devices are registered once, on the database the server has just set up; their tokens are
# kept beside the database.
for kind in kiosk display; do
  if [ ! -s "data/demo-$kind.token" ]; then
    "$bin/onthaal-server" device add --kind "$kind" --name "Demo $kind" | tail -n 1 > "data/demo-$kind.token"
  fi
done
"$bin/onthaal-kiosk" --server "http://$server_addr" --token "$(cat data/demo-kiosk.token)" \
  --bind "$kiosk_addr" --printer "dir://$(pwd)/data/kiosk-printer/" &
pids+=($!)
"$bin/onthaal-display" --server "http://$server_addr" --token "$(cat data/demo-display.token)" \
  --bind "$display_addr" &
pids+=($!)

sleep 1
cat <<MSG

Onthaal demo is running:
  kiosk (touch screen)     http://$kiosk_addr
  waiting-room display     http://$display_addr
  desk app (staff)         http://$server_addr/            (onthaal / onthaal)
  manager's dashboard      http://$server_addr/dashboard   (diensthoofd / diensthoofd)
  administration           http://$server_addr/admin       (admin / the one-time password above, at the first start)
  online booking (public)  http://$server_addr/book
  server API               http://$server_addr/api/v1   (OpenAPI: /api/v1/openapi.json)
  printed tickets          data/kiosk-printer/*.png
Press Ctrl-C to stop.
MSG
wait
