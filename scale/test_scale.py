"""Unit tests for scale/: checkpoint round trip and errors, forward vs. MODEL.md formulas, masking,
optimizer vs. MODEL.md formulas, parity CLI.   Run: /usr/bin/python3 scale/test_scale.py"""
import json
import math
import os
import struct
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402

from optim import Optimizer, lr_at  # noqa: E402
from tinyflan_model import GPT, CheckpointError, build_mask, load_checkpoint, loss_fn, save_checkpoint  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CFG = {"vocabSize": 264, "blockSize": 16, "nLayer": 2, "nHead": 2, "nEmbd": 8}
TOK = json.dumps({"type": "tinyflan-bpe", "version": 1, "merges": [[76, 105]]})


def read_json(path):
    with open(path) as f:
        return json.load(f)


def rand_model(seed=0, cfg=CFG):
    m = GPT(cfg).init_weights(seed)
    with torch.no_grad():  # non-trivial LayerNorm/bias values so the test sees them
        for n, p in m.named_parameters():
            if p.dim() == 1:
                p.add_(torch.randn(p.shape, generator=torch.Generator().manual_seed(len(n))) * 0.1)
    return m


def rand_batch(B=2, T=12, V=264, seed=1):
    g = torch.Generator().manual_seed(seed)
    tokens = torch.randint(0, V, (B, T), generator=g)
    segments = torch.tensor([[0] * 5 + [1] * 4 + [2] * 3, [0] * 7 + [1] * 3 + [9] * 2])[:B]
    positions = torch.zeros_like(segments)
    for b in range(B):
        for t in range(1, T):
            positions[b, t] = positions[b, t - 1] + 1 if segments[b, t] == segments[b, t - 1] else 0
    targets = torch.randint(0, V, (B, T), generator=g)
    weights = (torch.rand(B, T, generator=g) > 0.3).float()
    return tokens, positions, segments, targets, weights


def reference_forward(m, tokens, positions, segments):
    """MODEL.md written out literally, in float64."""
    P = {n: p.detach().double() for n, p in m.named_parameters()}
    L, H, C = m.config["nLayer"], m.config["nHead"], m.config["nEmbd"]
    hs = C // H

    def ln(x, pre):
        mu = x.mean(-1, keepdim=True)
        var = ((x - mu) ** 2).mean(-1, keepdim=True)
        return (x - mu) / torch.sqrt(var + 1e-5) * P[pre + ".weight"] + P[pre + ".bias"]

    def gelu(x):
        return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))

    B, T = tokens.shape
    mask = torch.full((B, T, T), -1e9, dtype=torch.float64)
    for b in range(B):
        for i in range(T):
            for j in range(T):
                if j <= i and segments[b, i] == segments[b, j]:
                    mask[b, i, j] = 0
    x = P["transformer.wte.weight"][tokens] + P["transformer.wpe.weight"][positions]
    for i in range(L):
        p = f"transformer.h.{i}."
        h = ln(x, p + "ln_1")
        qkv = h @ P[p + "attn.c_attn.weight"] + P[p + "attn.c_attn.bias"]
        q, k, v = qkv[..., :C], qkv[..., C:2 * C], qkv[..., 2 * C:]
        heads = []
        for hd in range(H):
            sl = slice(hd * hs, (hd + 1) * hs)
            att = torch.softmax(q[..., sl] @ k[..., sl].transpose(1, 2) / math.sqrt(hs) + mask, -1)
            heads.append(att @ v[..., sl])
        x = x + torch.cat(heads, -1) @ P[p + "attn.c_proj.weight"] + P[p + "attn.c_proj.bias"]
        h = ln(x, p + "ln_2")
        x = x + gelu(h @ P[p + "mlp.c_fc.weight"] + P[p + "mlp.c_fc.bias"]) @ P[p + "mlp.c_proj.weight"] + P[p + "mlp.c_proj.bias"]
    x = ln(x, "transformer.ln_f")
    return x @ P["transformer.wte.weight"].T


