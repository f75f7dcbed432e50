#!/usr/bin/env bash
# Sets up (including the tools the end-to-end tests drive), builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
swift build --build-tests
swift test --skip-build
