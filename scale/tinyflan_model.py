"""The TinyFLAN GPT in PyTorch, exactly as docs/MODEL.md specifies (the browser engine's twin).

Linear weights are stored [in, out] and applied as x @ W + b, so parameter names and shapes are the
checkpoint's tensor names and shapes (transformer.h.0.attn.c_attn.weight is [C, 3C], ...).
"""
import json
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from safetensors_io import SafetensorsError, read_safetensors, write_safetensors

FORMAT, VERSION = "tinyflan-checkpoint", "1"
CONFIG_KEYS = ("vocabSize", "blockSize", "nLayer", "nHead", "nEmbd")
NEG = -1e9  # additive mask value for keys a query may not see


class CheckpointError(ValueError):
    pass


def check_config(config):
    for k in CONFIG_KEYS:
        if not isinstance(config.get(k), int) or config[k] <= 0:
            raise CheckpointError(f"config.{k} must be a positive integer, got {config.get(k)!r}")
    if config["nEmbd"] % config["nHead"]:
        raise CheckpointError(f"config.nEmbd ({config['nEmbd']}) must be divisible by nHead ({config['nHead']})")
    return config


class Linear(nn.Module):
    """y = x @ weight + bias with weight [in, out] (GPT-2 Conv1D layout)."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(n_in, n_out))
        self.bias = nn.Parameter(torch.zeros(n_out))

    def forward(self, x):
        y = torch.matmul(x, self.weight)
        return y + self.bias.to(y.dtype)  # no-op in float32; keeps bf16 under autocast


class LayerNorm(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(n))
        self.bias = nn.Parameter(torch.zeros(n))

    def forward(self, x):
        return F.layer_norm(x, self.weight.shape, self.weight, self.bias, 1e-5)


class CausalSelfAttention(nn.Module):
    def __init__(self, C, H):
        super().__init__()
        self.n_head = H
        self.c_attn = Linear(C, 3 * C)
        self.c_proj = Linear(C, C)
        self.fast = False  # use F.scaled_dot_product_attention when available (GPU training)

    def forward(self, x, mask):  # x [B, T, C], mask [B, 1, T, T] additive (0 or -1e9)
        B, T, C = x.shape
        H = self.n_head
        q, k, v = self.c_attn(x).split(C, dim=2)                 # each [B, T, C]
        q = q.view(B, T, H, C // H).transpose(1, 2)              # [B, H, T, hs]
        k = k.view(B, T, H, C // H).transpose(1, 2)
        v = v.view(B, T, H, C // H).transpose(1, 2)
        if self.fast and hasattr(F, "scaled_dot_product_attention"):
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask.to(q.dtype))
        else:
            att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(C // H)) + mask  # [B, H, T, T]
            y = F.softmax(att, dim=-1) @ v                        # [B, H, T, hs]
        y = y.transpose(1, 2).contiguous().view(B, T, C)         # heads concatenated
        return self.c_proj(y)


class MLP(nn.Module):
    def __init__(self, C):
        super().__init__()
        self.c_fc = Linear(C, 4 * C)
        self.c_proj = Linear(4 * C, C)

    def forward(self, x):
        return self.c_proj(F.gelu(self.c_fc(x), approximate="tanh"))


class Block(nn.Module):
    def __init__(self, C, H):
        super().__init__()
        self.ln_1 = LayerNorm(C)
        self.attn = CausalSelfAttention(C, H)
        self.ln_2 = LayerNorm(C)
        self.mlp = MLP(C)

    def forward(self, x, mask):
        x = x + self.attn(self.ln_1(x), mask)
        return x + self.mlp(self.ln_2(x))


def build_mask(segments):
    """segments [B, T] -> additive mask [B, 1, T, T]: 0 where j <= i and same segment, else -1e9."""
    T = segments.shape[1]
    causal = torch.ones(T, T, dtype=torch.bool, device=segments.device).tril()
    same = segments[:, :, None] == segments[:, None, :]          # [B, T(query), T(key)]
    mask = torch.zeros(same.shape, dtype=torch.float32, device=segments.device)
    return mask.masked_fill(~(same & causal), NEG)[:, None]


class GPT(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = check_config(dict(config))
        V, T, L, H, C = (self.config[k] for k in CONFIG_KEYS)
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(V, C),
            wpe=nn.Embedding(T, C),
            h=nn.ModuleList([Block(C, H) for _ in range(L)]),
            ln_f=LayerNorm(C),
        ))

    def init_weights(self, seed=0):
        """MODEL.md init with torch's generator (the browser uses its own PRNG, so values differ)."""
        g = torch.Generator().manual_seed(seed)
        proj_std = 0.02 / math.sqrt(2 * self.config["nLayer"])
        with torch.no_grad():
            for name, p in self.named_parameters():
                if name.endswith("ln_1.weight") or name.endswith("ln_2.weight") or name.endswith("ln_f.weight"):
                    p.fill_(1.0)
                elif name.endswith(".bias"):
                    p.zero_()
                else:
                    std = proj_std if name.endswith("c_proj.weight") else 0.02
                    p.copy_(torch.randn(p.shape, generator=g) * std)
        return self

    def set_fast_attention(self, on=True):
        for blk in self.transformer.h:
            blk.attn.fast = on

    def forward(self, tokens, positions, segments):  # each [B, T] long -> logits [B, T, V]
        tr = self.transformer
        mask = build_mask(segments)                              # [B, 1, T, T]
        x = tr.wte(tokens) + tr.wpe(positions)                   # [B, T, C]
        for blk in tr.h:
            x = blk(x, mask)
        x = tr.ln_f(x)
        return x @ tr.wte.weight.t()                             # tied head: [B, T, V]


