"""Python twin of src/core/tokenizer/bpe.ts (byte-level BPE, JSON {type: "tinyflan-bpe", version: 1, merges}).

Ids: 0..3 specials (<pad> <bos> <eos> <sep>), 4..259 the bytes, 260+i the i-th merge.
The pre-tokenizer is the TS regex  \\s?\\p{L}[\\p{L}\\p{M}]*|\\s?\\p{N}+|\\s?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+
written out by hand (Python's re has no \\p{..}), with JavaScript's definition of \\s.
Unicode categories come from Python's unicodedata; they can differ from Node's for characters added
in recent Unicode versions.
"""
import json
import re
import unicodedata

PAD, BOS, EOS, SEP = 0, 1, 2, 3
SPECIAL_TOKENS = ["<pad>", "<bos>", "<eos>", "<sep>"]
BYTE_OFFSET = 4
FIRST_MERGE = BYTE_OFFSET + 256

# JavaScript's \s: WhiteSpace + LineTerminator
JS_SPACE = set("\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff") | {chr(c) for c in range(0x2000, 0x200B)}
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _kind(ch):
    """'s' whitespace, 'L' letter, 'M' mark, 'N' number, 'o' anything else."""
    if ch in JS_SPACE:
        return "s"
    c = unicodedata.category(ch)[0]
    return c if c in "LMN" else "o"


def pretokenize(text):
    kinds = [_kind(ch) for ch in text]
    n, i, out = len(text), 0, []

    def run(j, ok):  # end of the run of kinds in `ok` starting at j
        while j < n and kinds[j] in ok:
            j += 1
        return j

    while i < n:
        k = kinds[i]
        start, j = i, i
        if k == "s" and i + 1 < n and kinds[i + 1] != "s":
            j, k = i + 1, kinds[i + 1]  # \s? followed by a letter, number or other: the space joins it
        if k == "s":
            end = run(i, "s")
            # \s+(?!\S): all of the run at the end of text, else all but the last space (which joins the next word)
            stop = end if end == n or end - i == 1 else end - 1
        elif k == "L":
            stop = run(j + 1, "LM")
        elif k == "N":
            stop = run(j + 1, "N")
        else:  # [^\s\p{L}\p{N}]+  (marks not after a letter land here too)
            stop = run(j + 1, "oM")
        out.append(text[start:stop])
        i = stop
    return out


class Tokenizer:
    def __init__(self, merges):
        self.merges = [tuple(m) for m in merges]
        self.vocab_size = FIRST_MERGE + len(self.merges)
        self.rank = {}
        for i, (a, b) in enumerate(self.merges):
            if not (BYTE_OFFSET <= a < FIRST_MERGE + i and BYTE_OFFSET <= b < FIRST_MERGE + i):
                raise ValueError(f"Tokenizer: merge {i} refers to an unknown token ({a}, {b})")
            self.rank[(a, b)] = i
        self.cache = {}

    @classmethod
    def from_json(cls, j):
        if isinstance(j, str):
            j = json.loads(j)
        if not isinstance(j, dict) or j.get("type") != "tinyflan-bpe":
            raise ValueError("Tokenizer: not a tinyflan-bpe tokenizer")
        if j.get("version") != 1:
            raise ValueError(f"Tokenizer: unsupported version {j.get('version')} (expected 1)")
        merges = j.get("merges")
        if not isinstance(merges, list) or not all(
                isinstance(m, list) and len(m) == 2 and all(isinstance(x, int) for x in m) for m in merges):
            raise ValueError("Tokenizer: merges must be a list of integer pairs")
        return cls(merges)

    def to_json(self):
        return {"type": "tinyflan-bpe", "version": 1, "merges": [list(m) for m in self.merges]}

    def encode(self, text):
        """Text -> ids, without special tokens."""
        out = []
        for piece in pretokenize(text):
            ids = self.cache.get(piece)
            if ids is None:
                ids = self._merge([b + BYTE_OFFSET for b in _utf8(piece)])
                if len(self.cache) < 50_000:
                    self.cache[piece] = ids
            out.extend(ids)
        return out

    def decode(self, ids):
        raw = bytearray()
        for i in ids:
            raw += self._bytes(i)
        return raw.decode("utf-8", errors="replace")

    def _bytes(self, i):
        if i < BYTE_OFFSET or i >= self.vocab_size:
            return b""
        if i < FIRST_MERGE:
            return bytes([i - BYTE_OFFSET])
        a, b = self.merges[i - FIRST_MERGE]
        return self._bytes(a) + self._bytes(b)

    def _merge(self, ids):
        """Apply merges by rank, lowest first (GPT-2), merging every occurrence of the best pair."""
        while len(ids) > 1:
            best = min((self.rank.get(p, 1 << 62) for p in zip(ids, ids[1:])), default=1 << 62)
            if best == 1 << 62:
                break
            a, b = self.merges[best]
            merged, nxt, i = FIRST_MERGE + best, [], 0
            while i < len(ids):
                if i < len(ids) - 1 and ids[i] == a and ids[i + 1] == b:
                    nxt.append(merged)
                    i += 2
                else:
                    nxt.append(ids[i])
                    i += 1
            ids = nxt
        return ids


def _utf8(s):
    # TextEncoder turns lone surrogates into U+FFFD
    return _LONE_SURROGATE.sub("\ufffd", s).encode("utf-8")
