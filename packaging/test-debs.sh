#!/usr/bin/env bash
# Tests the Debian packages on this machine, as root (CI runs it on a fresh Debian machine
# after ./test.sh): builds onthaal-server, onthaal-kiosk and onthaal-display from the debug
# build ./test.sh made (nothing is built twice), installs them with apt, checks their systemd
# units with `systemd-analyze verify`, starts the server, a kiosk and a display as their units
# would (the unit's user and groups, environment file, working directory and ExecStart,
# without privileges), checks that they answer and found each other, stops them and purges
# the packages, so the machine is left as it was (the packages' dependencies stay).
#
# systemd need not run (in CI it is installed but not PID 1): the processes are started
# with setpriv, as systemd's User=, Group=, SupplementaryGroups=, NoNewPrivileges= and
# CapabilityBoundingSet= would start them.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "test-debs.sh: run it as root: it installs and purges packages" >&2
  exit 1
fi
packages=(onthaal-server onthaal-kiosk onthaal-display)
for p in "${packages[@]}"; do
  if dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null | grep -qv not-installed; then
    echo "test-debs.sh: $p is already on this machine; the test would purge it, so it stops" >&2
    exit 1
  fi
done

export DEBIAN_FRONTEND=noninteractive
apt_install() {
  apt-get install -y -qq "$@" >/dev/null 2>&1 || {
    apt-get update -qq
    apt-get install -y -qq "$@" >/dev/null
  }
}
need=()
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v objdump >/dev/null 2>&1 || need+=(binutils)
[ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"

work=$(mktemp -d)
chmod 0755 "$work" # the services' private /tmp folders are in it
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ $status -ne 0 ]; then
    for log in "$work"/*.log; do
      [ -f "$log" ] && { echo "--- $log"; tail -n 40 "$log"; }
    done
    dpkg --purge "${packages[@]}" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT

fail() {
  echo "test-debs.sh: $*" >&2
  exit 1
}

echo "== building the packages from the debug build"
mapfile -t debs < <(packaging/build-debs.sh --profile dev --out "$work/debs")
ls -l "${debs[@]}" | awk '{ printf "   %s  %6.1f MB\n", $NF, $5 / 1048576 }'

echo "== installing them with apt"
apt_install "${debs[@]}"
for p in "${packages[@]}"; do
  [ "$(dpkg-query -W -f '${db:Status-Status}' "$p")" = installed ] || fail "$p is not installed"
done
getent passwd onthaal >/dev/null || fail "postinst made no user onthaal"
[ "$(stat -c %U:%a /var/lib/onthaal)" = onthaal:750 ] || fail "/var/lib/onthaal: $(stat -c %U:%a /var/lib/onthaal)"
[ "$(stat -c %U:%G:%a /etc/onthaal/server.env)" = root:onthaal:640 ] ||
  fail "/etc/onthaal/server.env: $(stat -c %U:%G:%a /etc/onthaal/server.env)"
dpkg-query -W -f '${Conffiles}\n' onthaal-server | grep -q '/etc/onthaal/onthaal.toml' ||
  fail "/etc/onthaal/onthaal.toml is not a conffile"
rules=/usr/share/doc/onthaal-server/prometheus/onthaal-rules.yml
[ -f "$rules" ] || fail "$rules is not installed"
if command -v promtool >/dev/null 2>&1; then
  promtool check rules "$rules" >/dev/null || fail "promtool check rules $rules"
fi

echo "== systemd-analyze verify"
units=(/usr/lib/systemd/system/onthaal-*.service)
verify=$(systemd-analyze verify "${units[@]}" 2>&1) || {
  echo "$verify"
  fail "systemd-analyze verify failed"
}
if grep -i onthaal <<<"$verify"; then
  fail "systemd-analyze verify warns about our units"
fi
echo "   ${#units[@]} units, no warnings: ${units[*]##*/}"

# unit_value UNIT KEY: the last value of KEY= in the installed unit.
unit_value() {
  sed -n "s/^$2=//p" "/usr/lib/systemd/system/$1" | tail -n 1
}

