"""Minimal safetensors reader/writer (standard library + torch only).

File layout: u64 little-endian header length N, N bytes of UTF-8 JSON header, raw tensor bytes.
The header maps tensor name -> {dtype, shape, data_offsets: [begin, end]} (relative to the data
section) plus an optional "__metadata__" dict of string -> string.
"""
import json
import struct
import sys

import torch

DTYPES = {  # safetensors name -> (torch dtype, bytes per element)
    "F32": (torch.float32, 4),
    "F16": (torch.float16, 2),
    "BF16": (torch.bfloat16, 2),
}
NAMES = {dt: name for name, (dt, _) in DTYPES.items()}
MAX_HEADER = 100 * 1024 * 1024


class SafetensorsError(ValueError):
    pass


def _check_little_endian():
    if sys.byteorder != "little":
        raise SafetensorsError("this reader/writer assumes a little-endian host")


def write_safetensors(path, tensors, metadata=None):
    """tensors: dict name -> torch tensor (F32/F16/BF16); metadata: dict str -> str."""
    _check_little_endian()
    header, blobs, offset = {}, [], 0
    if metadata:
        for k, v in metadata.items():
            if not isinstance(k, str) or not isinstance(v, str):
                raise SafetensorsError(f"__metadata__ must map strings to strings (key {k!r})")
        header["__metadata__"] = dict(metadata)
    for name, t in tensors.items():
        if t.dtype not in NAMES:
            raise SafetensorsError(f"tensor {name}: unsupported dtype {t.dtype}")
        data = t.detach().contiguous().cpu().reshape(-1)
        # bytes through a uint8 view works for every dtype, including f16/bf16
        raw = data.view(torch.uint8).numpy().tobytes() if data.numel() else b""
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    hbytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hbytes += b" " * ((8 - len(hbytes) % 8) % 8)  # pad so the data section is 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hbytes)))
        f.write(hbytes)
        for raw in blobs:
            f.write(raw)


def read_safetensors(path):
    """Returns (tensors: dict name -> torch tensor, metadata: dict). Raises SafetensorsError."""
    _check_little_endian()
    with open(path, "rb") as f:
        buf = f.read()
    if len(buf) < 8:
        raise SafetensorsError(f"{path}: truncated file ({len(buf)} bytes, no header length)")
    (n,) = struct.unpack("<Q", buf[:8])
    if n > MAX_HEADER:
        raise SafetensorsError(f"{path}: header length {n} is implausible (not a safetensors file?)")
    if 8 + n > len(buf):
        raise SafetensorsError(f"{path}: truncated file: header says {n} bytes, file has {len(buf) - 8}")
    try:
        header = json.loads(buf[8:8 + n].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SafetensorsError(f"{path}: header is not valid UTF-8 JSON: {e}") from None
    if not isinstance(header, dict):
        raise SafetensorsError(f"{path}: header is not a JSON object")
    metadata = header.pop("__metadata__", None) or {}
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise SafetensorsError(f"{path}: __metadata__ must map strings to strings")
    data = memoryview(buf)[8 + n:]
    spans, tensors = [], {}
    for name, info in header.items():
        if not isinstance(info, dict) or not {"dtype", "shape", "data_offsets"} <= info.keys():
            raise SafetensorsError(f"{path}: tensor {name}: entry needs dtype, shape, data_offsets")
        if info["dtype"] not in DTYPES:
            raise SafetensorsError(f"{path}: tensor {name}: unsupported dtype {info['dtype']}")
        dtype, size = DTYPES[info["dtype"]]
        shape, offs = info["shape"], info["data_offsets"]
        if not (isinstance(shape, list) and all(isinstance(s, int) and s >= 0 for s in shape)):
            raise SafetensorsError(f"{path}: tensor {name}: bad shape {shape!r}")
        if not (isinstance(offs, list) and len(offs) == 2 and all(isinstance(o, int) for o in offs)):
            raise SafetensorsError(f"{path}: tensor {name}: bad data_offsets {offs!r}")
        begin, end = offs
        numel = 1
        for s in shape:
            numel *= s
        if begin < 0 or end < begin or end > len(data):
            raise SafetensorsError(f"{path}: tensor {name}: data_offsets [{begin}, {end}] out of range "
                                   f"(data section has {len(data)} bytes; file truncated?)")
        if end - begin != numel * size:
            raise SafetensorsError(f"{path}: tensor {name}: {end - begin} bytes for shape {shape} "
                                   f"{info['dtype']} (expected {numel * size})")
        spans.append((begin, end, name))
        raw = bytes(data[begin:end])
        t = torch.frombuffer(bytearray(raw), dtype=dtype) if numel else torch.empty(0, dtype=dtype)
        tensors[name] = t.reshape(shape)
    spans.sort()
    for (b0, e0, n0), (b1, e1, n1) in zip(spans, spans[1:]):
        if b1 < e0:
            raise SafetensorsError(f"{path}: tensors {n0} and {n1} have overlapping data_offsets")
    return tensors, metadata
