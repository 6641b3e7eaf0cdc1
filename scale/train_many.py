"""Tune many TinyFLAN models of one shape at once: their weights are stacked along a leading model axis [K, ...]
and every matmul is batched over it, so K small models keep a GPU as busy as one large one (one tiny model
alone leaves an H100 waiting on kernel launches).

  /usr/bin/python3 scale/train_many.py JOBS_DIR [--max-group K] [--workers N] [--threads N]

JOBS_DIR holds the jobs `tinyflan experiment --export-tuning JOBS_DIR` writes: <key>.job.json
{"init": base checkpoint, "data": mixture JSONL (relative to JOBS_DIR), "steps", "batch", "lr", "seed"}.
Each job's result is <key>.safetensors (what train.py --no-optimizer-state writes) and <key>.curve.json
{"curve": [{"step", "loss"}], "tokensPerSec", "device", "stacked"}; jobs that have one are skipped, so a rerun
resumes. Per model this computes what train.py computes: data order and packing (data.py), the masked loss,
global-norm clipping, AdamW and its schedule (optim.py's rules, written out here over the stacked axis).
test_train_many.py checks it against train.py.
"""
import argparse
import json
import math
import os
import sys
import time
from multiprocessing import get_context

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from data import BatchStream, mixture_stream, read_mixture  # noqa: E402
from optim import lr_at  # noqa: E402
from tinyflan_model import GPT, build_mask, load_checkpoint, save_checkpoint  # noqa: E402
from tokenizer import Tokenizer  # noqa: E402

FIELDS = ("tokens", "positions", "segments", "targets", "weights")
B1, B2, EPS, WD, MAX_NORM = 0.9, 0.95, 1e-8, 0.1, 1.0  # train.py's defaults (MODEL.md)


def load_jobs(d):
    jobs = []
    for f in sorted(os.listdir(d)):
        if not f.endswith(".job.json"):
            continue
        key = f[: -len(".job.json")]
        if os.path.exists(os.path.join(d, key + ".curve.json")):
            continue
        with open(os.path.join(d, f)) as fh:
            job = json.load(fh)
        stale = os.path.join(d, key + ".failed")  # an earlier try's note: this try decides anew
        if os.path.exists(stale):
            os.remove(stale)
        job.update(key=key, dir=d)
        jobs.append(job)
    return jobs


def group_key(job):
    return (job["init"], int(job["steps"]), int(job["batch"]), float(job["lr"]))


def prepare(job):
    """All of a job's batches, [steps, B, T] each, in train.py's order; saved beside the job (a worker process)."""
    torch.set_num_threads(1)
    _, config, tok_json, _, _ = load_checkpoint(job["init"])
    T, B, steps = config["blockSize"], int(job["batch"]), int(job["steps"])
    stream = BatchStream(mixture_stream(read_mixture(os.path.join(job["dir"], job["data"])), Tokenizer.from_json(tok_json), T,
                                        int(job["seed"])), B, T)
    out = {k: [] for k in FIELDS}
    for _ in range(steps):
        b = stream.next()
        for k in FIELDS:
            out[k].append(b[k])
    small = {"tokens": torch.int16, "positions": torch.int16, "segments": torch.int32, "targets": torch.int16, "weights": torch.uint8}
    if config["vocabSize"] >= 32768:
        small.update(tokens=torch.int32, targets=torch.int32)
    packed = {k: torch.stack(v).to(small[k]) for k, v in out.items()}
    path = os.path.join(job["dir"], job["key"] + ".batches.pt")
    torch.save(packed, path + ".tmp")
    os.replace(path + ".tmp", path)
    return job["key"]


