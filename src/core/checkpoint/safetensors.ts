/**
 * The safetensors container, read and written in plain TypeScript (no tfjs): an 8-byte little-endian
 * header length, a JSON header, then raw little-endian tensor data. Every way a file can be broken
 * (truncated, bad JSON, offsets out of range or overlapping, wrong sizes) gives a CheckpointError.
 */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

export type DType = 'F32' | 'F16';

export interface TensorEntry {
  shape: number[];
  /** Always float32 in memory; F16 is only a storage format. */
  data: Float32Array;
}

const MAX_HEADER = 16 * 1024 * 1024;

export function encodeSafetensors(tensors: Map<string, TensorEntry>, metadata: Record<string, string>, dtype: DType = 'F32'): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  const width = dtype === 'F32' ? 4 : 2;
  let offset = 0;
  const names = [...tensors.keys()];
  for (const name of names) {
    const t = tensors.get(name)!;
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.data.length) throw new CheckpointError(`Tensor "${name}" has ${t.data.length} values but shape [${t.shape}]`);
    header[name] = { dtype, shape: t.shape, data_offsets: [offset, offset + size * width] };
    offset += size * width;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8); // align the data section (spaces are valid JSON padding)
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let pos = 8 + headerBytes.length;
  for (const name of names) {
    const { data } = tensors.get(name)!;
    for (let i = 0; i < data.length; i++, pos += width) {
      if (dtype === 'F32') view.setFloat32(pos, data[i], true);
      else view.setUint16(pos, toHalf(data[i]), true);
    }
  }
  return out;
}

export function decodeSafetensors(bytes: Uint8Array): { tensors: Map<string, TensorEntry>; metadata: Record<string, string> } {
  if (bytes.length < 8) throw new CheckpointError('Checkpoint is truncated: shorter than its 8-byte header length');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (headerLen > MAX_HEADER || 8 + headerLen > bytes.length) {
    throw new CheckpointError(`Checkpoint is truncated or not a safetensors file (header length ${headerLen}, file ${bytes.length} bytes)`);
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)));
  } catch {
    throw new CheckpointError('Checkpoint header is not valid JSON: the file is corrupt or not a safetensors file');
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) throw new CheckpointError('Checkpoint header is not a JSON object');
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const metadata = (header.__metadata__ ?? {}) as Record<string, string>;
  const tensors = new Map<string, TensorEntry>();
  const spans: [number, number, string][] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const e = raw as { dtype?: string; shape?: number[]; data_offsets?: number[] };
    if (e.dtype !== 'F32' && e.dtype !== 'F16') throw new CheckpointError(`Tensor "${name}" has unsupported dtype ${String(e.dtype)} (F32 or F16 expected)`);
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && d >= 0)) throw new CheckpointError(`Tensor "${name}" has an invalid shape`);
    const [begin, end] = e.data_offsets ?? [];
    const width = e.dtype === 'F32' ? 4 : 2;
    const size = e.shape.reduce((a, b) => a * b, 1);
    if (!Number.isInteger(begin) || !Number.isInteger(end) || begin < 0 || end > dataLen || end - begin !== size * width) {
      throw new CheckpointError(`Tensor "${name}" points outside the file or has the wrong size: the checkpoint is truncated or corrupt`);
    }
    spans.push([begin, end, name]);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) {
      const pos = dataStart + begin + i * width;
      data[i] = width === 4 ? view.getFloat32(pos, true) : fromHalf(view.getUint16(pos, true));
    }
    tensors.set(name, { shape: e.shape, data });
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i][0] < spans[i - 1][1]) throw new CheckpointError(`Tensors "${spans[i - 1][2]}" and "${spans[i][2]}" overlap: the checkpoint is corrupt`);
  }
  return { tensors, metadata };
}

// IEEE 754 half precision, round to nearest even.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function toHalf(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
  return sign | half;
}

export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}
