"""Python twin of src/core/rng.ts (Mulberry32 + hash32 + FNV-1a), so a seed gives the same data order as the lab."""
M32 = 0xFFFFFFFF


def _imul(a, b):
    return ((a & M32) * (b & M32)) & M32


def hash32(x):
    x &= M32
    x = _imul(x ^ (x >> 16), 0x85EBCA6B)
    x = _imul(x ^ (x >> 13), 0xC2B2AE35)
    return (x ^ (x >> 16)) & M32


def hash_string(s):
    """FNV-1a over UTF-16 code units."""
    h = 0x811C9DC5
    units = s.encode("utf-16-le", "surrogatepass")
    for i in range(0, len(units), 2):
        h ^= units[i] | (units[i + 1] << 8)
        h = _imul(h, 0x01000193)
    return h


class Rng:
    def __init__(self, seed):
        self.state = hash32(seed & M32) or 0x9E3779B9

    def next(self):
        """Uniform in [0, 1)."""
        self.state = t = (self.state + 0x6D2B79F5) & M32
        t = _imul(t ^ (t >> 15), t | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & M32
        return ((t ^ (t >> 14)) & M32) / 4294967296

    def int(self, n):
        return int(self.next() * n)

    def shuffle(self, items):
        """Fisher-Yates in place, as Rng.shuffle in rng.ts."""
        for i in range(len(items) - 1, 0, -1):
            j = self.int(i + 1)
            items[i], items[j] = items[j], items[i]
        return items


def rng_for(seed, label):
    return Rng(hash32(seed & M32) ^ hash_string(label))


def shuffled_cycle(items, seed):
    """Endless epochs over items, each in a fresh seeded order (shuffledCycle in src/core/train/pretrain.ts)."""
    rng = rng_for(seed, "data-order")
    while True:
        order = rng.shuffle(list(items))
        while order:
            yield order.pop()
