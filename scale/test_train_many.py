"""train_many.py check: three models stacked in one group must end where train.py takes each of them alone
(different seeds and data, clipping active), and a rerun must skip finished jobs.

  /usr/bin/python3 scale/test_train_many.py [--steps 6]     prints PASS/FAIL, exit 1 on failure
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
TOL = 2e-5


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=12)  # >= 10: one warm-up step
    a = ap.parse_args()
    from test_ddp import make_inputs
    from tinyflan_model import load_checkpoint

    env = {**os.environ, "OMP_NUM_THREADS": "1", "CUDA_VISIBLE_DEVICES": ""}
    with tempfile.TemporaryDirectory() as d:
        ck, mix = make_inputs(d)
        with open(mix) as f:
            lines = f.readlines()
        jobs = {"a": (mix, 5), "b": (mix, 9), "c": (None, 5)}  # c: other data, same seed as a
        for key, (data, seed) in jobs.items():
            if data is None:
                data = os.path.join(d, "mix-c.jsonl")
                with open(data, "w") as f:
                    f.writelines(reversed(lines[5:]))
            with open(os.path.join(d, f"{key}.job.json"), "w") as f:
                json.dump({"init": ck, "data": os.path.basename(data), "steps": a.steps, "batch": 4, "lr": 3e-3, "seed": seed}, f)
        py = sys.executable
        r = subprocess.run([py, os.path.join(HERE, "train_many.py"), d, "--workers", "1", "--threads", "1", "--quiet"],
                           env=env, capture_output=True, text=True)
        print(r.stdout.strip())
        if r.returncode:
            print(r.stderr[-2000:])
            print("FAIL")
            return 1
        worst, moved, ok = 0.0, 0.0, True
        start = dict(load_checkpoint(ck)[0].named_parameters())
        for key in jobs:
            job = json.load(open(os.path.join(d, f"{key}.job.json")))
            alone = os.path.join(d, f"{key}-alone.safetensors")
            out = subprocess.run([py, os.path.join(HERE, "train.py"), "--init", ck, "--data", os.path.join(d, job["data"]),
                                  "--steps", str(a.steps), "--batch", "4", "--lr", "3e-3", "--seed", str(job["seed"]),
                                  "--threads", "1", "--bf16", "off", "--no-optimizer-state", "--log-every", "1", "--out", alone],
                                 env=env, capture_output=True, text=True)
            if out.returncode:
                print(out.stdout + out.stderr)
                return 1
            p1 = dict(load_checkpoint(alone)[0].named_parameters())
            m2, _, _, meta, _ = load_checkpoint(os.path.join(d, f"{key}.safetensors"))
            p2 = dict(m2.named_parameters())
            diff = max((p1[n] - p2[n]).abs().max().item() for n in p1)
            worst = max(worst, diff)
            moved = max(moved, max((p1[n] - start[n]).abs().max().item() for n in p1))
            losses = [float(ln.split()[3]) for ln in out.stdout.splitlines() if ln.startswith("step")]
            curve = [c["loss"] for c in json.load(open(os.path.join(d, f"{key}.curve.json")))["curve"]]
            ldiff = max(abs(x - y) for x, y in zip(losses, curve))
            norms = [float(ln.split()[7]) for ln in out.stdout.splitlines() if ln.startswith("step")]
            print(f"job {key}: max |w_stacked - w_alone| = {diff:.3g}, max |loss diff| = {ldiff:.3g}, "
                  f"|g| before clipping up to {max(norms):.2f}, step {meta['step']}")
            ok = ok and max(norms) > 1.0  # clipping (max-norm 1) was active
            ok = ok and diff < TOL and ldiff < 1e-4 and len(curve) == len(losses) == a.steps and meta["step"] == str(a.steps)
        again = subprocess.run([py, os.path.join(HERE, "train_many.py"), d, "--workers", "1", "--quiet"], env=env, capture_output=True, text=True)
        resumed = "0 jobs" in again.stdout
        print(f"weights moved by up to {moved:.3g}; rerun: {again.stdout.strip()}")
        ok = ok and moved > 1e-3 and resumed
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