class TestModel(unittest.TestCase):
    def test_names_and_shapes(self):
        sd = {n: list(p.shape) for n, p in GPT(CFG).named_parameters()}
        self.assertEqual(sd["transformer.h.0.attn.c_attn.weight"], [8, 24])
        self.assertEqual(sd["transformer.h.1.mlp.c_proj.weight"], [32, 8])
        self.assertEqual(sd["transformer.wpe.weight"], [16, 8])
        self.assertEqual(len(sd), 2 + 2 + 12 * 2)

    def test_forward_matches_reference(self):
        m = rand_model()
        tok, pos, seg, _, _ = rand_batch()
        logits = m(tok, pos, seg)
        self.assertEqual(list(logits.shape), [2, 12, 264])
        ref = reference_forward(m, tok, pos, seg)
        self.assertLess((logits.double() - ref).abs().max().item(), 1e-5)

    def test_mask_respects_segments_and_causality(self):
        m = rand_model()
        tok, pos, seg, _, _ = rand_batch()
        base = m(tok, pos, seg)
        tok2 = tok.clone()
        tok2[0, 5:9] = (tok2[0, 5:9] + 1) % 264  # change segment 1 of row 0
        out = m(tok2, pos, seg)
        self.assertTrue(torch.equal(out[0, :5], base[0, :5]))      # earlier segment unaffected
        self.assertTrue(torch.equal(out[0, 9:], base[0, 9:]))      # later segment unaffected
        self.assertFalse(torch.allclose(out[0, 5:9], base[0, 5:9]))
        self.assertTrue(torch.equal(out[1], base[1]))              # other row unaffected
        tok3 = tok.clone()
        tok3[1, 6] = (tok3[1, 6] + 1) % 264                         # change last token of segment 0
        out = m(tok3, pos, seg)
        self.assertTrue(torch.equal(out[1, :6], base[1, :6]))      # causal
        mask = build_mask(seg)
        self.assertEqual(mask[0, 0, 5, 4].item(), -1e9)
        self.assertEqual(mask[0, 0, 6, 5].item(), 0.0)

    def test_loss(self):
        m = rand_model()
        tok, pos, seg, tgt, w = rand_batch()
        logits = m(tok, pos, seg)
        ce = torch.nn.functional.cross_entropy(logits.reshape(-1, 264), tgt.reshape(-1), reduction="none")
        expect = (ce * w.reshape(-1)).sum() / w.sum()
        self.assertAlmostEqual(loss_fn(logits, tgt, w).item(), expect.item(), places=6)
        self.assertEqual(loss_fn(logits, tgt, torch.zeros_like(w)).item(), 0.0)


