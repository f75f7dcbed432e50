#!/usr/bin/env bash
# Builds and runs the unit and console test suites under AddressSanitizer (with LeakSanitizer)
# and ThreadSanitizer, each in its own build folder. CI runs it after the main tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
filter='SpasmCoreTests|SpasmConsoleTests'
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan-suppressions.txt"
for sanitizer in address thread; do
    echo "== $sanitizer sanitizer" >&2
    swift build --build-tests --sanitize="$sanitizer" --scratch-path ".build-$sanitizer"
    swift test --skip-build --sanitize="$sanitizer" --scratch-path ".build-$sanitizer" --filter "$filter"
done
