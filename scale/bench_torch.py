"""PyTorch CPU reference throughput for the TinyFLAN architecture (used by `npm run bench`).

  /usr/bin/python3 scale/bench_torch.py --config '{"vocabSize":1024,"blockSize":64,"nLayer":2,"nHead":4,"nEmbd":32}' \
      --batch 16 --steps 10 --threads 1
prints one JSON line: {"tokensPerSec": ..., "msPerStep": ..., "params": ...}
Same model, same masked loss, same AdamW as the lab; random tokens; one thread unless told otherwise.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    import torch
    torch.set_num_threads(a.threads)
    from tinyflan_model import GPT, loss_fn
    from optim import Optimizer

    cfg = json.loads(a.config)
    model = GPT(cfg)
    model.init_weights(0)
    opt = Optimizer(model, lr=1e-4, warmup=1, total=a.steps + a.warmup)
    B, T, V = a.batch, cfg["blockSize"], cfg["vocabSize"]
    g = torch.Generator().manual_seed(0)
    tokens = torch.randint(0, V, (B, T), generator=g)
    positions = torch.arange(T).repeat(B, 1)
    segments = torch.zeros(B, T, dtype=torch.long)
    targets = torch.roll(tokens, -1, 1)
    weights = torch.ones(B, T)
    weights[:, -1] = 0

    def step():
        opt.zero_grad()
        loss = loss_fn(model(tokens, positions, segments), targets, weights)
        loss.backward()
        opt.step()
        return loss

    for _ in range(a.warmup):
        step()
    t0 = time.perf_counter()
    for _ in range(a.steps):
        step()
    dt = (time.perf_counter() - t0) / a.steps
    params = sum(p.numel() for p in model.parameters())
    print(json.dumps({"tokensPerSec": B * T / dt, "msPerStep": dt * 1000, "params": params, "threads": a.threads}))


if __name__ == "__main__":
    main()
