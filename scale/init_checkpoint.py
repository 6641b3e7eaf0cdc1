"""Create a freshly initialised checkpoint (MODEL.md init, torch's seeded generator) for scale/train.py.

  python3 scale/init_checkpoint.py --tokenizer tok.json --preset l12-d384 --out init.safetensors
  python3 scale/init_checkpoint.py --tokenizer lab.safetensors --layers 4 --embd 64 --heads 4 --out tiny.safetensors

--tokenizer: a tokenizer JSON file ({"type": "tinyflan-bpe", ...}) or any lab checkpoint (its tokenizer is used).
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# Presets beyond the browser's (the lab's largest, "base", is 8 x 256). Parameter counts with a 1024 vocab.
PRESETS = {
    "l12-d384": (12, 6, 384),   # ~21.7M
    "l8-d512": (8, 8, 512),     # ~25.8M
    "l8-d448": (8, 7, 448),     # ~19.8M
    "base": (8, 8, 256),        # ~6.6M (the lab's base)
    "tiny": (4, 4, 64),         # for smoke tests
}


def read_tokenizer(path):
    if path.endswith(".safetensors"):
        from safetensors_io import read_safetensors
        meta = read_safetensors(path)[1]
        if "tokenizer" not in meta:
            raise SystemExit(f"{path}: checkpoint has no tokenizer in its metadata")
        return meta["tokenizer"]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    j = json.loads(text)
    return json.dumps(j.get("tokenizer", j) if isinstance(j, dict) and "merges" not in j else j)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--preset", choices=sorted(PRESETS), default=None)
    ap.add_argument("--layers", type=int)
    ap.add_argument("--heads", type=int)
    ap.add_argument("--embd", type=int)
    ap.add_argument("--block-size", type=int, default=128, help="longest sequence (the lab's default is 128)")
    ap.add_argument("--vocab-size", type=int, default=0, help="default: the tokenizer's size")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)

    from tinyflan_model import GPT, save_checkpoint
    from tokenizer import Tokenizer

    tok_json = read_tokenizer(a.tokenizer)
    tok = Tokenizer.from_json(tok_json)
    L, H, C = PRESETS[a.preset or "l12-d384"]
    L, H, C = a.layers or L, a.heads or H, a.embd or C
    V = a.vocab_size or tok.vocab_size
    if V < tok.vocab_size:
        raise SystemExit(f"--vocab-size {V} is smaller than the tokenizer ({tok.vocab_size})")
    config = {"vocabSize": V, "blockSize": a.block_size, "nLayer": L, "nHead": H, "nEmbd": C}
    model = GPT(config).init_weights(a.seed)
    n = sum(p.numel() for p in model.parameters())
    save_checkpoint(a.out, model, config, tok_json, 0,
                    {"seed": a.seed, "backend": "torch", "command": "scale/init_checkpoint.py " + " ".join(
                        sys.argv[1:] if argv is None else argv), "preset": a.preset})
    print(f"wrote {a.out}: {json.dumps(config)}, {n / 1e6:.2f}M parameters")


if __name__ == "__main__":
    main()
