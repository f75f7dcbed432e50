#!/usr/bin/env bash
# Installs what spasm needs to build (libedit) and, with --test, what its tests drive
# (tmux for the interactive tests, ngircd and ii for the IRC bridge test).
# Installs with apt-get when run as root; otherwise says what to install and stops.
set -euo pipefail

packages=(libedit-dev pkg-config)
if [[ "${1:-}" == "--test" ]]; then
    packages+=(tmux ngircd ii python3)
fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]})); then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "setup: installing ${missing[*]}" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    else
        echo "setup: missing Debian packages: ${missing[*]}" >&2
        echo "setup: install them first, e.g.: sudo apt-get install -y ${missing[*]}" >&2
        exit 69
    fi
fi

if ! command -v swift >/dev/null; then
    echo "setup: the Swift toolchain (6.1 or later) is not on PATH; install it from swift.org first" >&2
    exit 69
fi
