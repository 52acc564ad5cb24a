#!/usr/bin/env bash
# Installs, with apt, the Debian 12 packages ConceptLab needs to build, test and package.
# Only packages that are absent are installed; run as root (or with sudo available).
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config ccache file dpkg-dev
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev libqt6opengl6-dev
    qt6-qpa-plugins libgl-dev
    libgtest-dev libgmock-dev libbenchmark-dev librapidcheck-dev
    libxxhash-dev libmd-dev
    nlohmann-json3-dev
    libmpfr-dev python3-numpy python3-torch
    libgif-dev libimagequant-dev libwebp-dev python3-pil
    libcapstone-dev llvm-14
    xvfb xauth fonts-dejavu-core
    locales clang-format-14 clang-tidy-14
    desktop-file-utils appstream shared-mime-info librsvg2-bin lintian debootstrap
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The tests run the application under a comma-decimal locale too (numbers must not follow it).
if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
    "${sudo_cmd[@]}" sed -i 's/^# *\(de_DE\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
    "${sudo_cmd[@]}" locale-gen >/dev/null
fi
