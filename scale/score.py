"""Evaluation primitives of the lab (src/core/model/infer.ts) in PyTorch, served over stdin/stdout.

  /usr/bin/python3 scale/score.py --checkpoint ck.safetensors [--device auto|cpu|cuda] [--threads N]

One JSON request per input line, one JSON answer per output line:
  {"op": "score", "items": [{"prompt": [ids], "continuation": [ids]}, ...]}  ->  {"scores": [float, ...]}
  {"op": "generate", "prompts": [[ids], ...], "maxNew": N}                  ->  {"outputs": [[ids], ...]}
Errors answer {"error": "..."}. Semantics match infer.ts: a continuation is cut to T-1 tokens and its prompt
from the left to fit; greedy decoding keeps the last T-maxNew prompt tokens (after BOS), stops at EOS (not
returned) or when the row is full. Float32 throughout (TF32 off) so scores match the lab's within ~1e-4.
Items are padded on the right one per row, which causal attention makes equivalent to the lab's packing.
"""
import argparse
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from tinyflan_model import load_checkpoint  # noqa: E402

BOS, EOS, PAD = 1, 2, 0


def pick_device(name):
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


def run_rows(model, rows, device):
    """rows: list of token lists (each <= T) -> logits [N, L, V] (L = longest row), float32."""
    L = max(len(r) for r in rows)
    tokens = torch.full((len(rows), L), PAD, dtype=torch.long)
    for i, r in enumerate(rows):
        tokens[i, :len(r)] = torch.tensor(r, dtype=torch.long)
    tokens = tokens.to(device)
    positions = torch.arange(L, device=device).expand(len(rows), L)
    segments = torch.zeros_like(tokens)
    return model(tokens, positions, segments).float()


@torch.no_grad()
def score(model, items, T, device, batch):
    out = []
    for s in range(0, len(items), batch):
        rows, spans = [], []
        for it in items[s:s + batch]:
            cont = list(it["continuation"])[:T - 1]
            prompt = list(it["prompt"])
            ctx = prompt[max(0, len(prompt) - (T - len(cont))):]
            if not ctx:
                raise ValueError("a prompt must have at least one token (e.g. BOS)")
            rows.append(ctx + cont)
            spans.append((len(ctx), len(cont)))
        logp = F.log_softmax(run_rows(model, rows, device), dim=-1)
        # every continuation token's log-probability in one gather, summed per item: one GPU -> host copy per batch
        row = [i for i, (_, n) in enumerate(spans) for _ in range(n)]
        if not row:  # only empty continuations: each scores 0
            out.extend([0.0] * len(spans))
            continue
        pos = [start - 1 + j for start, n in spans for j in range(n)]
        tgt = [rows[i][p + 1] for i, p in zip(row, pos)]
        picked = logp[torch.tensor(row, device=device), torch.tensor(pos, device=device), torch.tensor(tgt, device=device)]
        sums = torch.zeros(len(spans), dtype=torch.float64, device=device).index_add_(0, torch.tensor(row, device=device, dtype=torch.long), picked.double())
        for v in sums.tolist():  # items with an empty continuation score 0
            out.append(v if math.isfinite(v) else None)  # JSON has no NaN; the caller reads null as NaN
    return out


@torch.no_grad()
def generate(model, prompts, max_new, T, device, batch):
    out = []
    keep = max(1, T - max_new)
    for s in range(0, len(prompts), batch):
        group = [[BOS] + list(p)[len(p) - keep + 1:] if len(p) > keep else list(p) for p in prompts[s:s + batch]]
        gen = [[] for _ in group]
        done = [False] * len(group)
        for _ in range(max_new):
            if all(done):
                break
            rows = [(p + g)[:T] for p, g in zip(group, gen)]
            logits = run_rows(model, rows, device)
            last = torch.tensor([len(r) - 1 for r in rows], device=device)
            ids = logits[torch.arange(len(rows), device=device), last].argmax(-1).tolist()
            for b, tok in enumerate(ids):
                if done[b]:
                    continue
                if tok == EOS or len(group[b]) + len(gen[b]) >= T:
                    done[b] = True
                else:
                    gen[b].append(tok)
        out.extend(gen)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--batch", type=int, default=0, help="rows per forward pass (default: 16 on CPU, 256 on CUDA)")
    a = ap.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    device = pick_device(a.device)
    model = load_checkpoint(a.checkpoint)[0].to(device).eval()
    T = model.config["blockSize"]
    batch = a.batch or (256 if device.type == "cuda" else 16)
    print(json.dumps({"ready": True, "device": device.type, "blockSize": T}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            if req.get("op") == "score":
                ans = {"scores": score(model, req["items"], T, device, batch)}
            elif req.get("op") == "generate":
                ans = {"outputs": generate(model, req["prompts"], int(req["maxNew"]), T, device, batch)}
            else:
                ans = {"error": f"unknown op {req.get('op')!r}"}
        except Exception as e:  # answer, don't die: the caller reports it
            ans = {"error": f"{type(e).__name__}: {e}"}
        print(json.dumps(ans), flush=True)


if __name__ == "__main__":
    main()
