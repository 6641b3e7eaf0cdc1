#!/usr/bin/env bash
# Pretrain and instruction-tune a >= 20M-parameter TinyFLAN model on an NVIDIA GPU server (CUDA PyTorch,
# no network needed), writing lab-format checkpoints that `tinyflan experiment --from-checkpoint` loads.
#
#   scale/gpu_pretrain_tune.sh CORPUS.txt MIXTURE.jsonl TOKENIZER OUTDIR
#
#   CORPUS.txt     pretraining corpus, one document per line   (tinyflan export corpus)
#   MIXTURE.jsonl  instruction mixture                          (tinyflan export mixture)
#   TOKENIZER      tokenizer JSON, or any lab checkpoint (its tokenizer is used)
#   OUTDIR         gets init.safetensors, pretrained.safetensors, tuned.safetensors and *.log
#
# Settings (environment): PRESET (l12-d384 ~21.7M | l8-d512 ~25.8M), BLOCK (128), BATCH (global rows, 64),
# PRETRAIN_STEPS (3000), PRETRAIN_LR (6e-4), TUNE_STEPS (1000), TUNE_LR (1e-4), SEED (0),
# NGPU (all visible GPUs), PYTHON (python3), COMPILE (0; 1 adds --compile, torch >= 2), DTYPE (F32 | F16 output).
# bf16 autocast is on automatically on CUDA; several GPUs run under torchrun with DDP (nccl).
set -euo pipefail

if [ $# -ne 4 ]; then
  sed -n '2,16p' "$0"
  exit 2
fi
CORPUS=$1 MIXTURE=$2 TOKENIZER=$3 OUTDIR=$4
HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-python3}
PRESET=${PRESET:-l12-d384}
BLOCK=${BLOCK:-128}
BATCH=${BATCH:-64}
PRETRAIN_STEPS=${PRETRAIN_STEPS:-3000}
PRETRAIN_LR=${PRETRAIN_LR:-6e-4}
TUNE_STEPS=${TUNE_STEPS:-1000}
TUNE_LR=${TUNE_LR:-1e-4}
SEED=${SEED:-0}
DTYPE=${DTYPE:-F32}
if [ -z "${NGPU:-}" ]; then
  NGPU=$("$PYTHON" -c 'import torch; print(torch.cuda.device_count())')
fi
EXTRA=()
[ "${COMPILE:-0}" = 1 ] && EXTRA+=(--compile)

for f in "$CORPUS" "$MIXTURE" "$TOKENIZER"; do
  [ -f "$f" ] || { echo "gpu_pretrain_tune.sh: no such file: $f" >&2; exit 2; }
done
mkdir -p "$OUTDIR"
"$PYTHON" -c 'import torch; print("torch", torch.__version__, "cuda", torch.cuda.is_available(), torch.cuda.device_count(), "GPU(s)")'
[ "$NGPU" -ge 1 ] || echo "gpu_pretrain_tune.sh: no CUDA GPU visible; running on the CPU (slow)" >&2

if [ "$NGPU" -gt 1 ]; then
  # --redirects/--tee 1: torch 1.13's launcher breaks on Python 3.11 with their default; harmless elsewhere
  LAUNCH=("$PYTHON" -m torch.distributed.run --standalone --nproc_per_node "$NGPU" --redirects 1 --tee 1)
else
  LAUNCH=("$PYTHON")
fi

"$PYTHON" "$HERE/init_checkpoint.py" --tokenizer "$TOKENIZER" --preset "$PRESET" --block-size "$BLOCK" \
  --seed "$SEED" --out "$OUTDIR/init.safetensors"

echo "== pretraining: $PRETRAIN_STEPS steps x $BATCH x $BLOCK tokens"
"${LAUNCH[@]}" "$HERE/train.py" --init "$OUTDIR/init.safetensors" --text "$CORPUS" \
  --steps "$PRETRAIN_STEPS" --batch "$BATCH" --lr "$PRETRAIN_LR" --seed "$SEED" --log-every 50 \
  --save-every 1000 --no-optimizer-state --dtype "$DTYPE" "${EXTRA[@]}" \
  --out "$OUTDIR/pretrained.safetensors" 2>&1 | tee "$OUTDIR/pretrain.log"

echo "== instruction tuning: $TUNE_STEPS steps"
"${LAUNCH[@]}" "$HERE/train.py" --init "$OUTDIR/pretrained.safetensors" --data "$MIXTURE" \
  --steps "$TUNE_STEPS" --batch "$BATCH" --lr "$TUNE_LR" --seed "$SEED" --log-every 50 \
  --dtype "$DTYPE" "${EXTRA[@]}" \
  --out "$OUTDIR/tuned.safetensors" 2>&1 | tee "$OUTDIR/tune.log"

echo "wrote $OUTDIR/pretrained.safetensors and $OUTDIR/tuned.safetensors"
