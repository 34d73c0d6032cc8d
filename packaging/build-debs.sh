#!/usr/bin/env bash
# Builds the Debian packages onthaal-server, onthaal-kiosk and onthaal-display with
# dpkg-deb from a staged tree: the binary, its systemd units, its files in /etc/onthaal
# (conffiles), the maintainer scripts in packaging/maintainer and the operations guide.
#
#   packaging/build-debs.sh [--profile release|dev] [--out DIR]
#
# --profile release (the default) runs `cargo build --release --workspace --bins` first;
# --profile dev packages the debug binaries an earlier build made (./test.sh's, in CI) and
# builds nothing, so nothing is built twice. The binaries are stripped either way.
# --out DIR: where the .deb files go (default: $CARGO_TARGET_DIR/debian or target/debian).
# Prints the path of each package built, one a line.
set -euo pipefail
caller=$PWD
cd "$(dirname "$0")/.."

profile=release
target=${CARGO_TARGET_DIR:-target}
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile=${2:?--profile needs release or dev}; shift 2 ;;
    --out) out=${2:?--out needs a folder}; out_given=1; shift 2 ;;
    -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-debs.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$profile" in
  release) bindir=$target/release; compress=(-Zxz) ;;
  # Quick compression: these packages are built to be installed once and thrown away.
  dev) bindir=$target/debug; compress=(-Zgzip -z1) ;;
  *) echo "build-debs.sh: --profile is release or dev, not $profile" >&2; exit 2 ;;
esac
out=${out:-$target/debian}
# A relative --out is the caller's, not the repository's.
case "$out" in
  /*) ;;
  *) [ -n "${out_given:-}" ] && out=$caller/$out ;;
esac

for tool in dpkg-deb objdump strip; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "build-debs.sh: $tool is missing (apt-get install binutils)" >&2
    exit 1
  }
done

if [ "$profile" = release ]; then
  cargo build --release --workspace --bins --quiet
fi
for bin in onthaal-server onthaal-kiosk onthaal-display; do
  [ -x "$bindir/$bin" ] || {
    echo "build-debs.sh: $bindir/$bin is missing: run cargo build --workspace --bins first" >&2
    exit 1
  }
done

# The version is the workspace's ([workspace.package] in Cargo.toml).
version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' Cargo.toml)
[ -n "$version" ] || { echo "build-debs.sh: no version in Cargo.toml's [workspace.package]" >&2; exit 1; }
arch=$(dpkg --print-architecture)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$out"

# The newest glibc symbol version a binary uses: the libc6 it needs at least.
glibc_needed() {
  objdump -T "$1" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1
}

# package NAME DESCRIPTION EXTRA_DEPENDS UNITS... — stages and builds one package.
package() {
  local name=$1 description=$2 extra_depends=$3
  shift 3
  local units=("$@")
  local root=$stage/$name
  install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/lib/systemd/system" \
    "$root/etc/onthaal" "$root/usr/share/doc/$name"

  install -m 0755 "$bindir/$name" "$root/usr/bin/$name"
  strip --strip-unneeded "$root/usr/bin/$name"
  for unit in "${units[@]}"; do
    install -m 0644 "packaging/systemd/$unit" "$root/usr/lib/systemd/system/$unit"
  done
  install -m 0644 docs/operations.md "$root/usr/share/doc/$name/operations.md"
  cat >"$root/usr/share/doc/$name/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: onthaal
Files: *
License: EUPL-1.2
 The European Union Public Licence, version 1.2:
 https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12
COPYRIGHT

  # The files in /etc/onthaal: an env file per program (it may hold a password or a token,
  # so 0640; postinst gives it to the group onthaal), and the server's configuration.
  local env=${name#onthaal-}.env
  install -m 0640 "packaging/etc/$env" "$root/etc/onthaal/$env"
  if [ "$name" = onthaal-server ]; then
    {
      echo "# /etc/onthaal/onthaal.toml: the configuration onthaal-server.service loads"
      echo "# (ONTHAAL_CONFIG in /etc/onthaal/server.env). Installed from the example below:"
      echo "# adapt locations, services, desks and staff, then systemctl restart onthaal-server."
      echo "#"
      sed '/^# Run with:/d' server/config/example.toml
    } >"$root/etc/onthaal/onthaal.toml"
    chmod 0644 "$root/etc/onthaal/onthaal.toml"
    install -m 0644 server/config/example.toml "$root/usr/share/doc/$name/example.toml"
    # Example Prometheus alert rules and their tests (docs/operations.md, "Monitoring").
    install -d "$root/usr/share/doc/$name/prometheus"
    install -m 0644 packaging/prometheus/onthaal-rules.yml packaging/prometheus/onthaal-rules.test.yml \
      "$root/usr/share/doc/$name/prometheus/"
    # The tested nginx site file, for HTTPS through nginx (docs/operations.md, "HTTPS").
    install -m 0644 packaging/nginx/onthaal.conf "$root/usr/share/doc/$name/nginx-onthaal.conf"
  fi
  (cd "$root" && find etc -type f | sed 's#^#/#' | sort) >"$root/DEBIAN/conffiles"

  for script in postinst prerm postrm; do
    sed "s/@UNITS@/${units[*]}/" "packaging/maintainer/$script" >"$root/DEBIAN/$script"
    chmod 0755 "$root/DEBIAN/$script"
  done

  local depends="libc6 (>= $(glibc_needed "$root/usr/bin/$name")), libgcc-s1, adduser"
  [ -n "$extra_depends" ] && depends="$depends, $extra_depends"
  local size
  size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
  cat >"$root/DEBIAN/control" <<CONTROL
Package: $name
Version: $version
Architecture: $arch
Maintainer: Onthaal <onthaal@localhost>
Installed-Size: $size
Depends: $depends
Section: misc
Priority: optional
Description: $description
CONTROL
  dpkg-deb --root-owner-group "${compress[@]}" --build "$root" \
    "$out/${name}_${version}_${arch}.deb" >/dev/null
  echo "$out/${name}_${version}_${arch}.deb"
}

package onthaal-server "Onthaal queue and appointment server
 The central server of Onthaal, the queue and appointment system for the reception of a
 Flemish sociaal huis: queues, tickets, desks, live updates, the REST API, online booking
 and the visitor's status page. Runs as the hardened systemd service onthaal-server
 (user onthaal, state in /var/lib/onthaal, configuration in /etc/onthaal)." \
  "" onthaal-server.service

package onthaal-kiosk "Onthaal entrance kiosk station
 The program on the kiosk PC: one WebSocket to the Onthaal server, the touch page in six
 languages, ticket printing on an ESC/POS printer and speech mode with espeak-ng. The
 service onthaal-kiosk runs the station; onthaal-kiosk-screen shows its page in Chromium
 in kiosk mode (cage on tty1)." \
  "espeak-ng, chromium, cage, fonts-dejavu-core" onthaal-kiosk.service onthaal-kiosk-screen.service

package onthaal-display "Onthaal waiting-room display station
 The program on the PC behind the waiting-room TV: one WebSocket to the Onthaal server, the
 display page with the calls, announced with a chime and espeak-ng. The service
 onthaal-display runs the station; onthaal-display-screen shows its page in Chromium in
 kiosk mode (cage on tty1)." \
  "espeak-ng, chromium, cage, fonts-dejavu-core" onthaal-display.service onthaal-display-screen.service
