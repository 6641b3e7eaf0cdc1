"""DDP check: a 2-process gloo torchrun must give the same weights as a 1-process run with the same global
batch. Makes its own tiny random checkpoint and mixture, trains a few steps both ways, compares.

  /usr/bin/python3 scale/test_ddp.py [--steps 4] [--keep DIR]     prints PASS/FAIL, exit 1 on failure
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
TOL = 1e-5


def make_inputs(d):
    from tinyflan_model import GPT, save_checkpoint
    from tokenizer import FIRST_MERGE
    tok = {"type": "tinyflan-bpe", "version": 1, "merges": [[76, 105], [105, 105], [FIRST_MERGE, 36]]}
    cfg = {"vocabSize": FIRST_MERGE + 3, "blockSize": 32, "nLayer": 2, "nHead": 2, "nEmbd": 16}
    ck = os.path.join(d, "init.safetensors")
    save_checkpoint(ck, GPT(cfg).init_weights(1), cfg, json.dumps(tok), 0, {"seed": 1, "corpus": "test_ddp"})
    rng = random.Random(0)
    words = ["fox", "bear", "Lumo", "capital", "is", "the", "of", "yes", "no", "🦊", "12", "?"]
    mix = os.path.join(d, "mix.jsonl")
    with open(mix, "w") as f:
        for i in range(40):
            inp = " ".join(rng.choice(words) for _ in range(rng.randint(2, 9)))
            tgt = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
            f.write(json.dumps({"inputs": inp, "targets": tgt, "task": f"t{i % 3}", "cluster": "c",
                                "template_id": i % 2}) + "\n")
    return ck, mix


def run(cmd, env):
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if r.returncode:
        sys.stdout.write(r.stdout + r.stderr)
        raise SystemExit(f"FAIL: command failed ({r.returncode}): {' '.join(cmd)}")
    return r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=4)
    ap.add_argument("--keep", help="write files here instead of a temporary folder")
    a = ap.parse_args()
    from tinyflan_model import load_checkpoint

    with tempfile.TemporaryDirectory() as tmp:
        d = a.keep or tmp
        os.makedirs(d, exist_ok=True)
        ck, mix = make_inputs(d)
        env = {**os.environ, "OMP_NUM_THREADS": "1", "CUDA_VISIBLE_DEVICES": ""}  # CPU + gloo
        common = ["--init", ck, "--data", mix, "--steps", str(a.steps), "--batch", "8", "--seq-len", "32",
                  "--lr", "3e-3", "--warmup", "2", "--seed", "5",
                  "--max-norm", "0",  # no clipping: Adam and clipping hide a mis-scaled gradient, v does not
 "--log-every", "1", "--threads", "1"]
        py = sys.executable
        one = os.path.join(d, "one.safetensors")
        two = os.path.join(d, "two.safetensors")
        out1 = run([py, os.path.join(HERE, "train.py"), *common, "--out", one], env)
        out2 = run([py, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
                    # --redirects/--tee 1: torch 1.13's launcher breaks on Python 3.11 with their default "0"
                    "--redirects", "1", "--tee", "1",
                    os.path.join(HERE, "train.py"), *common, "--micro-batch", "2", "--out", two], env)
        m1, _, _, meta1, o1 = load_checkpoint(one)
        m2, _, _, meta2, o2 = load_checkpoint(two)
        p1, p2 = dict(m1.named_parameters()), dict(m2.named_parameters())
        start = dict(load_checkpoint(ck)[0].named_parameters())
        diff = max((p1[n] - p2[n]).abs().max().item() for n in p1)
        moved = max((p1[n] - start[n]).abs().max().item() for n in p1)
        mdiff = max((o1["m"][n] - o2["m"][n]).abs().max().item() for n in p1)
        vrel = max(((o1["v"][n] - o2["v"][n]).abs().max() / o1["v"][n].abs().max().clamp(min=1e-30)).item()
                   for n in p1)
        losses = lambda out: [ln.split("step", 1)[1].split()[2] for ln in out.splitlines() if "step " in ln
                             and "loss" in ln]
        print("1 process :", " ".join(losses(out1)))
        print("2 processes:", " ".join(losses(out2)))
        print(f"max |w1 - w2| = {diff:.3g}, max |m1 - m2| = {mdiff:.3g}, max rel |v1 - v2| = {vrel:.3g}, weights moved by up to {moved:.3g}, "
              f"steps {meta1['step']}/{meta2['step']}")
        ok = diff < TOL and mdiff < TOL and vrel < 1e-4 and moved > 1e-3 and meta1["step"] == meta2["step"] == str(a.steps) \
            and json.loads(meta2["info"])["world_size"] == 2
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
