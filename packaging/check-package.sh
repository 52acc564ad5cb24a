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

for path in usr/share/man/man1/conceptlab.1.gz usr/share/bash-completion/completions/conceptlab \
    usr/share/doc/conceptlab/copyright usr/share/doc/conceptlab/changelog.Debian.gz \
    usr/share/metainfo/org.conceptlab.ConceptLab.metainfo.xml usr/share/mime/packages/org.conceptlab.ConceptLab.xml \
    usr/share/icons/hicolor/256x256/apps/org.conceptlab.ConceptLab.png \
    usr/share/icons/hicolor/16x16/apps/org.conceptlab.ConceptLab.png \
    usr/share/icons/hicolor/scalable/mimetypes/application-x-conceptlab-lesson.svg; do
    grep -q " \./$path\$" <<<"$contents" || { echo "FAIL: the .deb has no $path"; exit 1; }
done
# Directories and executables 0755, everything else 0644 (shared objects too, as policy asks),
# all root's.
while read -r mode owner _ _ _ path; do
    case "$mode" in
        l*) continue ;;
        d*) expected_mode=drwxr-xr-x ;;
        *) if [[ $path == ./usr/bin/* ]]; then expected_mode=-rwxr-xr-x; else expected_mode=-rw-r--r--; fi ;;
    esac
    [ "$mode" = "$expected_mode" ] || { echo "FAIL: $path is $mode, expected $expected_mode"; exit 1; }
    [ "$owner" = root/root ] || { echo "FAIL: $path belongs to $owner"; exit 1; }
done <<<"$contents"

# The .deb's executable finds its private libraries at their absolute path; nothing else in it
# has a search path, and no $ORIGIN. The archive's executable is relocatable ($ORIGIN).
dpkg-deb -x "$deb" "$work/deb"
private_dir=$(cd "$work/deb" && ls -d usr/lib/*/conceptlab)
while IFS= read -r -d '' elf; do
    paths=$(readelf -d "$elf" | sed -n 's/.*(R\(UN\)\?PATH).*\[\(.*\)\]/\2/p')
    if [ "$elf" = "$work/deb/usr/bin/conceptlab" ]; then
        [ "$paths" = "/$private_dir" ] || { echo "FAIL: /usr/bin/conceptlab's RUNPATH is '$paths'"; exit 1; }
    else
        [ -z "$paths" ] || { echo "FAIL: ${elf#"$work/deb"} has the search path '$paths'"; exit 1; }
    fi
    if file "$elf" | grep -q "not stripped"; then echo "FAIL: ${elf#"$work/deb"} is not stripped"; exit 1; fi
done < <(find "$work/deb" -type f \( -name '*.so*' -o -path '*/usr/bin/*' \) -print0)
readelf -d "$binary" | grep -q 'RUNPATH.*\$ORIGIN/' || { echo "FAIL: the archive's executable has no \$ORIGIN RUNPATH"; exit 1; }

echo "package check: ${#expected[@]} modules found in $(basename "$tgz"); Depends: $depends"
echo "1 passed, 0 failed"
