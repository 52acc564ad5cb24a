#!/usr/bin/env bash
# Checks the built packages: unpacks the .tar.gz into a temporary folder and runs
# `conceptlab list --json` from there (every module must be found beside the executable,
# with no setup), runs one headless simulation per module, and checks the .deb's metadata.
# Usage: check-package.sh BUILD_DIR EXPECTED_MODULE_IDS...
set -euo pipefail

build_dir=$1
shift
expected=("$@")

tgz=$(ls "$build_dir"/conceptlab-*.tar.gz | head -n 1)
deb=$(ls "$build_dir"/conceptlab_*.deb | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tar -xzf "$tgz" -C "$work"
root=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n 1)
binary="$root/bin/conceptlab"
test -x "$binary" || { echo "FAIL: no bin/conceptlab in $tgz"; exit 1; }

if file -L "$binary" | grep -q "not stripped"; then
    echo "FAIL: $binary is not stripped"
    exit 1
fi

list=$(env -u CONCEPTLAB_PLUGIN_PATH "$binary" list --json)
for id in "${expected[@]}"; do
    if ! grep -q "\"id\": \"$id\"" <<<"$list"; then
        echo "FAIL: module '$id' not found by the unpacked package:"
        echo "$list"
        exit 1
    fi
    env -u CONCEPTLAB_PLUGIN_PATH "$binary" sim "$id" --json > /dev/null \
        || { echo "FAIL: conceptlab sim $id failed in the unpacked package"; exit 1; }
done
if grep -q '"failed": \[\s*{' <<<"$list"; then
    echo "FAIL: plugins failed to load in the unpacked package:"
    echo "$list"
    exit 1
fi
if grep -q fixture <<<"$list"; then
    echo "FAIL: test fixtures were packaged"
    exit 1
fi

depends=$(dpkg-deb -f "$deb" Depends)
# The animation libraries are linked, so dpkg-shlibdeps must have found them too.
for library in libqt6widgets6 libqt6charts6 libc6 libgif7 libimagequant0 libwebp7 libwebpmux3; do
    grep -q "$library" <<<"$depends" || { echo "FAIL: Depends lacks $library: $depends"; exit 1; }
done
contents=$(dpkg-deb -c "$deb")
grep -q "usr/share/applications/org.conceptlab.ConceptLab.desktop" <<<"$contents" \
    || { echo "FAIL: the .deb has no desktop entry"; exit 1; }

echo "package check: ${#expected[@]} modules found in $(basename "$tgz"); Depends: $depends"
echo "1 passed, 0 failed"
