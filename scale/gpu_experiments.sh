#!/usr/bin/env bash
# The paper's four experiments (main with every cluster held out, clusters, scale, instructions) on a GPU server,
# with the CLI's PyTorch engines. Three steps run side by side:
#   1. `experiment --export-tuning` writes every pending tuned model as a job (mixture + settings);
#   2. `scale/train_many.py` trains the jobs of each model size at once, weights stacked (one process per size);
#   3. `experiment --tuned-dir` shards evaluate (scale/score.py on CUDA, the lab's prompts and metrics), taking
#      each tuned model as soon as it is written (a shard waits at a tuned run whose model is not there yet).
# Shards are merged every 30 s and at the end (`tinyflan merge`), so a run cut short still leaves every finished run.
#
#   scale/gpu_experiments.sh RESULTS_DIR
#
# RESULTS_DIR gets main.json, clusters.json, scale.json, instructions.json (for `tinyflan report` and `plot`) and log.txt.
# Settings (environment): CLI ("node cli/tinyflan.mjs"), JOBS (12 evaluation processes), SEEDS (1,2,3), EVAL_EXAMPLES (100),
# EVAL_TEMPLATES (5), STEPS/BATCH/LR (the presets' defaults when unset), MAIN_HELDOUT (all 12 clusters),
# PRIOR (a folder of earlier <preset>.json results with the same settings: their finished runs are kept, not rerun),
# DEADLINE (seconds, 0 = none: stop starting and kill workers after it), WORK (/tmp/tinyflan-gpu; reruns resume).
set -uo pipefail
[ $# -eq 1 ] || { sed -n '2,17p' "$0"; exit 2; }
RESULTS=$1
CLI=${CLI:-node cli/tinyflan.mjs}
JOBS=${JOBS:-12}
SEEDS=${SEEDS:-1,2,3}
WORK=${WORK:-/tmp/tinyflan-gpu}
PRIOR=${PRIOR:-}
MAIN_HELDOUT=${MAIN_HELDOUT:-nli,reading_comprehension,closed_book_qa,commonsense,coreference,reading_comprehension_commonsense,paraphrase,sentiment,struct_to_text,translation,summarization,misc}
DEADLINE=${DEADLINE:-0}
PY=${TINYFLAN_PYTHON:-python3}
COMMON="--engine torch --eval-engine torch --backend cpu --seeds $SEEDS --eval-examples ${EVAL_EXAMPLES:-100} --eval-templates ${EVAL_TEMPLATES:-5}"
[ -n "${STEPS:-}" ] && COMMON="$COMMON --steps $STEPS"
[ -n "${BATCH:-}" ] && COMMON="$COMMON --batch $BATCH"
[ -n "${LR:-}" ] && COMMON="$COMMON --lr $LR"
TUNING=$WORK/tuning
mkdir -p "$RESULTS" "$WORK/shards" "$WORK/logs" "$TUNING"
START=$(date +%s)
# Seconds left before DEADLINE, at least 1 (timeout 0 would mean "no limit").
left() { local l=86400; [ "$DEADLINE" -gt 0 ] && l=$((DEADLINE - ($(date +%s) - START))); [ "$l" -lt 1 ] && l=1; echo "$l"; }

# preset  shards  flags
cat > "$WORK/jobs.txt" <<JOBS_EOF
main 12 --models tiny --heldout $MAIN_HELDOUT
clusters 4 --models tiny
scale 3 --models nano,micro,tiny,small,base
instructions 2 --models tiny
JOBS_EOF
run_shards() {  # -> one line per shard: preset k n flags...
  while read -r preset n flags; do
    for ((k = 0; k < n; k++)); do
      # an earlier run's finished runs: each shard starts from them (results files resume by run id)
      [ -n "$PRIOR" ] && [ -f "$PRIOR/$preset.json" ] && [ ! -f "$WORK/shards/$preset-$k.json" ] && cp "$PRIOR/$preset.json" "$WORK/shards/$preset-$k.json"
      echo "$preset $k $n $flags"
    done
  done < "$WORK/jobs.txt"
}
one_shard() {  # mode preset k n flags...
  local mode=$1 preset=$2 k=$3 n=$4; shift 4
  $CLI experiment --preset "$preset" $COMMON "$@" --shard "$k/$n" $mode --out "$WORK/shards/$preset-$k.json" \
    >> "$WORK/logs/$preset-$k.log" 2>&1 || echo "shard $preset $k/$n exited with $?" >> "$WORK/logs/$preset-$k.log"
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

echo "== $(date -u +%T) 1. exporting tuning jobs"
run_shards > "$WORK/shards.txt"
timeout "$(left)" xargs -P "$JOBS" -L 1 bash -c 'one_shard "--export-tuning '"$TUNING"'" "$@"' _ < "$WORK/shards.txt"
echo "== $(date -u +%T) $(ls "$TUNING"/*.job.json 2> /dev/null | wc -l) jobs; 2. training them stacked, one process per size; 3. evaluating ($JOBS shards)"
rm -f "$TUNING"/*.failed  # notes of an earlier try: the trainers decide anew
(
  pids=()
  for size in tiny small base micro nano; do
    workers=2; [ "$size" = tiny ] && workers=8
    timeout "$(left)" "$PY" scale/train_many.py "$TUNING" --match "$size." --workers "$workers" > "$WORK/logs/train-$size.log" 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}"
  # a trainer that died (killed, out of memory, deadline) leaves no note itself: evaluations waiting on its jobs stop here
  for job in "$TUNING"/*.job.json; do
    [ -e "$job" ] || continue
    key=${job%.job.json}
    [ -f "$key.curve.json" ] || [ -f "$key.failed" ] || echo "train_many.py exited without training it (see logs/train-*.log)" > "$key.failed"
  done
) &
TRAINERS=$!
( while true; do sleep 30; merge_all; done ) &
MERGER=$!
timeout "$(left)" xargs -P "$JOBS" -L 1 bash -c 'one_shard "--tuned-dir '"$TUNING"'" "$@"' _ < "$WORK/shards.txt"
wait "$TRAINERS"
kill "$MERGER" 2> /dev/null
merge_all
grep -h "group of" "$WORK"/logs/train-*.log
echo "== $(date -u +%T) done in $(( $(date +%s) - START )) s"
for f in "$RESULTS"/*.json; do
  node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1]));const c={};for(const e of r.runs)c[e.status]=(c[e.status]||0)+1;console.log(process.argv[1],JSON.stringify(c))' "$f" 2>/dev/null || true
done
