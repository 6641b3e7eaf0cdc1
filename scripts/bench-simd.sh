#!/bin/bash
# Prints one JSON line per measurement (rep, arm: on = SIMD GELU/cross-entropy, off = --js-kernels elementwise).
# Interleaved: SIMD GELU/cross-entropy on vs off, 5 reps, nano/micro/tiny 16x64 and tiny 32x128, wasm, 1 thread.
cd "$(dirname "$0")/.."
for rep in 1 2 3 4 5; do
  for shape in "nano 16 64" "micro 16 64" "tiny 16 64" "tiny 32 128"; do
    set -- $shape
    steps=10; [ "$3" = 128 ] && steps=4
    for arm in on off; do
      flag=""; [ $arm = off ] && flag="--js-kernels elementwise"
      node cli/tinyflan.mjs bench --model $1 --batch $2 --seq-len $3 --steps $steps --json $flag | sed "s/^{/{\"rep\":$rep,\"arm\":\"$arm\",/"
    done
  done
done
