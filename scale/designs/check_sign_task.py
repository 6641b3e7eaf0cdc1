"""Held-in check for make_shared_answer_words.py: a checkpoint's accuracy on 200 fresh sign items (another seed),
scoring each answer word after the prompt as the lab does (BOS, prompt, then " " + target), float32, CPU.

  /usr/bin/python3 scale/designs/check_sign_task.py ck.safetensors "positive,negative"
"""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402

from make_shared_answer_words import sign_items  # noqa: E402
from tinyflan_model import load_checkpoint  # noqa: E402
from tokenizer import BOS, Tokenizer  # noqa: E402


def log_prob(model, tok, prompt, target):
    p, c = [BOS] + tok.encode(prompt), tok.encode(" " + target)
    ids = torch.tensor([p + c])
    L = ids.shape[1]
    with torch.no_grad():
        logits = model(ids, torch.arange(L).expand(1, L), torch.zeros_like(ids)).float()
    lp = torch.log_softmax(logits[0, :-1], -1)
    return sum(lp[len(p) - 1 + i, t].item() for i, t in enumerate(c))


if __name__ == "__main__":
    torch.set_num_threads(1)
    words = sys.argv[2].split(",")
    model, _config, tok_json, *_ = load_checkpoint(sys.argv[1])
    model.eval()
    tok = Tokenizer.from_json(tok_json)
    items = sign_items(random.Random(7), words, 200)
    right = sum(max(words, key=lambda w: log_prob(model, tok, r["inputs"], w)) == r["targets"] for r in items)
    print(f"{sys.argv[1]}: sign_like accuracy {right / len(items):.3f} over {len(items)} items ({' / '.join(words)})")