def masked_loss_sum(logits, targets, weights):
    """(sum_t w[t] * CE(logits[t], y[t]), sum_t w[t]) over the whole batch (float32 CE)."""
    ce = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction="none")
    w = weights.reshape(-1).to(ce.dtype)
    return (ce * w).sum(), w.sum()


def loss_fn(logits, targets, weights):
    """MODEL.md loss: sum w*CE / max(1, sum w), sums over batch and time."""
    s, n = masked_loss_sum(logits, targets, weights)
    return s / torch.clamp(n, min=1.0)


# ---------------------------------------------------------------- checkpoints

def expected_shapes(config):
    V, T, L, H, C = (config[k] for k in CONFIG_KEYS)
    shapes = {"transformer.wte.weight": [V, C], "transformer.wpe.weight": [T, C],
              "transformer.ln_f.weight": [C], "transformer.ln_f.bias": [C]}
    for i in range(L):
        p = f"transformer.h.{i}."
        shapes.update({
            p + "ln_1.weight": [C], p + "ln_1.bias": [C],
            p + "attn.c_attn.weight": [C, 3 * C], p + "attn.c_attn.bias": [3 * C],
            p + "attn.c_proj.weight": [C, C], p + "attn.c_proj.bias": [C],
            p + "ln_2.weight": [C], p + "ln_2.bias": [C],
            p + "mlp.c_fc.weight": [C, 4 * C], p + "mlp.c_fc.bias": [4 * C],
            p + "mlp.c_proj.weight": [4 * C, C], p + "mlp.c_proj.bias": [C],
        })
    return shapes


