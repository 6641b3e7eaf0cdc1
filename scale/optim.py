"""AdamW + global-norm clipping + warm-up/cosine schedule, exactly as docs/MODEL.md specifies.

We use torch.optim.AdamW (checked against MODEL.md's formula in test_scale.py): with foreach=False it does
  p *= 1 - lr*wd;  m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;
  p -= (lr / (1-b1^t)) * m / (sqrt(v) / sqrt(1-b2^t) + eps)
which is MODEL.md's  p -= lr * (m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps)  up to float rounding.
Weight decay applies only to tensors with >= 2 dims (a parameter group with weight_decay 0 for the rest).
torch.nn.utils.clip_grad_norm_ multiplies every gradient by min(1, maxNorm / (||g||_2 + 1e-6)), the same rule.
"""
import math

import torch

MIN_RATIO = 0.1


def lr_at(t, peak, warmup, total, min_ratio=MIN_RATIO):
    """Learning rate for update t (t starts at 1)."""
    if t <= warmup:
        return peak * t / max(1, warmup)
    p = min(1.0, (t - warmup) / max(1, total - warmup))  # held at the floor past `total` (as schedule.ts)
    return peak * (min_ratio + (1 - min_ratio) * 0.5 * (1 + math.cos(math.pi * p)))


class Optimizer:
    """Wraps torch.optim.AdamW with the schedule, clipping and name-keyed state import/export."""

    def __init__(self, model, lr, warmup, total, wd=0.1, b1=0.9, b2=0.95, eps=1e-8, max_norm=1.0):
        model = getattr(model, "module", model)
        self.named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
        self.peak, self.warmup, self.total, self.max_norm = lr, warmup, total, max_norm
        decay = [p for _, p in self.named if p.dim() >= 2]
        no_decay = [p for _, p in self.named if p.dim() < 2]
        groups = [{"params": decay, "weight_decay": wd}, {"params": no_decay, "weight_decay": 0.0}]
        # foreach=False keeps the per-tensor math identical on every device (and exists in torch >= 1.12)
        kw = {"foreach": False} if _has_kw("foreach") else {}
        self.opt = torch.optim.AdamW(groups, lr=lr, betas=(b1, b2), eps=eps, **kw)
        self.t = 0  # updates taken

    def step(self):
        """Clip, set this update's learning rate, update. Returns (lr, grad_norm before clipping)."""
        params = [p for _, p in self.named]
        norm = torch.nn.utils.clip_grad_norm_(params, self.max_norm) if self.max_norm > 0 else _norm(params)
        self.t += 1
        lr = lr_at(self.t, self.peak, self.warmup, self.total)
        for g in self.opt.param_groups:
            g["lr"] = lr
        self.opt.step()
        return lr, float(norm)

    def zero_grad(self):
        self.opt.zero_grad(set_to_none=True)

    def state(self):
        """{"step": t, "m": {name: tensor}, "v": {name: tensor}} (zeros for tensors never updated)."""
        out = {"step": self.t, "m": {}, "v": {}}
        for n, p in self.named:
            st = self.opt.state.get(p, {})
            out["m"][n] = st["exp_avg"].detach().float().cpu() if "exp_avg" in st else torch.zeros_like(p, device="cpu")
            out["v"][n] = st["exp_avg_sq"].detach().float().cpu() if "exp_avg_sq" in st else torch.zeros_like(p, device="cpu")
        return out

    def load_state(self, state, step=None):
        """Resume from a checkpoint's optimizer state (step defaults to state["step"])."""
        step = state["step"] if step is None else step
        self.t = int(step)
        for n, p in self.named:
            self.opt.state[p] = {
                "step": torch.tensor(float(step)),
                "exp_avg": state["m"][n].to(device=p.device, dtype=p.dtype).clone(),
                "exp_avg_sq": state["v"][n].to(device=p.device, dtype=p.dtype).clone(),
            }


def _norm(params):
    gs = [p.grad.detach().float().norm() for p in params if p.grad is not None]
    return torch.stack(gs).norm() if gs else torch.tensor(0.0)


def _has_kw(name):
    import inspect
    return name in inspect.signature(torch.optim.AdamW.__init__).parameters
