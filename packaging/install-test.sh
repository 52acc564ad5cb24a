#!/usr/bin/env bash
# Installs the .deb on a clean Debian 12 root and uses it there: a minimal bookworm made by
# debootstrap (cached as a tarball per ISO week under /var/cache/conceptlab-ci/), the package
# installed with apt (which must resolve every dependency from Debian), then --version, list,
# one sim per module, one PNG export, the manual page, and a purge that must leave none of
# the package's files behind. Run as root.
# Usage: install-test.sh DEB [VERSION EXPECTED_MODULE_IDS...]
# (by default: the package's upstream version, and one module per plugin the package holds)
#        install-test.sh --prepare-root   (only make this week's clean root, e.g. while building)
set -euo pipefail

prepare_only=false
if [ "${1:-}" = --prepare-root ]; then
    prepare_only=true
    set -- /dev/null
fi
deb=$(realpath "$1")
if [ "$prepare_only" = true ]; then
    expected=(none)
elif [ $# -ge 3 ]; then
    version=$2
    shift 2
    expected=("$@")
else
    version=$(dpkg-deb -f "$deb" Version)
    version=${version%-*}
    mapfile -t expected < <(dpkg-deb -c "$deb" | sed -n 's|.*/conceptlab/plugins/lib\([a-z0-9_]*\)\.so$|\1|p')
fi
mirror=${CONCEPTLAB_DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=${CONCEPTLAB_CI_CACHE:-/var/cache/conceptlab-ci}
start=$SECONDS
step() { echo "install test: $* ($((SECONDS - start)) s)"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

[ ${#expected[@]} -gt 0 ] || fail "no modules to expect in $deb"
[ "$(id -u)" -eq 0 ] || fail "the install test needs root (debootstrap, chroot, mount)"
command -v debootstrap > /dev/null || fail "debootstrap is not installed"

# One clean root per ISO week: fresh enough that its package lists match the mirror after an
# update, old enough that CI does not bootstrap on every run.
mkdir -p "$cache" "$cache/apt-archives"
tarball="$cache/bookworm-minbase-$(date -u +%G-W%V).tar"
if [ ! -f "$tarball" ]; then
    step "bootstrapping a minimal bookworm into $tarball"
    fresh=$(mktemp -d "$cache/bootstrap.XXXXXX")
    debootstrap --variant=minbase --include=man-db bookworm "$fresh" "$mirror" > "$cache/debootstrap.log" 2>&1 \
        || { tail -n 20 "$cache/debootstrap.log"; rm -rf "$fresh"; fail "debootstrap failed"; }
    rm -rf "$fresh/var/cache/apt/archives/"*.deb
    tar -C "$fresh" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
    rm -rf "$fresh"
    find "$cache" -maxdepth 1 -name 'bookworm-minbase-*.tar' ! -path "$tarball" -delete
fi
[ "$prepare_only" = false ] || { step "clean root ready: $tarball"; exit 0; }

root=$(mktemp -d /tmp/conceptlab-install-test.XXXXXX)
chmod 0755 "$root" # the root's /: apt's and man's own users must get through it
mounted=()
cleanup() {
    local index
    for ((index = ${#mounted[@]} - 1; index >= 0; index--)); do
        umount "${mounted[index]}" 2> /dev/null || umount -l "${mounted[index]}" || true
    done
    rm -rf --one-file-system "$root"
}
trap cleanup EXIT
mount_in_root() { # mount_in_root TARGET MOUNT-ARGS...
    local target="$root/$1"
    shift
    mount "$@" "$target"
    mounted+=("$target")
}

step "unpacking the clean root"
tar -C "$root" -xf "$tarball"
mount_in_root proc -t proc proc
mount_in_root dev --bind /dev
mount_in_root dev/pts --bind /dev/pts
mount_in_root sys -t sysfs sysfs
# Downloaded packages persist between runs; installed state never does.
mount_in_root var/cache/apt/archives --bind "$cache/apt-archives"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# A throw-away root: no fsync per file, no manual-page index rebuilt by every trigger (man -w
# reads the folders), apt's downloads as root (the bind-mounted cache is root's).
echo force-unsafe-io > "$root/etc/dpkg/dpkg.cfg.d/conceptlab-install-test"
echo 'APT::Sandbox::User "root";' > "$root/etc/apt/apt.conf.d/90conceptlab-install-test"
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"; }

echo "man-db man-db/auto-update boolean false" | in_root debconf-set-selections
step "installing $(basename "$deb") with apt"
in_root apt-get update -qq
in_root apt-get install -y -qq "/tmp/$(basename "$deb")" > "$root/tmp/apt-install.log" 2>&1 \
    || { tail -n 30 "$root/tmp/apt-install.log"; fail "apt-get install failed"; }

step "using the installed package"
reported=$(in_root conceptlab --version)
[ "$reported" = "conceptlab $version" ] || fail "--version says '$reported', expected 'conceptlab $version'"
list=$(in_root conceptlab list --json)
for id in "${expected[@]}"; do
    grep -q "\"id\": \"$id\"" <<< "$list" || fail "module '$id' not found by the installed package: $list"
    in_root conceptlab sim "$id" --json > /dev/null || fail "conceptlab sim $id failed"
done
if grep -q '"failed": \[\s*{' <<< "$list"; then
    fail "plugins failed to load in the installed package: $list"
fi
in_root env QT_QPA_PLATFORM=offscreen conceptlab export "${expected[0]}" --out /tmp/figure.png --size 640x400 \
    || fail "conceptlab export ${expected[0]} failed"
magic=$(od -An -tx1 -N8 "$root/tmp/figure.png" | tr -d ' \n')
[ "$magic" = 89504e470d0a1a0a ] || fail "the export is not a PNG (starts with $magic)"
manual=$(in_root man -w conceptlab) || fail "man -w conceptlab found no manual page"
[ "$manual" = /usr/share/man/man1/conceptlab.1.gz ] || fail "manual page at '$manual'"
in_root test -f /usr/share/bash-completion/completions/conceptlab || fail "no bash completion installed"

step "purging"
in_root dpkg-query -L conceptlab > "$root/tmp/files.before"
in_root apt-get purge -y -qq conceptlab > /dev/null
left=()
while read -r path; do
    [ -n "$path" ] && [ "$path" != /. ] || continue
    if [ -e "$root$path" ] || [ -L "$root$path" ]; then
        # A folder another package also owns (/usr/share/man/man1, ...) stays, rightly.
        if [ -d "$root$path" ] && [ ! -L "$root$path" ] && in_root dpkg-query -S "$path" > /dev/null 2>&1; then
            continue
        fi
        left+=("$path")
    fi
done < "$root/tmp/files.before"
[ ${#left[@]} -eq 0 ] || fail "left behind after purge: ${left[*]}"
in_root dpkg-query -W conceptlab > /dev/null 2>&1 && fail "conceptlab still known to dpkg after purge"

step "passed: $(grep -c . "$root/tmp/files.before") paths installed and removed, ${#expected[@]} modules"
echo "1 passed, 0 failed"