class Stacked:
    """K models' parameters, stacked: P[name] is [K, *shape]."""

    def __init__(self, init, K, device):
        """K copies of one base checkpoint (a group shares its base: group_key includes it)."""
        base, self.config, self.tok_json, self.meta, _ = load_checkpoint(init)
        self.P = {n: p.detach().expand(K, *p.shape).contiguous().to(device).requires_grad_() for n, p in base.named_parameters()}
        self.m = {n: torch.zeros_like(p) for n, p in self.P.items()}
        self.v = {n: torch.zeros_like(p) for n, p in self.P.items()}
        self.fast = device.type == "cuda" and hasattr(F, "scaled_dot_product_attention")

    def forward(self, tokens, positions, segments):  # each [K, B, T] -> logits [K, B*T, V]
        P, cfg = self.P, self.config
        K, B, T = tokens.shape
        V, C, H, Tmax = cfg["vocabSize"], cfg["nEmbd"], cfg["nHead"], cfg["blockSize"]
        k = torch.arange(K, device=tokens.device)[:, None, None]
        wte = P["transformer.wte.weight"]                                             # [K, V, C]
        x = F.embedding(tokens + k * V, wte.reshape(K * V, C)) \
            + F.embedding(positions + k * Tmax, P["transformer.wpe.weight"].reshape(K * Tmax, C))  # [K, B, T, C]
        x = x.reshape(K, B * T, C)
        mask = build_mask(segments.reshape(K * B, T))                                 # [K*B, 1, T, T]
        for i in range(cfg["nLayer"]):
            p = f"transformer.h.{i}."
            qkv = self.linear(self.ln(x, p + "ln_1"), p + "attn.c_attn")              # [K, B*T, 3C]
            q, kk, v = (t.reshape(K * B, T, H, C // H).transpose(1, 2) for t in qkv.split(C, dim=2))  # [K*B, H, T, hs]
            if self.fast:
                y = F.scaled_dot_product_attention(q, kk, v, attn_mask=mask)
            else:
                y = F.softmax((q @ kk.transpose(-2, -1)) * (1.0 / math.sqrt(C // H)) + mask, dim=-1) @ v
            y = y.transpose(1, 2).reshape(K, B * T, C)                                # heads concatenated
            x = x + self.linear(y, p + "attn.c_proj")
            x = x + self.linear(F.gelu(self.linear(self.ln(x, p + "ln_2"), p + "mlp.c_fc"), approximate="tanh"), p + "mlp.c_proj")
        x = self.ln(x, "transformer.ln_f")
        return torch.bmm(x, wte.transpose(1, 2))                                      # tied head: [K, B*T, V]

    def ln(self, x, name):  # x [K, N, C]
        y = F.layer_norm(x, (x.shape[-1],), eps=1e-5)
        return y * self.P[name + ".weight"][:, None, :] + self.P[name + ".bias"][:, None, :]

    def linear(self, x, name):  # x [K, N, in] @ W [K, in, out] + b [K, out]
        return torch.baddbmm(self.P[name + ".bias"][:, None, :], x, self.P[name + ".weight"])

    @torch.no_grad()
    def step(self, t, lr):
        """Per model: clip to global norm MAX_NORM, then AdamW update t (torch.optim.AdamW's single-tensor rule)."""
        grads = {n: p.grad for n, p in self.P.items()}
        K = next(iter(grads.values())).shape[0]
        sq = sum(g.reshape(K, -1).pow(2).sum(1) for g in grads.values())              # [K]
        coef = (MAX_NORM / (sq.sqrt() + 1e-6)).clamp(max=1.0)
        bc1, bc2 = 1 - B1 ** t, 1 - B2 ** t
        for n, p in self.P.items():
            g = grads[n].mul_(coef.view(K, *([1] * (p.dim() - 1))))
            if p.dim() >= 3:  # a matrix per model: weight decay (MODEL.md: tensors with >= 2 dims)
                p.mul_(1 - lr * WD)
            self.m[n].lerp_(g, 1 - B1)
            self.v[n].mul_(B2).addcmul_(g, g, value=1 - B2)
            p.addcdiv_(self.m[n], (self.v[n].sqrt() / math.sqrt(bc2)).add_(EPS), value=-lr / bc1)
            p.grad = None


def train_group(jobs, device, log):
    steps, B, lr = int(jobs[0]["steps"]), int(jobs[0]["batch"]), float(jobs[0]["lr"])
    warmup = min(100, steps // 10)
    model = Stacked(jobs[0]["init"], len(jobs), device)
    K, T = len(jobs), model.config["blockSize"]
    data = [torch.load(os.path.join(j["dir"], j["key"] + ".batches.pt")) for j in jobs]
    every = max(1, steps // 100)
    curves = [[] for _ in jobs]
    chunk, t0 = 50, time.time()
    for start in range(0, steps, chunk):
        n = min(chunk, steps - start)
        dev = {k: torch.stack([d[k][start:start + n] for d in data], 1).to(device, torch.float32 if k == "weights" else torch.long)
               for k in FIELDS}                                                        # [n, K, B, T]
        for s in range(n):
            step = start + s + 1
            w = dev["weights"][s]                                                     # [K, B, T]
            logits = model.forward(dev["tokens"][s], dev["positions"][s], dev["segments"][s])
            ce = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), dev["targets"][s].reshape(-1), reduction="none")
            loss_sum = (ce.reshape(K, -1) * w.reshape(K, -1)).sum(1)                   # [K] sum of w * CE
            count = w.reshape(K, -1).sum(1).clamp(min=1.0)
            (loss_sum / count).sum().backward()                                       # the models' losses are independent
            model.step(step, lr_at(step, lr, warmup, steps))
            if step % every == 0 or step == 1 or step == steps:
                for c, v in zip(curves, (loss_sum / count).tolist()):
                    c.append({"step": step, "loss": v if math.isfinite(v) else None})  # JSON has no NaN
        if log:
            print(f"  step {start + n}/{steps}  mean loss {sum(c[-1]['loss'] or math.nan for c in curves) / K:.4f}  {time.time() - t0:.0f}s", flush=True)
    dt = time.time() - t0
    per_model = steps * B * T / dt
    for k, job in enumerate(jobs):
        save(job, model, k, steps, device, K)
        with open(os.path.join(job["dir"], job["key"] + ".curve.json.tmp"), "w") as f:
            json.dump({"curve": curves[k], "tokensPerSec": per_model, "aggregateTokensPerSec": per_model * K,
                       "device": device.type, "stacked": K}, f)
        os.replace(os.path.join(job["dir"], job["key"] + ".curve.json.tmp"), os.path.join(job["dir"], job["key"] + ".curve.json"))
        os.remove(os.path.join(job["dir"], job["key"] + ".batches.pt"))
    return dt, per_model * K


def save(job, model, k, steps, device, K):
    one = GPT(model.config)
    with torch.no_grad():
        for n, p in one.named_parameters():
            p.copy_(model.P[n][k].detach().cpu())
    info = {"seed": int(job["seed"]), "data": job["data"], "backend": f"torch-{device.type}", "world_size": 1,
            "command": f"scale/train_many.py (stacked with {K - 1} other models)", "from": os.path.basename(job["init"]),
            "from_step": int(model.meta["step"]), "torch": torch.__version__}
    out = os.path.join(job["dir"], job["key"] + ".safetensors")
    save_checkpoint(out + ".tmp", one, model.config, model.tok_json, int(model.meta["step"]) + steps, info)
    os.replace(out + ".tmp", out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("jobs_dir")
    ap.add_argument("--max-group", type=int, default=64, help="most models stacked in one group")
    ap.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) - 1), help="processes preparing batches")
    ap.add_argument("--threads", type=int, default=0, help="torch CPU threads of the training process (0: default)")
    ap.add_argument("--match", default="", help="only jobs whose base checkpoint's file name contains this")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    if a.threads:
        torch.set_num_threads(a.threads)
    jobs = [j for j in load_jobs(a.jobs_dir) if a.match in os.path.basename(j["init"])]
    groups = {}
    for j in jobs:
        groups.setdefault(group_key(j), []).append(j)
    groups = [g[i:i + a.max_group] for g in groups.values() for i in range(0, len(g), a.max_group)]
    t0 = time.time()
    with get_context("fork").Pool(a.workers) as pool:  # forked before this process touches CUDA
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
        if device.type == "cuda":
            torch.backends.cuda.matmul.allow_tf32 = True  # as train.py on CUDA
            torch.backends.cudnn.allow_tf32 = True
        print(f"train_many.py: {len(jobs)} jobs in {len(groups)} groups on {device.type}", flush=True)
        pending = [pool.map_async(prepare, g) for g in groups]  # batches for later groups are made while earlier ones train
        failed = 0
        for g, ready in zip(groups, pending):
            try:
                ready.get()
                dt, tps = train_group(g, device, not a.quiet)
            except Exception as e:  # leave a note per job (evaluations waiting on them stop) and go on
                failed += 1
                for j in g:
                    with open(os.path.join(a.jobs_dir, j["key"] + ".failed"), "w") as f:
                        f.write(f"{type(e).__name__}: {e}\n")
                print(f"group of {len(g)} failed: {type(e).__name__}: {e}", flush=True)
                continue
            print(f"group of {len(g)} ({os.path.basename(g[0]['init'])}, {g[0]['steps']} steps x {g[0]['batch']}): "
                  f"{dt:.0f}s, {tps:,.0f} tok/s over all models ({time.time() - t0:.0f}s so far)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