class TestCheckpoint(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "ck.safetensors")

    def tearDown(self):
        self.dir.cleanup()

    def test_round_trip_f32_with_optimizer(self):
        m = rand_model()
        opt = {"step": 5, "m": {n: torch.randn(p.shape) for n, p in m.named_parameters()},
               "v": {n: torch.rand(p.shape) for n, p in m.named_parameters()}}
        save_checkpoint(self.path, m, CFG, TOK, 7, {"seed": 3}, optimizer_state=opt)
        m2, cfg, tok, meta, opt2 = load_checkpoint(self.path)
        self.assertEqual(cfg, CFG)
        self.assertEqual(tok, TOK)
        self.assertEqual(meta["step"], "7")
        self.assertEqual(meta["optimizer_step"], "5")
        self.assertEqual(opt2["step"], 5)
        self.assertEqual(json.loads(meta["info"]), {"seed": 3})
        for (n, p), (_, q) in zip(m.named_parameters(), m2.named_parameters()):
            self.assertTrue(torch.equal(p, q), n)
            self.assertTrue(torch.equal(opt["m"][n], opt2["m"][n]))
            self.assertTrue(torch.equal(opt["v"][n], opt2["v"][n]))
        with open(self.path, "rb") as f:
            n = struct.unpack("<Q", f.read(8))[0]
            self.assertEqual((8 + n) % 8, 0)
            self.assertEqual(json.loads(f.read(n))["transformer.wte.weight"]["dtype"], "F32")

    def test_round_trip_f16(self):
        m = rand_model()
        save_checkpoint(self.path, m, CFG, TOK, 0, {}, dtype="F16")
        m2, _, _, _, opt = load_checkpoint(self.path)
        self.assertIsNone(opt)
        for (n, p), (_, q) in zip(m.named_parameters(), m2.named_parameters()):
            self.assertTrue(torch.equal(p.half().float(), q), n)

    def _rewrite(self, fn):
        with open(self.path, "rb") as f:
            buf = f.read()
        n = struct.unpack("<Q", buf[:8])[0]
        header = json.loads(buf[8:8 + n])
        data = buf[8 + n:]
        header, data = fn(header, data)
        hb = json.dumps(header).encode()
        with open(self.path, "wb") as f:
            f.write(struct.pack("<Q", len(hb)) + hb + data)

    def assertLoadFails(self, pattern):
        with self.assertRaisesRegex(CheckpointError, pattern):
            load_checkpoint(self.path)

    def test_errors(self):
        save_checkpoint(self.path, rand_model(), CFG, TOK, 0, {})
        good = open(self.path, "rb").read()

        def restore():
            open(self.path, "wb").write(good)

        open(self.path, "wb").write(good[:-10])
        self.assertLoadFails("out of range|truncated")
        open(self.path, "wb").write(good[:20])
        self.assertLoadFails("truncated")
        open(self.path, "wb").write(b"abc")
        self.assertLoadFails("truncated")
        open(self.path, "wb").write(b"\xff" * 64)
        self.assertLoadFails("implausible")

        cases = [
            (lambda h, d: ({**h, "__metadata__": {**h["__metadata__"], "format": "other"}}, d), "format"),
            (lambda h, d: ({**h, "__metadata__": {**h["__metadata__"], "version": "2"}}, d), "version"),
            (lambda h, d: ({k: v for k, v in h.items() if k != "transformer.ln_f.bias"}, d), "missing tensor"),
            (lambda h, d: ({**h, "transformer.wte.weight": {**h["transformer.wte.weight"], "shape": [8, 264]}}, d),
             "has shape"),
            (lambda h, d: ({**h, "transformer.wte.weight": {**h["transformer.wte.weight"], "dtype": "I64"}}, d),
             "unsupported dtype"),
            (lambda h, d: ({**h, "transformer.ln_f.bias": {**h["transformer.ln_f.bias"], "data_offsets": [0, 32]}}, d),
             "overlapping"),
            (lambda h, d: ({**h, "extra": {"dtype": "F32", "shape": [0], "data_offsets": [0, 0]}}, d), "unexpected"),
            (lambda h, d: ({**h, "__metadata__": {**h["__metadata__"], "tokenizer": "{}"}}, d), "tokenizer"),
            (lambda h, d: ({**h, "__metadata__": {**h["__metadata__"], "config": '{"vocabSize": 3}'}}, d), "config"),
            (lambda h, d: (h, d[:-4]), "out of range"),
        ]
        for fn, pat in cases:
            restore()
            self._rewrite(fn)
            self.assertLoadFails(pat)
        with self.assertRaisesRegex(CheckpointError, "no such file"):
            load_checkpoint(self.path + ".nope")


def manual_adamw(params, grads_seq, lrs, wd, b1=0.9, b2=0.95, eps=1e-8, max_norm=1.0):
    """MODEL.md optimizer written out literally (float64)."""
    ps = {n: p.double().clone() for n, p in params.items()}
    m = {n: torch.zeros_like(p) for n, p in ps.items()}
    v = {n: torch.zeros_like(p) for n, p in ps.items()}
    for t, (grads, lr) in enumerate(zip(grads_seq, lrs), start=1):
        g = {n: x.double() for n, x in grads.items()}
        norm = math.sqrt(sum((x ** 2).sum().item() for x in g.values()))
        s = min(1.0, max_norm / (norm + 1e-6))
        for n in ps:
            gn = g[n] * s
            if ps[n].dim() >= 2:
                ps[n] *= 1 - lr * wd
            m[n] = b1 * m[n] + (1 - b1) * gn
            v[n] = b2 * v[n] + (1 - b2) * gn ** 2
            ps[n] -= lr * (m[n] / (1 - b1 ** t)) / (torch.sqrt(v[n] / (1 - b2 ** t)) + eps)
    return ps, m, v


