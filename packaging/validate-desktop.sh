#!/usr/bin/env bash
# Validates the desktop entry, the AppStream metadata (pedantic, offline: the screenshot's host
# need not be reachable from CI) and the MIME type definitions.
# Usage: validate-desktop.sh PACKAGING_SOURCE_DIR BUILT_METAINFO
set -euo pipefail
source_dir=$1 metainfo=$2
failures=0

echo "desktop-file-validate:"
desktop-file-validate "$source_dir/org.conceptlab.ConceptLab.desktop" || failures=$((failures + 1))
echo "appstreamcli validate --pedantic --no-net:"
appstreamcli validate --pedantic --no-net --explain "$metainfo" || failures=$((failures + 1))
echo "shared-mime-info (update-mime-database):"
mime=$(mktemp -d)
trap 'rm -rf "$mime"' EXIT
mkdir -p "$mime/packages"
cp "$source_dir/org.conceptlab.ConceptLab.mime.xml" "$mime/packages/"
update-mime-database "$mime" || failures=$((failures + 1))
for type in application/x-conceptlab-scenario:conceptlab.json application/x-conceptlab-lesson:lesson.json; do
    grep -q "^60:${type%%:*}:\*\.${type#*:}$" "$mime/globs2" \
        || { echo "${type%%:*} is not registered for *.${type#*:}"; failures=$((failures + 1)); }
done

[ "$failures" -eq 0 ] || { echo "$failures failed"; exit 1; }
echo "1 passed, 0 failed"
