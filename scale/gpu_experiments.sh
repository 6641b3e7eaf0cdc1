#!/usr/bin/env bash
# The paper's four experiments (main, clusters, scale, instructions) on a GPU server, with the CLI's PyTorch
# engines: tuning (scale/train.py) and evaluation forward passes (scale/score.py) on CUDA, prompts and metrics
# from the lab's own evaluator. Runs shard the experiments over JOBS parallel processes (`experiment --shard`),
# merged every 30 s and at the end (`tinyflan merge`), so a run cut short still leaves every finished run.
#
#   scale/gpu_experiments.sh RESULTS_DIR
#
# RESULTS_DIR gets main.json, clusters.json, scale.json, instructions.json (results files for `tinyflan report`
# and `plot`), models/ (the re-pretrained sizes and their manifest entries) and log.txt.
# Settings (environment): CLI ("node cli/tinyflan.mjs"), JOBS (16), SEEDS (1,2,3), EVAL_EXAMPLES (100),
# EVAL_TEMPLATES (5), STEPS/BATCH/LR (the presets' defaults when unset), MAIN_HELDOUT (all 12 clusters),
# PRETRAIN_SIZES ("small base": pretrained again with PRETRAIN_STEPS (3000) so every size sees 6.1M tokens),
# DEADLINE (seconds, 0 = none: stop starting and kill workers after it), WORK (/tmp/tinyflan-gpu).
# Rerunning with the same WORK resumes: finished runs are kept (each shard file is written after every run).
# Seen on one H100 (2026-11-26, 16 shards + 2 pretraining jobs at once): each tiny tuning run (3000 steps x 32 x 128)
# trained at ~110-150k tokens/s and took ~2 min; in 470 s main finished 82 of its 216 runs (all 12 clusters for
# seed 1), clusters 5 of 24, scale 3 of 30. The whole set needs about 15-20 min of such a GPU.
set -uo pipefail
[ $# -eq 1 ] || { sed -n '2,14p' "$0"; exit 2; }
RESULTS=$1
CLI=${CLI:-node cli/tinyflan.mjs}
JOBS=${JOBS:-16}
SEEDS=${SEEDS:-1,2,3}
WORK=${WORK:-/tmp/tinyflan-gpu}
MAIN_HELDOUT=${MAIN_HELDOUT:-nli,reading_comprehension,closed_book_qa,commonsense,coreference,reading_comprehension_commonsense,paraphrase,sentiment,struct_to_text,translation,summarization,misc}
PRETRAIN_SIZES=${PRETRAIN_SIZES-small base}  # set it empty to skip pretraining
PRETRAIN_STEPS=${PRETRAIN_STEPS:-3000}
DEADLINE=${DEADLINE:-0}
COMMON="--engine torch --eval-engine torch --backend cpu --seeds $SEEDS --eval-examples ${EVAL_EXAMPLES:-100} --eval-templates ${EVAL_TEMPLATES:-5}"
[ -n "${STEPS:-}" ] && COMMON="$COMMON --steps $STEPS"
[ -n "${BATCH:-}" ] && COMMON="$COMMON --batch $BATCH"
[ -n "${LR:-}" ] && COMMON="$COMMON --lr $LR"
mkdir -p "$RESULTS/models" "$WORK/shards" "$WORK/logs" "$WORK/models"
cp -n public/models/*.safetensors public/models/manifest.json "$WORK/models/"
START=$(date +%s)
# Seconds left before DEADLINE, at least 1 (timeout 0 would mean "no limit").
left() { local l=86400; [ "$DEADLINE" -gt 0 ] && l=$((DEADLINE - ($(date +%s) - START))); [ "$l" -lt 1 ] && l=1; echo "$l"; }

# preset  shards  flags
cat > "$WORK/jobs.txt" <<JOBS_EOF
main 12 --models tiny --heldout $MAIN_HELDOUT
clusters 6 --models tiny
instructions 3 --models tiny
JOBS_EOF
echo "scale 6 --models nano,micro,tiny,small,base --models-dir $WORK/models" > "$WORK/jobs-scale.txt"

run_shards() {  # jobs file -> one line per shard: preset k n flags...
  while read -r preset n flags; do
    for ((k = 0; k < n; k++)); do echo "$preset $k $n $flags"; done
  done < "$1"
}
one_shard() {  # preset k n flags...
  local preset=$1 k=$2 n=$3; shift 3
  $CLI experiment --preset "$preset" $COMMON "$@" --shard "$k/$n" --out "$WORK/shards/$preset-$k.json" \
    > "$WORK/logs/$preset-$k.log" 2>&1 || echo "shard $preset $k/$n exited with $?" >> "$WORK/logs/$preset-$k.log"
}
export -f one_shard
export CLI COMMON WORK
merge_all() {
  for preset in main clusters instructions scale; do
    ls "$WORK/shards/$preset-"*.json > /dev/null 2>&1 || continue
    local tmp
    tmp=$(mktemp --suffix=.json "$WORK/$preset.XXXXXX")  # its own file: a periodic merge may still be running at the end
    $CLI merge "$WORK/shards/$preset-"*.json --out "$tmp" > /dev/null 2>> "$WORK/logs/merge.log" \
      && mv "$tmp" "$RESULTS/$preset.json" || rm -f "$tmp"
  done
  cat "$WORK/logs/"*.log > "$RESULTS/log.txt" 2>/dev/null
}
( while true; do sleep 30; merge_all; done ) &
MERGER=$!

echo "== $(date -u +%T) pretraining: $PRETRAIN_SIZES ($PRETRAIN_STEPS steps each)"
# One after the other (each rewrites manifest.json); skipped when a rerun finds them done, so resumed scale runs
# keep using the same checkpoints.
(
  for size in $PRETRAIN_SIZES; do
    [ -f "$WORK/models/$size.pretrained" ] && continue
    timeout "$(left)" $CLI pretrain --model "$size" --seed 1 --engine torch --f16 --steps "$PRETRAIN_STEPS" --backend wasm \
      --out "$WORK/models/$size.safetensors" > "$WORK/logs/pretrain-$size.log" 2>&1 && touch "$WORK/models/$size.pretrained"
  done
) &
PRETRAIN_PIDS=$!
echo "== $(date -u +%T) experiments: main, clusters, instructions ($JOBS parallel shards)"
run_shards "$WORK/jobs.txt" | timeout "$(left)" xargs -P "$JOBS" -L 1 bash -c 'one_shard "$@"' _ &
FIRST=$!
for p in $PRETRAIN_PIDS; do wait "$p"; done
echo "== $(date -u +%T) pretraining done: $(grep -ho "wrote.*" "$WORK"/logs/pretrain-*.log | tr '\n' ' ')"
run_shards "$WORK/jobs-scale.txt" | timeout "$(left)" xargs -P 6 -L 1 bash -c 'one_shard "$@"' _ &
SECOND=$!
wait "$FIRST" "$SECOND"
kill "$MERGER" 2> /dev/null
merge_all
for size in $PRETRAIN_SIZES; do cp "$WORK/models/$size.safetensors" "$RESULTS/models/" 2> /dev/null; done
cp "$WORK/models/manifest.json" "$RESULTS/models/"
echo "== $(date -u +%T) done in $(( $(date +%s) - START )) s"
for f in "$RESULTS"/*.json; do
  node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1]));const c={};for(const e of r.runs)c[e.status]=(c[e.status]||0)+1;console.log(process.argv[1],JSON.stringify(c))' "$f" 2>/dev/null || true
done
