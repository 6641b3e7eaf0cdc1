/**
 * Fuzz category "checkpoints": corrupted safetensors files as an upload (loadCheckpoint, then the size it
 * is used as, as the worker's checkCheckpoint does) receives them.
 *
 *   A checksummed file (saveCheckpoint) with bit flips or changed bytes anywhere, truncated, extended, its
 *   header length moved, or its header JSON edited: must be refused, whatever changed.
 *   A file without a checksum (the shipped nano model, and A with its checksum removed), with the same
 *   structural damage: must be refused too; with header edits (null entries, shapes, offsets, dtypes, the
 *   config, a doubling tokenizer, NaN and huge weights) it may only load if what loads is sound: the exact
 *   nano config, finite weights, a tokenizer within its bounds.
 */
import { readFileSync } from 'node:fs';
import { MAX_ABS_WEIGHT, loadCheckpoint, saveCheckpoint, sizeOfConfig, type Checkpoint } from '../../src/core/checkpoint/checkpoint';
import { CheckpointError, type TensorEntry } from '../../src/core/checkpoint/safetensors';
import { parameterShapes, presetConfig } from '../../src/core/model/config';
import { Rng } from '../../src/core/rng';
import { trainBpe } from '../../src/core/tokenizer/bpe';
import { checkThrown, OK, silent, type FuzzCase, type Verdict } from './verdict';

let files: { checked: Uint8Array; unchecked: Uint8Array; shipped: Uint8Array } | undefined;
function bases() {
  if (files) return files;
  const config = presetConfig('nano');
  const rng = new Rng(5);
  const weights = new Map<string, TensorEntry>();
  for (const [name, shape] of parameterShapes(config)) {
    weights.set(name, { shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 0.2 * rng.normal()) });
  }
  const tokenizer = trainBpe(['Ruth Dale lives in a small red house by the river.'], 300);
  const ck: Checkpoint = { config, tokenizer, weights, step: 11, info: { fuzz: true } };
  const checked = saveCheckpoint(ck, 'F16');
  const { header, data } = split(checked);
  delete header.__metadata__.checksum;
  files = { checked, unchecked: join(header, data), shipped: new Uint8Array(readFileSync(new URL('../../public/models/nano.safetensors', import.meta.url))) };
  return files;
}

