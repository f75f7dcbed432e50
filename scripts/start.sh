#!/usr/bin/env bash
# Sets up, builds the release binary and starts the assistant; arguments go to spasm.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product spasm >&2
exec .build/release/spasm "$@"
