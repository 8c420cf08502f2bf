#!/usr/bin/env bash
# Instructions per request (callgrind), for each case of benches/instructions.rs: the
# count of a run of 3000 requests minus a run of 1000, over 2000. Needs valgrind.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo bench -p strict-jwt-axum --bench instructions --no-run 2>/dev/null
bin=$(ls -t target/release/deps/instructions-* | grep -v '\.d$' | head -n 1)
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 \
        | sed -n 's/.*Collected : //p'
}
for case in verify_only router_no_auth router_hand_written router_extractor router_layer; do
    small=$(count "$case" 1000)
    large=$(count "$case" 3000)
    echo "$case $(( (large - small) / 2000 ))"
done
