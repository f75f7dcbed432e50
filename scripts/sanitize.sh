#!/usr/bin/env bash
# Builds and runs the unit and console test suites under a sanitizer, each in its own build
# folder: AddressSanitizer (with LeakSanitizer) by default, or those named as arguments
# (`scripts/sanitize.sh address thread`). CI runs it after the main tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
filter='SpasmCoreTests|SpasmConsoleTests'
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan-suppressions.txt"
sanitizers=("$@")
((${#sanitizers[@]})) || sanitizers=(address)
for sanitizer in "${sanitizers[@]}"; do
    echo "== $sanitizer sanitizer" >&2
    swift build --build-tests --sanitize="$sanitizer" --scratch-path ".build-$sanitizer"
    swift test --skip-build --sanitize="$sanitizer" --scratch-path ".build-$sanitizer" --filter "$filter"
done
