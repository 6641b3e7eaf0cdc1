"""Training data: sequence builders and packing (twin of src/core/train/batches.ts) and the seeded streams
over an exported mixture (JSONL) or a pretraining corpus (one document per line)."""
import json
import random

import torch

from tokenizer import BOS, EOS, PAD, SEP


def instruction_sequence(inp, target, max_len):
    """[BOS] input [SEP] target [EOS]; long inputs keep their end; only target and EOS count.
    Returns (tokens, counts): counts[i] says whether predicting tokens[i] is in the loss."""
    tail = [SEP] + list(target) + [EOS]
    room = max(0, max_len - 1 - len(tail))
    kept = list(inp)[len(inp) - room:] if len(inp) > room else list(inp)
    tokens = ([BOS] + kept + tail)[:max_len]
    first = 1 + len(kept) + 1
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


def read_corpus(path):
    with open(path, encoding="utf-8") as f:
        docs = [line.rstrip("\n") for line in f if line.strip()]
    if not docs:
        raise ValueError(f"{path}: no documents")
    return docs


def mixture_stream(examples, tok, T, seed):
    """Examples in a fresh seeded order every epoch, as instruction sequences (tokenized once, lazily)."""
    cache = {}
    epoch = 0
    while True:
        order = list(range(len(examples)))
        random.Random(f"{seed}:{epoch}").shuffle(order)
        for i in order:
            if i not in cache:
                inp, tgt = examples[i]
                cache[i] = instruction_sequence(tok.encode(inp), tok.encode(tgt), T)
            yield cache[i]
        epoch += 1


def corpus_stream(docs, tok, T, seed):
    """Documents in a fresh seeded order every epoch, each as [BOS] text [EOS] pieces of at most T."""
    cache = {}
    epoch = 0
    while True:
        order = list(range(len(docs)))
        random.Random(f"{seed}:{epoch}").shuffle(order)
        for i in order:
            if i not in cache:
                cache[i] = document_sequences(tok.encode(docs[i]), T)
            yield from cache[i]
        epoch += 1