function split(bytes: Uint8Array): { header: Record<string, any>; data: Uint8Array } {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true));
  return { header: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))), data: bytes.slice(8 + n) };
}
function join(header: unknown, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const tensorNames = (h: Record<string, unknown>) => Object.keys(h).filter((k) => k !== '__metadata__');
const doubling = () => JSON.stringify({ type: 'tinyflan-bpe', version: 1, merges: [[101, 101], ...Array.from({ length: 30 }, (_, i) => [260 + i, 260 + i])] });
const HOSTILE: unknown[] = [null, 0, -1, 1.5, 2 ** 40, 'x', [], {}, [1, 2, 3], true, 1e308];

/** One structural edit of a parsed header (and maybe its data), described for the report. */
function editHeader(rng: Rng, h: Record<string, any>, data: Uint8Array): string {
  const names = tensorNames(h);
  const name = rng.pick(names);
  const e = h[name];
  const meta = h.__metadata__;
  switch (rng.int(12)) {
    case 0:
      h[rng.next() < 0.5 ? name : 'x'] = rng.pick(HOSTILE);
      return `entry ${name} replaced`;
    case 1:
      e.dtype = rng.pick(['F16', 'F32', 'BF16', 'I8', 'f32', null, 7]);
      return `dtype ${String(e.dtype)}`;
    case 2: {
      const i = rng.int(e.shape.length + 1);
      e.shape = [...e.shape];
      e.shape[i] = rng.next() < 0.5 ? (e.shape[i] ?? 1) + rng.pick([-1, 1, 2]) : rng.pick(HOSTILE);
      return `shape ${JSON.stringify(e.shape)}`;
    }
    case 3: {
      const i = rng.int(2);
      e.data_offsets[i] += rng.pick([-2, -1, 1, 2, 1024]);
      return `data_offsets[${i}] moved`;
    }
    case 4:
      e.data_offsets = rng.pick(HOSTILE);
      return 'data_offsets replaced';
    case 5: {
      const other = h[rng.pick(names)];
      [e.data_offsets, other.data_offsets] = [other.data_offsets, e.data_offsets];
      return 'two tensors swapped offsets';
    }
    case 6: {
      const c = JSON.parse(meta.config);
      const k = rng.pick(Object.keys(c));
      c[k] = rng.pick([8, 300, 3, 0, -4, 1e9, 2 ** 31, 'x', null, c[k] + 1]);
      meta.config = JSON.stringify(c);
      return `config.${k} = ${JSON.stringify(c[k])}`;
    }
    case 7:
      meta.tokenizer = rng.pick([
        doubling(),
        '{}',
        'not json',
        JSON.stringify({ type: 'tinyflan-bpe', version: 1, merges: Array.from({ length: 20_000 }, () => [101, 102]) }),
        JSON.stringify({ type: 'tinyflan-bpe', version: 1, merges: [[9999, 4]] }),
      ]);
      return 'tokenizer replaced';
    case 8: {
      const k = rng.pick([...Object.keys(meta), 'zz', 'checksun', 'optimizer_step']);
      if (rng.next() < 0.5) {
        delete meta[k];
        return `metadata ${k} removed`;
      }
      meta[k] = rng.pick(['', '2', 'null', '[1]', '{"a":1}', 'NaN']);
      return `metadata ${k} edited`;
    }
    case 9:
      h.__metadata__ = rng.pick(HOSTILE);
      return '__metadata__ replaced';
    case 10: {
      const [begin] = e.data_offsets;
      const at = begin + 2 * rng.int((e.data_offsets[1] - begin) / 2);
      new DataView(data.buffer).setUint16(at, rng.pick([0x7e00, 0x7c00, 0xfc00, 0x7bff]), true);
      return `weight in ${name} set to NaN/Inf/65504`;
    }
    default:
      delete h[name];
      return `entry ${name} removed`;
  }
}

/** Bytes-level damage: flips, overwrites, truncation, extension, a moved header length. */
function damage(rng: Rng, bytes: Uint8Array): { bytes: Uint8Array; what: string } {
  const out = bytes.slice();
  switch (rng.int(6)) {
    case 0:
    case 1: {
      const n = 1 + (rng.next() < 0.7 ? 0 : rng.int(3));
      for (let i = 0; i < n; i++) out[rng.int(out.length)] ^= 1 << rng.int(8);
      return { bytes: out, what: `${n} bit flip(s)` };
    }
    case 2: {
      const at = rng.int(out.length);
      const n = 1 + rng.int(16);
      for (let i = at; i < Math.min(out.length, at + n); i++) out[i] = rng.int(256);
      return { bytes: out, what: `${n} bytes overwritten at ${at}` };
    }
    case 3: {
      const n = rng.int(bytes.length);
      return { bytes: bytes.slice(0, n), what: `truncated to ${n} bytes` };
    }
    case 4: {
      const extra = Uint8Array.from({ length: 1 + rng.int(16) }, () => (rng.next() < 0.5 ? 0x20 : rng.int(256)));
      const o = new Uint8Array(bytes.length + extra.length);
      o.set(bytes);
      o.set(extra, bytes.length);
      return { bytes: o, what: `${extra.length} bytes appended` };
    }
    default: {
      const view = new DataView(out.buffer);
      const d = rng.pick([-16, -8, -2, -1, 1, 2, 8, 2 ** 24, 2 ** 40]);
      view.setBigUint64(0, view.getBigUint64(0, true) + BigInt(d), true);
      return { bytes: out, what: `header length ${d > 0 ? '+' : ''}${d}` };
    }
  }
}

/** Loads as an upload does; returns the loaded checkpoint, or null if it was refused cleanly. */
function upload(bytes: Uint8Array): Checkpoint | null {
  try {
    const ck = loadCheckpoint(bytes);
    const size = sizeOfConfig(ck.config);
    return size.ok ? ck : null;
  } catch (e) {
    checkThrown(e, (x) => x instanceof CheckpointError);
    return null;
  }
}

function sameContents(a: Checkpoint, b: Checkpoint): boolean {
  const weightsEqual = [...a.weights].every(([n, t]) => {
    const o = b.weights.get(n)?.data;
    return !!o && o.length === t.data.length && t.data.every((x, i) => Object.is(x, o[i]));
  });
  return weightsEqual && JSON.stringify([a.config, a.tokenizer.merges, a.step, a.info]) === JSON.stringify([b.config, b.tokenizer.merges, b.step, b.info]);
}

function unsound(ck: Checkpoint): string | null {
  const want = presetConfig('nano');
  if (JSON.stringify(ck.config) !== JSON.stringify(want)) return `loaded a config that is not nano's: ${JSON.stringify(ck.config)}`;
  if (ck.tokenizer.vocabSize > want.vocabSize) return 'loaded a tokenizer larger than the vocabulary';
  for (const [name, t] of ck.weights) for (const x of t.data) if (!(Math.abs(x) <= MAX_ABS_WEIGHT)) return `loaded a weight ${x} in ${name}`;
  return null;
}

export function checkpointCase(rng: Rng): FuzzCase {
  const b = bases();
  const kind = rng.pick(['checked-bytes', 'checked-bytes', 'checked-header', 'unchecked-bytes', 'unchecked-header', 'unchecked-header', 'shipped-header']);
  const source = kind.startsWith('checked') ? b.checked : kind.startsWith('shipped') ? b.shipped : b.unchecked;
  let bytes: Uint8Array;
  let what: string;
  if (kind.endsWith('bytes')) ({ bytes, what } = damage(rng, source));
  else {
    const { header, data } = split(source);
    what = editHeader(rng, header, data);
    bytes = join(header, data);
  }
  return {
    label: `checkpoint (${kind.split('-')[0]}): ${what}`,
    run(): Verdict {
      const ck = upload(bytes);
      if (!ck) return OK;
      const same = bytes.length === source.length && bytes.every((x, i) => x === source[i]);
      if (!same && source === b.checked) {
        // With a checksum, only edits that leave the contents intact may load (e.g. the header's JSON
        // written with other spacing), and removing the checksum on purpose loads as unverified.
        if (ck.verified && !sameContents(loadCheckpoint(source), ck)) return silent(`a damaged checksummed file loaded as verified (${what})`);
        if (!ck.verified && what !== 'metadata checksum removed') return silent(`a damaged checksummed file loaded without its checksum (${what})`);
      }
      // Without a checksum, damage inside the weights cannot be seen; a file that is cut, extended
      // or shifted can, and must be refused.
      if (!same && source !== b.checked && /truncated|appended|header length/.test(what)) return silent(`a damaged file loaded (${what})`);
      const problem = unsound(ck);
      return problem ? silent(`${problem} (${what})`) : OK;
    },
  };
}