def save_checkpoint(path, model, config, tokenizer_json, step, info, optimizer_state=None, dtype="F32"):
    """Write a tinyflan-checkpoint. tokenizer_json/info: str or JSON-able; optimizer_state: {"m": {name: t},
    "v": {name: t}, "step": t (optional, default `step`)} stored float32, or None; dtype: "F32" | "F16" for the
    weights. With optimizer state, __metadata__.optimizer_step says after how many updates (as the TS lab)."""
    if dtype not in ("F32", "F16"):
        raise CheckpointError(f"dtype must be F32 or F16, got {dtype!r}")
    wdt = torch.float32 if dtype == "F32" else torch.float16
    model = getattr(model, "module", model)  # unwrap DDP
    tensors = {n: p.detach().to(wdt) for n, p in model.named_parameters()}
    if optimizer_state is not None:
        for kind in ("m", "v"):
            for n, t in optimizer_state[kind].items():
                tensors[f"optimizer.{kind}.{n}"] = t.detach().float()
    as_json = lambda x: x if isinstance(x, str) else json.dumps(x)
    meta = {"format": FORMAT, "version": VERSION, "config": json.dumps(config),
            "tokenizer": as_json(tokenizer_json if tokenizer_json is not None else {}),
            "step": str(int(step)), "info": as_json(info if info is not None else {})}
    if optimizer_state is not None:
        meta["optimizer_step"] = str(int(optimizer_state.get("step", step)))
    write_safetensors(path, tensors, meta)


def load_checkpoint(path, device="cpu"):
    """-> (model, config, tokenizer_json (str), metadata (dict), optimizer_state or None).
    optimizer_state = {"step": updates taken, "m": {name: float32 tensor}, "v": {...}}."""
    try:
        tensors, meta = read_safetensors(path)
    except FileNotFoundError:
        raise CheckpointError(f"{path}: no such file") from None
    except SafetensorsError as e:
        raise CheckpointError(str(e)) from None
    if meta.get("format") != FORMAT:
        raise CheckpointError(f"{path}: __metadata__.format is {meta.get('format')!r}, expected {FORMAT!r}")
    if meta.get("version") != VERSION:
        raise CheckpointError(f"{path}: unsupported checkpoint version {meta.get('version')!r} (this reader knows {VERSION})")
    for k in ("config", "tokenizer"):
        if k not in meta:
            raise CheckpointError(f"{path}: __metadata__ has no {k!r}")
    meta.setdefault("step", "0")
    try:
        config = json.loads(meta["config"])
        int(meta["step"])
        int(meta.get("optimizer_step", "0"))
    except (json.JSONDecodeError, ValueError) as e:
        raise CheckpointError(f"{path}: bad __metadata__ config/step: {e}") from None
    if not isinstance(config, dict):
        raise CheckpointError(f"{path}: __metadata__.config is not a JSON object")
    check_config(config)
    from tokenizer import Tokenizer
    try:
        vocab = Tokenizer.from_json(meta["tokenizer"]).vocab_size
    except ValueError as e:
        raise CheckpointError(f"{path}: checkpoint tokenizer is invalid: {e}") from None
    if vocab > config["vocabSize"]:
        raise CheckpointError(f"{path}: tokenizer has {vocab} tokens but the model only {config['vocabSize']}")
    shapes = expected_shapes(config)
    weights, opt = {}, {"m": {}, "v": {}}
    for name, t in tensors.items():
        if name.startswith("optimizer.m.") or name.startswith("optimizer.v."):
            opt[name[10]][name[12:]] = t.float()
        elif name in shapes:
            weights[name] = t
        else:
            raise CheckpointError(f"{path}: unexpected tensor {name!r}")
    for name, shape in shapes.items():
        if name not in weights:
            raise CheckpointError(f"{path}: missing tensor {name!r}")
        if list(weights[name].shape) != shape:
            raise CheckpointError(f"{path}: tensor {name!r} has shape {list(weights[name].shape)}, expected {shape}")
    if opt["m"] or opt["v"] or "optimizer_step" in meta:
        for kind in ("m", "v"):
            for name, shape in shapes.items():
                t = opt[kind].get(name)
                if t is None or list(t.shape) != shape:
                    raise CheckpointError(f"{path}: optimizer state optimizer.{kind}.{name} missing or misshapen")
            extra = set(opt[kind]) - set(shapes)
            if extra:
                raise CheckpointError(f"{path}: optimizer state for unknown tensors {sorted(extra)[:3]}")
        opt["step"] = int(meta.get("optimizer_step", meta["step"]))
        optimizer_state = opt
    else:
        optimizer_state = None
    model = GPT(config)
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.copy_(weights[name].float())
    return model.to(device), config, meta["tokenizer"], meta, optimizer_state