# start_as_unit UNIT: starts the unit's ExecStart the way systemd would, in the background.
start_as_unit() {
  local unit=$1 user group groups envfile dir state exec
  [ -n "$(unit_value "$unit" UMask)" ] || fail "$unit: no UMask"
  user=$(unit_value "$unit" User)
  group=$(unit_value "$unit" Group)
  groups=$(unit_value "$unit" SupplementaryGroups)
  envfile=$(unit_value "$unit" EnvironmentFile)
  dir=$(unit_value "$unit" WorkingDirectory)
  state=$(unit_value "$unit" StateDirectory)
  exec=$(unit_value "$unit" ExecStart)
  [ "$(unit_value "$unit" NoNewPrivileges)" = yes ] || fail "$unit: NoNewPrivileges is not yes"
  [ -z "$(unit_value "$unit" CapabilityBoundingSet)" ] || fail "$unit: it keeps capabilities"
  # StateDirectory=: systemd creates it for the unit's user.
  install -d -o "$user" -g "$group" -m "$(unit_value "$unit" StateDirectoryMode)" "/var/lib/$state"
  # The environment systemd gives a service, then the unit's EnvironmentFile (KEY=value
  # lines; comments and empty lines skipped).
  local env=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    HOME="$(getent passwd "$user" | cut -d: -f6)" USER="$user" LOGNAME="$user"
    STATE_DIRECTORY="/var/lib/$state" CONFIGURATION_DIRECTORY=/etc/onthaal)
  mapfile -t -O ${#env[@]} env < <(grep -Ev '^[[:space:]]*(#|$)' "$envfile")
  # PrivateTmp=: a /tmp of its own, removed when it stops (here: TMPDIR in the test's folder).
  if [ "$(unit_value "$unit" PrivateTmp)" = yes ]; then
    install -d -o "$user" -g "$group" -m 0700 "$work/tmp-${unit%.service}"
    env+=(TMPDIR="$work/tmp-${unit%.service}")
  fi
  local privs=(--reuid="$user" --regid="$group" --no-new-privs --bounding-set=-all --inh-caps=-all)
  if [ -n "$groups" ]; then privs+=(--groups="${groups// /,}"); else privs+=(--clear-groups); fi
  # shellcheck disable=SC2086 # ExecStart is split into words, as systemd splits it.
  (cd "$dir" && umask "$(unit_value "$unit" UMask)" && exec setpriv "${privs[@]}" env -i "${env[@]}" $exec) \
    >"$work/${unit%.service}.log" 2>&1 &
  pids+=($!)
}

