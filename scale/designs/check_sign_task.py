"""Held-in check for make_shared_answer_words.py: a checkpoint's accuracy on 200 fresh sign items (another seed),
each answer word scored after the prompt by scale/score.py (BOS, prompt, then " " + target, as the lab), float32, CPU.

  /usr/bin/python3 scale/designs/check_sign_task.py ck.safetensors "positive,negative"
"""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402

from make_shared_answer_words import sign_items  # noqa: E402
from score import score  # noqa: E402
from tinyflan_model import load_checkpoint  # noqa: E402
from tokenizer import BOS, Tokenizer  # noqa: E402


if __name__ == "__main__":
    torch.set_num_threads(1)
    words = sys.argv[2].split(",")
    model, config, tok_json, *_ = load_checkpoint(sys.argv[1])
    model.eval()
    tok = Tokenizer.from_json(tok_json)
    items = sign_items(random.Random(7), words, 200)
    pairs = [{"prompt": [BOS] + tok.encode(r["inputs"]), "continuation": tok.encode(" " + w)} for r in items for w in words]
    scores = score(model, pairs, config["blockSize"], torch.device("cpu"), 16)
    picks = [words[max(range(len(words)), key=lambda j: scores[i * len(words) + j])] for i in range(len(items))]
    right = sum(p == r["targets"] for p, r in zip(picks, items))
    print(f"{sys.argv[1]}: sign_like accuracy {right / len(items):.3f} over {len(items)} items ({' / '.join(words)})")
