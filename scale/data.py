"""Training data: sequence builders and packing (twin of src/core/train/batches.ts) and the seeded streams
over an exported mixture (JSONL) or a pretraining corpus (one document per line)."""
import json
import re

import torch

from rng import shuffled_cycle
from tokenizer import BOS, EOS, JS_SPACE, PAD

TARGET_DELIMITER = " "  # as src/core/tokenizer/bpe.ts: input and target are joined by a space


def instruction_sequence(inp, target, max_len):
    """[BOS] input target [EOS]; target = encode(TARGET_DELIMITER + text); long inputs keep their end;
    only target and EOS count. Returns (tokens, counts): counts[i] says whether predicting tokens[i] is in the loss."""
    tail = list(target) + [EOS]
    room = max(0, max_len - 1 - len(tail))
    kept = list(inp)[len(inp) - room:] if len(inp) > room else list(inp)
    tokens = ([BOS] + kept + tail)[:max_len]
    first = 1 + len(kept)
    return tokens, [i >= first for i in range(len(tokens))]


def document_sequences(ids, max_len):
    """[BOS] text [EOS] cut into pieces of at most max_len; every token but a piece's first counts."""
    allt = [BOS] + list(ids) + [EOS]
    out = []
    for i in range(0, len(allt) - 1, max_len):
        toks = allt[i:i + max_len]
        if len(toks) >= 2:
            out.append((toks, [j > 0 for j in range(len(toks))]))
    return out


def pack_batch(seqs, B, T):
    """Greedy packing in order into B rows of T (as packBatch in batches.ts). Each sequence gets segment id =
    its index, positions from 0; padding is token PAD, weight 0, each pad position its own negative segment.
    Returns (batch dict of [B, T] tensors, number of sequences used)."""
    tokens, positions, targets, weights = [PAD] * (B * T), [0] * (B * T), [0] * (B * T), [0.0] * (B * T)
    segments = [-1 - i for i in range(B * T)]
    used = row = col = 0
    while used < len(seqs) and row < B:
        toks, counts = seqs[used]
        n = min(len(toks), T)
        if col + n > T:
            row, col = row + 1, 0
            continue
        base = row * T + col
        tokens[base:base + n] = toks[:n]
        positions[base:base + n] = range(n)
        segments[base:base + n] = [used] * n
        targets[base:base + n - 1] = toks[1:n]
        weights[base:base + n - 1] = [1.0 if c else 0.0 for c in counts[1:n]]
        col += n
        used += 1
    L = lambda xs, dt=torch.long: torch.tensor(xs, dtype=dt).view(B, T)
    batch = {"tokens": L(tokens), "positions": L(positions), "segments": L(segments),
             "targets": L(targets), "weights": L(weights, torch.float32)}
    return batch, used


class BatchStream:
    """Endless fixed-shape [B, T] batches from an endless sequence iterator (as batchStream in batches.ts)."""

    def __init__(self, seq_iter, B, T):
        self.it, self.B, self.T = seq_iter, B, T
        self.pending, self.pending_tokens = [], 0

    def next(self):
        B, T = self.B, self.T
        while self.pending_tokens < B * T + T:
            s = next(self.it)
            self.pending.append(s)
            self.pending_tokens += min(len(s[0]), T)
        batch, used = pack_batch(self.pending, B, T)
        self.pending_tokens -= sum(min(len(s[0]), T) for s in self.pending[:used])
        self.pending = self.pending[used:]
        return batch


def read_mixture(path):
    """Exported mixture JSONL: one {inputs, targets, task, cluster, template_id} per line."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                ex = json.loads(line)
                out.append((str(ex["inputs"]), str(ex["targets"])))
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                raise ValueError(f"{path}:{n}: not a mixture line with inputs and targets ({e})") from None
    if not out:
        raise ValueError(f"{path}: no examples")
    return out


_WS = "".join(sorted(JS_SPACE))
_BLANK_LINE = re.compile("\n[" + re.escape(_WS) + "]*\n")


def split_documents(text):
    """Documents are separated by blank lines; a file without blank lines has one document per line
    (splitDocuments in src/core/train/text.ts, with JavaScript's trim)."""
    text = text.replace("\r\n", "\n")
    by_blank = [d.strip(_WS) for d in _BLANK_LINE.split(text)]
    by_blank = [d for d in by_blank if d]
    if len(by_blank) > 1:
        return by_blank
    return [d for d in (line.strip(_WS) for line in text.split("\n")) if d]


def read_corpus(path):
    with open(path, encoding="utf-8", newline="") as f:
        docs = split_documents(f.read())
    if not docs:
        raise ValueError(f"{path}: no documents")
    return docs


def mixture_stream(examples, tok, T, seed):
    """Instruction sequences in the lab's seeded shuffled cycle (tokenized once, lazily)."""
    cache = {}
    for i in shuffled_cycle(range(len(examples)), seed):
        if i not in cache:
            inp, tgt = examples[i]
            cache[i] = instruction_sequence(tok.encode(inp), tok.encode(TARGET_DELIMITER + tgt), T)
        yield cache[i]


def corpus_stream(docs, tok, T, seed):
    """As the lab's pretrain(): every document as [BOS] text [EOS] pieces of at most T, then the pieces
    in a seeded shuffled cycle (same seed, tokenizer and T give the same order as the browser)."""
    seqs = [s for d in docs for s in document_sequences(tok.encode(d), T)]
    if not seqs:
        raise ValueError("corpus is empty after tokenization")
    return shuffled_cycle(seqs, seed)
