/**
 * Checkpoint integrity (issue 17): a checksum over header and data, exact coverage of the data section,
 * clear messages for malformed header entries, finite weights, the full config checked against the
 * size it is used as, and the tokenizer bounded before it is built. Pure: no tfjs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parameterShapes, presetConfig, type ModelConfig } from '../model/config';
import { Rng } from '../rng';
import { Tokenizer } from '../tokenizer/bpe';
import { configProblemForSize, loadCheckpoint, saveCheckpoint, sizeOfConfig, type Checkpoint } from './checkpoint';
import { CheckpointError, type TensorEntry } from './safetensors';

function makeCheckpoint(config: ModelConfig = presetConfig('nano'), seed = 1): Checkpoint {
  const rng = new Rng(seed);
  const weights = new Map<string, TensorEntry>();
  for (const [name, shape] of parameterShapes(config)) {
    const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.next() - 0.5);
    weights.set(name, { shape, data });
  }
  return {
    config,
    tokenizer: new Tokenizer([
      [101, 102],
      [260, 101],
    ]),
    weights,
    step: 7,
    info: { seed },
  };
}

/** Header and data of a file, to rebuild it with changes (as another writer, e.g. without a checksum). */
function split(bytes: Uint8Array): { header: Record<string, any>; data: Uint8Array } {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return { header: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))), data: bytes.slice(8 + n) };
}
function join(header: unknown, data: Uint8Array, lengthDelta = 0): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length + lengthDelta), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}
/** The file as a writer without checksums (the shipped models, the PyTorch twin) would have written it. */
function unchecksummed(bytes: Uint8Array, edit: (h: Record<string, any>, d: Uint8Array) => void = () => {}): Uint8Array {
  const { header, data } = split(bytes);
  delete header.__metadata__.checksum;
  edit(header, data);
  return join(header, data);
}
const errorOf = (bytes: Uint8Array): string => {
  try {
    loadCheckpoint(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(CheckpointError);
    return (e as Error).message;
  }
  return 'accepted';
};

const good = saveCheckpoint(makeCheckpoint());

describe('checksum', () => {
  it('is written, verified and reported', () => {
    expect(split(good).header.__metadata__.checksum).toMatch(/^crc32:[0-9a-f]{8}$/);
    const ck = loadCheckpoint(good);
    expect(ck.verified).toBe(true);
    expect(ck.weights.get('transformer.wte.weight')!.data).toEqual(makeCheckpoint().weights.get('transformer.wte.weight')!.data);
  });

  it('refuses every sampled single-bit flip in the tensor data and in the header', () => {
    const rng = new Rng(9);
    const headerEnd = 8 + Number(new DataView(good.buffer).getBigUint64(0, true));
    for (let n = 0; n < 300; n++) {
      const at = n % 2 ? headerEnd + rng.int(good.length - headerEnd) : rng.int(headerEnd);
      const flipped = good.slice();
      flipped[at] ^= 1 << rng.int(8);
      expect(errorOf(flipped), `byte ${at}`).not.toBe('accepted');
    }
    const data = good.slice();
    data[good.length - 3] ^= 4;
    expect(errorOf(data)).toMatch(/checksum does not match its contents/);
  });

  it('files without one (the shipped models) still load, marked unverified, and are sized exactly', () => {
    // small was saved before checksums existed (v1 world); nano was re-pretrained (world v2, then v3) with one.
    const shipped = loadCheckpoint(readFileSync('public/models/small.safetensors'));
    expect(shipped.verified).toBe(false);
    expect(sizeOfConfig(shipped.config)).toEqual({ ok: true, size: 'small' });
    expect(loadCheckpoint(readFileSync('public/models/nano.safetensors')).verified).toBe(true);
    expect(loadCheckpoint(unchecksummed(good)).verified).toBe(false);
    // Re-saved, it gets a checksum.
    expect(loadCheckpoint(saveCheckpoint(shipped, 'F16')).verified).toBe(true);
  });
});

describe('structure', () => {
  it('a header length off by one is refused', () => {
    const { header, data } = split(good);
    const json = JSON.stringify(header);
    // One more: the header swallows a data byte (bad JSON); one less, with a trailing space to drop,
    // still parses but the data then starts a byte early and no longer matches the offsets.
    expect(errorOf(join(header, data, +1))).toMatch(/not valid JSON|cover/);
    const padded = new TextEncoder().encode(`${json} `);
    const out = new Uint8Array(8 + padded.length + data.length);
    new DataView(out.buffer).setBigUint64(0, BigInt(padded.length - 1), true);
    out.set(padded, 8);
    out.set(data, 8 + padded.length);
    expect(errorOf(out)).toMatch(/tensors cover \d+ bytes but the data section has \d+/);
    expect(errorOf(unchecksummed(good, (h) => (h['transformer.ln_f.bias'].data_offsets[1] -= 4)))).toMatch(/wrong size/);
  });

  it('malformed entries give messages, never a TypeError', () => {
    expect(errorOf(unchecksummed(good, (h) => (h.x = null)))).toMatch(/Tensor "x" has no description in the header \(null\)/);
    expect(errorOf(unchecksummed(good, (h) => (h['transformer.wte.weight'].data_offsets = null)))).toMatch(/invalid data_offsets/);
    expect(errorOf(unchecksummed(good, (h) => (h['transformer.wte.weight'].shape = 'big')))).toMatch(/invalid shape/);
    expect(errorOf(unchecksummed(good, (h) => (h.__metadata__.config = 'null')))).toMatch(/config is not a JSON object/);
    expect(errorOf(unchecksummed(good, (h) => (h.__metadata__.info = '[1]')))).toMatch(/info is not a JSON object/);
    expect(errorOf(unchecksummed(good, (h) => (h.__metadata__ = { ...h.__metadata__, step: 3 })))).toMatch(/__metadata__ must map names to strings/);
    expect(errorOf(unchecksummed(good, (h) => (h.__metadata__.chekcsum = 'x')))).toMatch(/unknown entry "chekcsum"/);
    expect(errorOf(unchecksummed(good, (h) => (h.__metadata__.tokenizer = '{"type":"tinyflan-bpe","version":1,"merges":null}')))).toMatch(/merges must be/);
  });

  it('a non-finite or implausible weight is refused with its tensor named', () => {
    const nan = unchecksummed(good, (h, d) => {
      const [begin] = h['transformer.h.0.attn.c_attn.weight'].data_offsets;
      new DataView(d.buffer).setFloat32(begin + 8, Number.NaN, true);
    });
    expect(errorOf(nan)).toMatch(/Tensor "transformer.h.0.attn.c_attn.weight" has a non-finite value \(NaN\) at index 2/);
    const huge = unchecksummed(good, (h, d) => new DataView(d.buffer).setFloat32(h['transformer.ln_f.weight'].data_offsets[0], 3e37, true));
    expect(errorOf(huge)).toMatch(/ln_f.weight" has an implausible value 3.00e\+37/);
  });
});

describe('config and tokenizer', () => {
  it('the full config must be the size it is used as', () => {
    const nano = presetConfig('nano');
    expect(configProblemForSize(nano, 'nano')).toBeNull();
    expect(configProblemForSize({ ...nano, blockSize: 8 }, 'nano')).toMatch(/not the lab's nano model: blockSize 8 \(expected 128\)/);
    const small = saveCheckpoint(makeCheckpoint({ ...nano, vocabSize: 300 }));
    const res = sizeOfConfig(loadCheckpoint(small).config);
    expect(res.ok === false && res.error).toMatch(/vocabSize 300 \(expected 1024\)/);
    expect(sizeOfConfig({ ...nano, nLayer: 3 })).toMatchObject({ ok: false, error: expect.stringMatching(/matches none of the lab's model sizes/) });
  });

  it('a tokenizer of doubling merges is refused before it is built', () => {
    const doubling: [number, number][] = [[101, 101]];
    for (let i = 0; i < 30; i++) doubling.push([260 + i, 260 + i]);
    const file = unchecksummed(good, (h) => (h.__metadata__.tokenizer = JSON.stringify({ type: 'tinyflan-bpe', version: 1, merges: doubling })));
    expect(file.length).toBeLessThan(200_000); // a small file that asked for a 2^31-byte token
    expect(errorOf(file)).toMatch(/merge 8 makes a token of 512 bytes \(at most 256/);
    const tooMany = Array.from({ length: 1024 - 260 + 1 }, (): [number, number] => [101, 102]);
    const big = unchecksummed(good, (h) => (h.__metadata__.tokenizer = JSON.stringify({ type: 'tinyflan-bpe', version: 1, merges: tooMany })));
    expect(errorOf(big)).toMatch(/more than the model's vocabulary of 1024/);
    expect(() => Tokenizer.fromJSON({ type: 'tinyflan-bpe', version: 1, merges: [[500, 4]] }, { maxVocab: 1024, maxTokenBytes: 256 })).toThrow(/unknown token/);
  });
});
