"""Parity CLI for the TypeScript test harness (npm run test:parity).

  /usr/bin/python3 scale/parity.py forward --checkpoint ck.safetensors --batch batch.json --out out.json
      -> out.json = {"logits": [flat, row-major B*T*V], "shape": [B, T, V], "loss": float}
  /usr/bin/python3 scale/parity.py step --checkpoint ck.safetensors --batch batch.json \
      --lr 1e-3 --warmup 10 --total 100 --wd 0.1 --max-norm 1 --out-checkpoint ck2.safetensors [--out step.json]
      -> one AdamW update at t=1 from zero moments; ck2 holds the new weights, optimizer.m/v and step=1.
         step.json (optional) = {"loss", "lr", "grad_norm"}

batch.json = {"tokens": [[..]], "positions": [[..]], "segments": [[..]], "targets": [[..]], "weights": [[..]]}
Everything runs in float32 on the CPU. Exit code 2 with a one-line message on bad input.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def load_batch(path, torch):
    with open(path) as f:
        try:
            b = json.load(f)
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}: not JSON ({e})") from None
    if not isinstance(b, dict):
        raise ValueError(f"{path}: batch must be a JSON object")
    out = {}
    for k in ("tokens", "positions", "segments", "targets", "weights"):
        if k not in b:
            raise ValueError(f"{path}: batch has no {k!r}")
        out[k] = torch.tensor(b[k], dtype=torch.float32 if k == "weights" else torch.long)
        if out[k].dim() != 2 or out[k].shape != out["tokens"].shape:
            raise ValueError(f"{path}: {k} must be [B, T] like tokens, got {list(out[k].shape)}")
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("forward")
    s = sub.add_parser("step")
    for p in (f, s):
        p.add_argument("--checkpoint", required=True)
        p.add_argument("--batch", required=True)
    f.add_argument("--out", required=True)
    s.add_argument("--lr", type=float, required=True)
    s.add_argument("--warmup", type=int, default=0)
    s.add_argument("--total", type=int, default=1)
    s.add_argument("--wd", type=float, default=0.1)
    s.add_argument("--max-norm", type=float, default=1.0)
    s.add_argument("--b1", type=float, default=0.9)
    s.add_argument("--b2", type=float, default=0.95)
    s.add_argument("--eps", type=float, default=1e-8)
    s.add_argument("--out-checkpoint", required=True)
    s.add_argument("--out", help="optional JSON with loss, lr, grad_norm")
    a = ap.parse_args(argv)

    import torch
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    from tinyflan_model import CheckpointError, load_checkpoint, loss_fn

    try:
        model, config, tok, meta, _ = load_checkpoint(a.checkpoint)
        batch = load_batch(a.batch, torch)
        V, T = config["vocabSize"], config["blockSize"]
        if batch["tokens"].shape[1] > T:
            raise ValueError(f"batch length {batch['tokens'].shape[1]} exceeds blockSize {T}")
        for k in ("tokens", "targets"):
            if batch[k].numel() and (batch[k].min() < 0 or batch[k].max() >= V):
                raise ValueError(f"{k} out of range [0, {V})")
        if batch["positions"].numel() and (batch["positions"].min() < 0 or batch["positions"].max() >= T):
            raise ValueError(f"positions out of range [0, {T})")
    except (CheckpointError, ValueError, OSError) as e:
        print(f"parity.py: {e}", file=sys.stderr)
        return 2

    if a.cmd == "forward":
        with torch.no_grad():
            logits = model(batch["tokens"], batch["positions"], batch["segments"])
            loss = loss_fn(logits, batch["targets"], batch["weights"])
        with open(a.out, "w") as fh:
            json.dump({"logits": logits.reshape(-1).tolist(), "shape": list(logits.shape), "loss": loss.item()}, fh)
        return 0

    from optim import Optimizer
    opt = Optimizer(model, a.lr, a.warmup, a.total, wd=a.wd, b1=a.b1, b2=a.b2, eps=a.eps, max_norm=a.max_norm)
    logits = model(batch["tokens"], batch["positions"], batch["segments"])
    loss = loss_fn(logits, batch["targets"], batch["weights"])
    loss.backward()
    lr, norm = opt.step()
    info = {"command": "parity.py step", "lr": a.lr, "warmup": a.warmup, "total": a.total, "wd": a.wd,
            "max_norm": a.max_norm, "from": os.path.basename(a.checkpoint), "backend": "torch-cpu"}
    from tinyflan_model import save_checkpoint
    save_checkpoint(a.out_checkpoint, model, config, tok, opt.t, info, optimizer_state=opt.state())
    if a.out:
        with open(a.out, "w") as fh:
            json.dump({"loss": loss.item(), "lr": lr, "grad_norm": norm}, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
