#!/usr/bin/env bash
# One version everywhere: the project's version must be what --version prints, the newest
# release in the AppStream metadata, and the newest entry of the Debian changelog.
# Usage: check-version.sh BINARY VERSION METAINFO CHANGELOG
set -euo pipefail
binary=$1 version=$2 metainfo=$3 changelog=$4
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

reported=$(QT_QPA_PLATFORM=offscreen "$binary" --version)
[ "$reported" = "conceptlab $version" ] || fail "--version prints '$reported', expected 'conceptlab $version'"
helped=$(QT_QPA_PLATFORM=offscreen "$binary" --help | head -n 1)
[[ $helped == "ConceptLab $version "* ]] || fail "--help starts '$helped', expected 'ConceptLab $version ...'"
newest=$(grep -o '<release version="[^"]*"' "$metainfo" | head -n 1 | cut -d'"' -f2)
[ "$newest" = "$version" ] || fail "newest AppStream release is '$newest', expected '$version'"
grep -q '<release version="'"$version"'" date="[0-9-]*">' "$metainfo" || fail "release $version has no date"
grep -q '<li>' "$metainfo" || fail "the AppStream release has no notes"
entry=$(head -n 1 "$changelog")
[ "$entry" = "conceptlab ($version-1) unstable; urgency=medium" ] || fail "changelog starts '$entry'"

[ "$failures" -eq 0 ] || { echo "$failures failed"; exit 1; }
echo "1 passed, 0 failed"
