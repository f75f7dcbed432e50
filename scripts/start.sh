#!/usr/bin/env bash
# Sets up, builds the release binary and starts the assistant; arguments go to spasm.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The Swift runtime and Foundation linked statically: no shared-library loading at each start.
swift build -c release --static-swift-stdlib --product spasm >&2
exec .build/release/spasm "$@"
