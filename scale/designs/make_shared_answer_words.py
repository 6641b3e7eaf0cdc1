"""A design probe (docs/WORLD-DESIGN.md, "Shared answer words"): append 3,200 rows of a number-sign task to an
exported mixture, answered with WORDS (" positive"/" negative", or a control such as " above zero"/" below zero"):
do held-in targets in the held-out cluster's answer words let its templates use them? Same seed, same rows and
order for every WORDS, so two arms differ only in the answer words.

  /usr/bin/python3 scale/designs/make_shared_answer_words.py "positive,negative" mix.jsonl out.jsonl
"""
import json
import random
import sys

NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
TEMPLATES = [
    "The number is {x}.\n\nIs the number positive or negative?",
    "What is the sign of {x}?",
    "{x}\n\nIs that number above or below zero?",
    "The score changed by {x} points. Which sign does the change have?",
    "The temperature is {x} degrees. Give its sign.",
    "Account balance: {x}.\n\nSign of the balance?",
    "Here is a number: {x}. Positive or negative?",
    "Look at the value {x}. Is it more or less than zero?",
]


def number(rng, pos):
    n = rng.randint(1, 12)
    return rng.choice([
        f"{n}" if pos else f"-{n}",
        f"plus {NUMBER_WORDS[n]}" if pos else f"minus {NUMBER_WORDS[n]}",
        f"{NUMBER_WORDS[n]} above zero" if pos else f"{NUMBER_WORDS[n]} below zero",
        f"a gain of {n}" if pos else f"a loss of {n}",
    ])


def sign_items(rng, words, n):
    """n rows {inputs, targets, task, cluster, template_id}; words = (answer if positive, answer if negative)."""
    rows = []
    for _ in range(n):
        pos = rng.random() < 0.5
        opts = [words[0], words[1]] if rng.random() < 0.5 else [words[1], words[0]]
        t = rng.randrange(len(TEMPLATES))
        inputs = TEMPLATES[t].format(x=number(rng, pos)) + "\n\nOPTIONS:\n- " + "\n- ".join(opts)
        rows.append({"inputs": inputs, "targets": words[0] if pos else words[1], "task": "sign_like",
                     "cluster": "misc", "template_id": f"sign_like_{t + 1:02d}"})
    return rows


if __name__ == "__main__":
    words, mix_path, out_path = sys.argv[1].split(","), sys.argv[2], sys.argv[3]
    rng = random.Random(20261203)
    rows = sign_items(rng, words, 3200)
    out = [json.loads(line) for line in open(mix_path)] + rows
    rng.shuffle(out)
    with open(out_path, "w") as f:
        for r in out:
            f.write(json.dumps(r) + "\n")
    print(f"wrote {len(out)} rows ({len(rows)} sign_like) to {out_path}")
