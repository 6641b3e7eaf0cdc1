"""Train a TinyFLAN checkpoint with PyTorch, on one process or many (DDP).

  torchrun --nproc_per_node N scale/train.py --init ck.safetensors --data mix.jsonl \
      --steps S --batch B --seq-len T --lr 1e-3 --out out.safetensors
  /usr/bin/python3 scale/train.py ...            (one process, no torchrun)

--data: an exported mixture (JSONL of {inputs, targets, ...}); instruction tuning, loss on target tokens.
--text: a corpus, one document per line; pretraining, loss on every token.
Both are tokenized with the tokenizer stored in the --init checkpoint.

Data order and packing are the lab's (src/core/train/pretrain.ts, src/core/model/batch.ts): the same seed gives
the same batches as the browser. B is the global batch in rows of T tokens; every rank builds the same global
batch and takes its B/N rows, so N processes compute what one process would. The loss is
sum(w * CE) over the global batch / global sum(w); each rank backpropagates its own sum / global count,
times N to undo DDP's gradient averaging. Backend: nccl when CUDA is available, else gloo.
"""
import argparse
import os
import sys
import time
from contextlib import nullcontext

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402

from data import BatchStream, corpus_stream, mixture_stream, read_corpus, read_mixture  # noqa: E402
from optim import Optimizer  # noqa: E402
from tinyflan_model import load_checkpoint, masked_loss_sum, save_checkpoint  # noqa: E402
from tokenizer import Tokenizer  # noqa: E402


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--init", required=True, help="starting checkpoint (weights, config, tokenizer)")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--data", help="mixture JSONL (instruction tuning)")
    src.add_argument("--text", help="corpus, one document per line (pretraining)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--batch", type=int, default=32, help="global batch, rows of --seq-len tokens")
    ap.add_argument("--micro-batch", type=int, default=0, help="rows per forward pass per rank (0: all)")
    ap.add_argument("--seq-len", type=int, default=0, help="row length (default: the model's blockSize)")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--warmup", type=int, default=-1, help="warm-up steps (default, as the lab: min(100, steps/10))")
    ap.add_argument("--wd", type=float, default=0.1)
    ap.add_argument("--max-norm", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--resume", action="store_true", help="continue the checkpoint's optimizer state and step")
    ap.add_argument("--dtype", choices=["F32", "F16"], default="F32", help="weights dtype in --out")
    ap.add_argument("--no-optimizer-state", action="store_true", help="leave optimizer.m/v out of --out")
    ap.add_argument("--bf16", choices=["auto", "on", "off"], default="auto", help="bf16 autocast (auto: on CUDA)")
    ap.add_argument("--compile", action="store_true", help="torch.compile the model (torch >= 2)")
    ap.add_argument("--log-every", type=int, default=10)
    ap.add_argument("--save-every", type=int, default=0, help="also write --out every this many steps")
    ap.add_argument("--threads", type=int, default=0, help="CPU threads per process (0: torch default)")
    return ap.parse_args(argv)


def log(rank, *a):
    if rank == 0:
        print(*a, flush=True)


def main(argv=None):
    a = parse_args(argv)
    distributed = "WORLD_SIZE" in os.environ
    cuda = torch.cuda.is_available()
    if distributed:
        dist.init_process_group("nccl" if cuda else "gloo")
        rank, world, local = dist.get_rank(), dist.get_world_size(), int(os.environ.get("LOCAL_RANK", 0))
    else:
        rank, world, local = 0, 1, 0
    device = torch.device(f"cuda:{local}" if cuda else "cpu")
    if cuda:
        torch.cuda.set_device(device)
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    if a.threads:
        torch.set_num_threads(a.threads)
    if a.batch % world:
        raise SystemExit(f"--batch {a.batch} must be divisible by the number of processes {world}")

    model, config, tok_json, meta, opt_state = load_checkpoint(a.init)
    tok = Tokenizer.from_json(tok_json)
    if tok.vocab_size > config["vocabSize"]:
        raise SystemExit(f"tokenizer has {tok.vocab_size} ids but the model only {config['vocabSize']}")
    T = a.seq_len or config["blockSize"]
    if T > config["blockSize"]:
        raise SystemExit(f"--seq-len {T} exceeds the model's blockSize {config['blockSize']}")
    model.to(device)
    if cuda:
        model.set_fast_attention(True)
    use_bf16 = a.bf16 == "on" or (a.bf16 == "auto" and cuda)
    warmup = a.warmup if a.warmup >= 0 else min(100, a.steps // 10)
    if a.resume and opt_state is None:
        raise SystemExit(f"--resume: {a.init} has no optimizer state")
    base = opt_state["step"] if a.resume else 0
    opt = Optimizer(model, a.lr, warmup, base + a.steps, wd=a.wd, max_norm=a.max_norm)
    if a.resume:
        opt.load_state(opt_state)
    fwd = ddp = model
    if distributed:
        fwd = ddp = torch.nn.parallel.DistributedDataParallel(model, device_ids=[local] if cuda else None)
    if a.compile:
        fwd = torch.compile(ddp)

    if a.data:
        stream = mixture_stream(read_mixture(a.data), tok, T, a.seed)
    else:
        stream = corpus_stream(read_corpus(a.text), tok, T, a.seed)
    batches = BatchStream(stream, a.batch, T)
    per_rank = a.batch // world
    micro = a.micro_batch or per_rank
    if per_rank % micro:
        raise SystemExit(f"rows per rank {per_rank} must be divisible by --micro-batch {micro}")
    n_params = sum(p.numel() for p in model.parameters())
    log(rank, f"train.py: {n_params / 1e6:.2f}M params, {world} x {device.type}, global batch {a.batch} x {T}, "
              f"micro {micro}, bf16 {use_bf16}, steps {a.steps}, warmup {warmup}")

    info = {"seed": a.seed, "data": os.path.basename(a.data or a.text), "backend": f"torch-{device.type}",
            "world_size": world, "command": "scale/train.py " + " ".join(sys.argv[1:] if argv is None else argv),
            "from": os.path.basename(a.init), "from_step": int(meta["step"]), "torch": torch.__version__}
    t0, tokens_seen = time.time(), 0
    for step in range(1, a.steps + 1):
        glob = batches.next()
        mine = {k: v[rank * per_rank:(rank + 1) * per_rank].to(device, non_blocking=True) for k, v in glob.items()}
        count = glob["weights"].sum().item()  # same on every rank: all build the global batch
        denom = max(1.0, count) / world     # DDP averages over ranks; dividing by count/world undoes it
        opt.zero_grad()
        loss_sum = torch.zeros((), device=device)
        for i in range(0, per_rank, micro):
            mb = {k: v[i:i + micro] for k, v in mine.items()}
            last = i + micro >= per_rank
            with ddp.no_sync() if distributed and not last else nullcontext():  # all-reduce on the last only
                with torch.autocast(device.type, dtype=torch.bfloat16, enabled=use_bf16):
                    logits = fwd(mb["tokens"], mb["positions"], mb["segments"])  # [micro, T, V]
                    s, _ = masked_loss_sum(logits, mb["targets"], mb["weights"])  # float32 sum of w * CE
                (s / denom).backward()
            loss_sum += s.detach()
        lr, norm = opt.step()
        tokens_seen += int(glob["weights"].numel())
        if step % a.log_every == 0 or step == 1 or step == a.steps:
            if distributed:
                dist.all_reduce(loss_sum)
            dt = time.time() - t0
            log(rank, f"step {step:5d}  loss {loss_sum.item() / max(1.0, count):.4f}  lr {lr:.2e}  "
                      f"|g| {norm:.3f}  {tokens_seen / dt:,.0f} tok/s  {dt:.0f}s")
        if rank == 0 and a.save_every and step % a.save_every == 0 and step < a.steps:
            _save(a, model, config, tok_json, opt, info)
    if rank == 0:
        _save(a, model, config, tok_json, opt, info)
        log(rank, f"wrote {a.out} (step {opt.t})")
    if distributed:
        dist.barrier()
        dist.destroy_process_group()


def _save(a, model, config, tok_json, opt, info):
    tmp = a.out + ".tmp"
    save_checkpoint(tmp, model, config, tok_json, opt.t, info,
                    optimizer_state=None if a.no_optimizer_state else opt.state(), dtype=a.dtype)
    os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
