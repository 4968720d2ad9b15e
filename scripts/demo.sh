#!/bin/sh
# make demo: the example repository of job files, applied to the built-in
# emulator of Vertex AI. No credentials and no network: the emulator runs
# on a loopback port and is stopped at the end.
set -eu

VXJOB="$(pwd)/bin/vxjob"
# What bert-finetune's training script prints, which the emulator logs for it.
trainlog="$(cd "$(dirname "$0")" && pwd)/demo-bert-finetune.log"
cd examples

# A job's life on the emulator, paced for a person watching; tests that run
# the demo set a quicker one.
lifecycle=${VXJOB_DEMO_LIFECYCLE:-"--queued 1s --pending 2s --running 3s"}
# How often the waits look, for that pace.
poll=${VXJOB_DEMO_POLL:-500ms}

log=$(mktemp)
# shellcheck disable=SC2086 # $lifecycle is flags, split on purpose
"$VXJOB" emulator --seed persistent-resources --job-logs "bert-finetune=$trainlog" $lifecycle >"$log" 2>&1 &
emulator=$!
trap 'kill "$emulator" 2>/dev/null || true; wait "$emulator" 2>/dev/null || true; rm -f "$log"' EXIT INT TERM

i=0
while ! grep -q '^export VXJOB_ENDPOINT=' "$log"; do
  i=$((i + 1))
  if [ "$i" -gt 100 ] || ! kill -0 "$emulator" 2>/dev/null; then
    cat "$log" >&2
    echo "demo: the emulator did not start" >&2
    exit 1
  fi
  sleep 0.1
done
VXJOB_ENDPOINT=$(sed -n 's/^export VXJOB_ENDPOINT=//p' "$log")
export VXJOB_ENDPOINT
echo "== the emulator serves Vertex AI on $VXJOB_ENDPOINT, seeded with examples/persistent-resources"

step() {
  echo
  echo "== vxjob $*"
  "$VXJOB" "$@"
}
step lint
step plan
step apply --wait=running --poll-interval="$poll"
# Follow one job's log until it ends: its exit status is the job's.
step logs --follow --poll-interval="$poll" bert-finetune
# Applying again creates nothing; it waits for the other job to end.
step apply --wait=terminal --poll-interval="$poll"
step plan --detailed-exitcode
echo
echo "== done: applying again changed nothing"
