#!/usr/bin/env bash
# Installs, with apt, the Debian 12 packages ConceptLab needs to build, test and package.
# Only packages that are absent are installed; run as root (or with sudo available).
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config ccache file dpkg-dev
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev libqt6opengl6-dev
    qt6-qpa-plugins libgl-dev
    libgtest-dev libgmock-dev libbenchmark-dev librapidcheck-dev
    libxxhash-dev libssl-dev
    xvfb xauth fonts-dejavu-core
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
fi
echo "Installing: ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