# wait_for URL PATTERN: waits up to 30 s for URL to answer 200 with PATTERN in its body.
wait_for() {
  for _ in $(seq 1 150); do
    # The whole body first: with pipefail, `curl | grep -q` fails on a large page when grep
    # stops reading at its first match.
    local body
    if body=$(curl -fsS --max-time 2 "$1" 2>/dev/null) && grep -q -- "$2" <<<"$body"; then return 0; fi
    sleep 0.2
  done
  fail "$1 did not answer 200 with $2 within 30 s"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
server_port=$(free_port)
kiosk_port=$(free_port)
display_port=$(free_port)

echo "== the server, started as onthaal-server.service would start it"
# What an administrator does after installing (docs/operations.md): the bind address, the
# public URL and the first admin password in /etc/onthaal/server.env.
sed -i -e "s|^ONTHAAL_BIND=.*|ONTHAAL_BIND=127.0.0.1:$server_port|" \
  -e "s|^#ONTHAAL_PUBLIC_URL=.*|ONTHAAL_PUBLIC_URL=http://127.0.0.1:$server_port|" \
  -e "s|^#ONTHAAL_ADMIN_PASSWORD=.*|ONTHAAL_ADMIN_PASSWORD=Wachtzaal-Kiosk-Paraplu-27|" \
  /etc/onthaal/server.env
start_as_unit onthaal-server.service
wait_for "http://127.0.0.1:$server_port/healthz" ""
[ "$(stat -c %U:%a /var/lib/onthaal/onthaal.db)" = onthaal:640 ] ||
  fail "the database is $(stat -c %U:%a /var/lib/onthaal/onthaal.db), not onthaal:640 (UMask=0027)"
token=$(curl -fsS -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"Wachtzaal-Kiosk-Paraplu-27"}' \
  "http://127.0.0.1:$server_port/api/v1/auth/login" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
curl -fsS -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$server_port/api/v1/devices" ||
  fail "the admin of ONTHAAL_ADMIN_PASSWORD cannot list the devices"
echo "   /healthz answers, admin logs in; the database is /var/lib/onthaal/onthaal.db (onthaal, 0640)"

echo "== registering a kiosk and a display (onthaal-server device add, as the user onthaal)"
device_add() {
  runuser -u onthaal -- onthaal-server device add --kind "$1" --name "$2" \
    --database-url sqlite:///var/lib/onthaal/onthaal.db | tail -n 1
}
kiosk_token=$(device_add kiosk "Kiosk inkom")
display_token=$(device_add display "Wachtzaal gelijkvloers")
[ -n "$kiosk_token" ] && [ -n "$display_token" ] || fail "device add printed no token"
sed -i -e "s|^ONTHAAL_SERVER=.*|ONTHAAL_SERVER=http://127.0.0.1:$server_port|" \
  -e "s|^ONTHAAL_DEVICE_TOKEN=.*|ONTHAAL_DEVICE_TOKEN=$kiosk_token|" \
  -e "s|^ONTHAAL_STATION_BIND=.*|ONTHAAL_STATION_BIND=127.0.0.1:$kiosk_port|" /etc/onthaal/kiosk.env
sed -i -e "s|^ONTHAAL_SERVER=.*|ONTHAAL_SERVER=http://127.0.0.1:$server_port|" \
  -e "s|^ONTHAAL_DEVICE_TOKEN=.*|ONTHAAL_DEVICE_TOKEN=$display_token|" \
  -e "s|^ONTHAAL_STATION_BIND=.*|ONTHAAL_STATION_BIND=127.0.0.1:$display_port|" /etc/onthaal/display.env

echo "== the kiosk and the display, started as their units would start them"
start_as_unit onthaal-kiosk.service
start_as_unit onthaal-display.service
wait_for "http://127.0.0.1:$kiosk_port/" "<html"
wait_for "http://127.0.0.1:$kiosk_port/api/state" '"online":true'
wait_for "http://127.0.0.1:$display_port/" "<html"
wait_for "http://127.0.0.1:$display_port/api/state" '"connected":true'
echo "   kiosk page 200 and online, display page 200 and connected"

# What systemd would have given them: the user onthaal, no capabilities, no new privileges.
for pid in "${pids[@]}"; do
  status=/proc/$pid/status
  [ "$(ps -o user= -p "$pid")" = onthaal ] || fail "$(ps -o comm= -p "$pid") does not run as onthaal"
  grep -Eq '^CapBnd:[[:space:]]+0+$' "$status" || fail "$(ps -o comm= -p "$pid") keeps capabilities"
  grep -Eq '^NoNewPrivs:[[:space:]]+1$' "$status" || fail "$(ps -o comm= -p "$pid") may gain privileges"
done
echo "   all three run as onthaal, without capabilities or new privileges"

echo "== stopping them"
for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
pids=()

# The state is in /var/lib/onthaal and nowhere else.
strays=$(find / -xdev \( -path /proc -o -path /sys -o -path /var/lib/onthaal -o -path "$work" \) \
  -prune -o -user onthaal -print)
[ -z "$strays" ] || fail "files of the user onthaal outside /var/lib/onthaal: $strays"

echo "== purging the packages"
dpkg --purge "${packages[@]}" >/dev/null
for p in "${packages[@]}"; do
  dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null | grep -qv not-installed && fail "$p is still there"
done
[ ! -e /var/lib/onthaal ] || fail "/var/lib/onthaal is left after the purge"
[ ! -e /etc/onthaal ] || fail "/etc/onthaal is left after the purge"
! getent passwd onthaal >/dev/null || fail "the user onthaal is left after the purge"

echo "Debian packages OK: onthaal-server, onthaal-kiosk, onthaal-display built, installed, units verified, started as their units would, purged."