class TestOptimizer(unittest.TestCase):
    def test_schedule(self):
        self.assertAlmostEqual(lr_at(1, 1e-3, 10, 100), 1e-4)
        self.assertAlmostEqual(lr_at(10, 1e-3, 10, 100), 1e-3)
        self.assertAlmostEqual(lr_at(100, 1e-3, 10, 100), 1e-4)
        self.assertAlmostEqual(lr_at(55, 1e-3, 10, 100), 1e-3 * (0.1 + 0.9 * 0.5))
        self.assertAlmostEqual(lr_at(1, 1e-3, 0, 1), 1e-4)

    def test_adamw_matches_model_md(self):
        m = rand_model()
        start = {n: p.detach().clone() for n, p in m.named_parameters()}
        opt = Optimizer(m, 3e-3, 2, 5, wd=0.1, max_norm=1.0)
        grads_seq, lrs = [], []
        for step in range(4):
            tok, pos, seg, tgt, w = rand_batch(seed=step)
            opt.zero_grad()
            loss = loss_fn(m(tok, pos, seg), tgt, w) * (5.0 if step == 1 else 0.01)  # one clipped, one not
            loss.backward()
            grads_seq.append({n: p.grad.detach().clone() for n, p in m.named_parameters()})  # before clipping
            lr, _ = opt.step()
            lrs.append(lr)
        ps, mm, vv = manual_adamw(start, grads_seq, lrs, 0.1)
        st = opt.state()
        for n, p in m.named_parameters():
            self.assertLess((p.double() - ps[n]).abs().max().item(), 1e-6, n)
            self.assertLess((st["m"][n].double() - mm[n]).abs().max().item(), 1e-6, n)
        self.assertEqual(opt.t, 4)

    def test_state_round_trip_resumes_identically(self):
        torch.manual_seed(0)
        a, b = rand_model(), rand_model()
        oa = Optimizer(a, 1e-3, 1, 6)
        tok, pos, seg, tgt, w = rand_batch()
        for model, opt, steps in ((a, oa, 3),):
            for _ in range(steps):
                opt.zero_grad()
                loss_fn(model(tok, pos, seg), tgt, w).backward()
                opt.step()
        b.load_state_dict(a.state_dict())
        ob = Optimizer(b, 1e-3, 1, 6)
        ob.load_state(oa.state(), oa.t)
        for model, opt in ((a, oa), (b, ob)):
            opt.zero_grad()
            loss_fn(model(tok, pos, seg), tgt, w).backward()
            opt.step()
        for (n, p), (_, q) in zip(a.named_parameters(), b.named_parameters()):
            self.assertTrue(torch.equal(p, q), n)


class TestParityCLI(unittest.TestCase):
    def test_forward_and_step(self):
        with tempfile.TemporaryDirectory() as d:
            ck = os.path.join(d, "ck.safetensors")
            m = rand_model()
            save_checkpoint(ck, m, CFG, TOK, 0, {})
            tok, pos, seg, tgt, w = rand_batch()
            batch = {"tokens": tok.tolist(), "positions": pos.tolist(), "segments": seg.tolist(),
                     "targets": tgt.tolist(), "weights": w.tolist()}
            bp = os.path.join(d, "batch.json")
            with open(bp, "w") as fh:
                json.dump(batch, fh)
            out = os.path.join(d, "out.json")
            py = sys.executable
            subprocess.run([py, os.path.join(HERE, "parity.py"), "forward", "--checkpoint", ck, "--batch", bp,
                            "--out", out], check=True)
            res = read_json(out)
            self.assertEqual(res["shape"], [2, 12, 264])
            logits = m(tok, pos, seg)
            self.assertTrue(torch.equal(torch.tensor(res["logits"]).reshape(2, 12, 264), logits))
            self.assertAlmostEqual(res["loss"], loss_fn(logits, tgt, w).item(), places=6)

            ck2 = os.path.join(d, "ck2.safetensors")
            subprocess.run([py, os.path.join(HERE, "parity.py"), "step", "--checkpoint", ck, "--batch", bp,
                            "--lr", "1e-2", "--warmup", "2", "--total", "10", "--wd", "0.1", "--max-norm", "1",
                            "--out-checkpoint", ck2, "--out", out], check=True)
            m2, _, tok2, meta, opt = load_checkpoint(ck2)
            self.assertEqual(meta["step"], "1")
            self.assertEqual(tok2, TOK)
            self.assertAlmostEqual(read_json(out)["lr"], 5e-3)
            ref = Optimizer(m, 1e-2, 2, 10, wd=0.1, max_norm=1.0)
            loss_fn(m(tok, pos, seg), tgt, w).backward()
            ref.step()
            st = ref.state()
            for (n, p), (_, q) in zip(m.named_parameters(), m2.named_parameters()):
                self.assertLess((p - q).abs().max().item(), 1e-6, n)  # another process: rounding may differ
                self.assertTrue(torch.allclose(st["v"][n], opt["v"][n], rtol=1e-4, atol=1e-12), n)

            bad = subprocess.run([py, os.path.join(HERE, "parity.py"), "forward", "--checkpoint", bp,
                                  "--batch", bp, "--out", out], capture_output=True, text=True)
            self.assertEqual(bad.returncode, 2)
            self.assertIn("parity.py:", bad.stderr)


