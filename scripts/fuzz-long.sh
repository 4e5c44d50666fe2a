#!/bin/sh
# Long fuzzing run: every fast-check property in test/fuzz with FUZZ_RUNS runs instead of the
# small CI defaults (default here 20000; expect tens of minutes on 2 cores).
#   scripts/fuzz-long.sh                       # 20000 runs per property
#   FUZZ_RUNS=100000 scripts/fuzz-long.sh      # more
#   FUZZ_SEED=-1942455155 scripts/fuzz-long.sh # replay the seed a failure printed
# A failure prints the shrunk counterexample and its seed/path (fast-check).
set -eu
cd "$(dirname "$0")/.."
export FUZZ_RUNS="${FUZZ_RUNS:-20000}"
exec npx vitest run test/fuzz "$@"