TSX = os.path.join(HERE, "..", "node_modules", ".bin", "tsx")


def tsx(*args):
    r = subprocess.run([TSX, os.path.join(HERE, "ts_cases.ts"), *args], capture_output=True, text=True,
                       cwd=os.path.join(HERE, ".."))
    if r.returncode:
        raise AssertionError(f"ts_cases.ts {args[0]} failed: {r.stderr[-2000:]}")
    return json.loads(r.stdout)


@unittest.skipUnless(os.path.exists(TSX), "node_modules/.bin/tsx not installed")
class TestAgainstTypeScript(unittest.TestCase):
    def test_tokenizer_and_packing_match(self):
        from data import document_sequences, instruction_sequence, pack_batch
        from tokenizer import Tokenizer
        ref = tsx("tokenizer")
        tok = Tokenizer.from_json(ref["tokenizer"])
        for c in ref["cases"]:
            self.assertEqual(tok.encode(c["text"]), c["ids"], repr(c["text"]))
            self.assertEqual(tok.decode(c["ids"]), c["text"])
        seqs = [instruction_sequence(tok.encode(a), tok.encode(b), 12) for a, b in ref["pairs"]]
        seqs += document_sequences(tok.encode(ref["pairs"][1][0]), 12)
        batch, used = pack_batch(seqs, 6, 16)
        self.assertEqual(used, ref["packed"]["used"])
        for k in ("tokens", "positions", "segments", "targets", "weights"):
            self.assertEqual(batch[k].reshape(-1).tolist(), ref["packed"][k], k)
        # pretraining pipeline: same documents, same seeded order, same packed batches
        from data import BatchStream, corpus_stream, split_documents
        docs = split_documents(ref["corpusText"])
        self.assertEqual(docs, ref["docs"])
        stream = BatchStream(corpus_stream(docs, tok, 16, 11), 3, 16)
        for want in ref["stream"]:
            got = stream.next()
            for k in want:
                self.assertEqual(got[k].reshape(-1).tolist(), want[k], k)

    def test_forward_matches_tfjs(self):
        with tempfile.TemporaryDirectory() as d:
            ck, bp = os.path.join(d, "ck.safetensors"), os.path.join(d, "batch.json")
            m = rand_model()
            save_checkpoint(ck, m, CFG, TOK, 0, {})
            tok, pos, seg, tgt, w = rand_batch()
            with open(bp, "w") as fh:
                json.dump({"tokens": tok.tolist(), "positions": pos.tolist(), "segments": seg.tolist(),
                           "targets": tgt.tolist(), "weights": w.tolist()}, fh)
            ref = tsx("forward", ck, bp)
            logits = m(tok, pos, seg)
            diff = (torch.tensor(ref["logits"]).reshape(logits.shape) - logits).abs().max().item()
            self.assertLess(diff, 1e-4)
            self.assertAlmostEqual(ref["loss"], loss_fn(logits, tgt, w).item(), places=4)

    def test_checkpoint_round_trip_through_typescript(self):
        with tempfile.TemporaryDirectory() as d:
            a, b = os.path.join(d, "py.safetensors"), os.path.join(d, "ts.safetensors")
            m = rand_model()
            opt = {"step": 3, "m": {n: torch.randn(p.shape) for n, p in m.named_parameters()},
                   "v": {n: torch.rand(p.shape) for n, p in m.named_parameters()}}
            save_checkpoint(a, m, CFG, TOK, 9, {"seed": 1}, optimizer_state=opt)
            info = tsx("resave", a, b)
            self.assertEqual((info["step"], info["optimizerStep"], info["config"]), (9, 3, CFG))
            m2, cfg, tok, meta, opt2 = load_checkpoint(b)
            self.assertEqual((cfg, json.loads(tok), opt2["step"]), (CFG, json.loads(TOK), 3))
            for (n, p), (_, q) in zip(m.named_parameters(), m2.named_parameters()):
                self.assertTrue(torch.equal(p, q), n)
                self.assertTrue(torch.equal(opt["v"][n], opt2["v"][n]), n)


if __name__ == "__main__":
    torch.manual_seed(0)
    unittest.main(verbosity=2)
