/**
 * The safetensors container, read and written in plain TypeScript (no tfjs): an 8-byte little-endian
 * header length, a JSON header, then raw little-endian tensor data. Every way a file can be broken
 * (truncated, bad JSON, a malformed entry, offsets out of range, overlapping or leaving bytes unused,
 * wrong sizes) gives a CheckpointError naming what is wrong, never a TypeError.
 *
 * Integrity: the writer stores `checksum: "crc32:<hex>"` in __metadata__, a CRC-32 of the canonical
 * header (without the checksum itself) followed by the data bytes, so a flipped bit anywhere in the
 * tensors, the config, the tokenizer or the offsets is caught. The reader reports it (`checksum`) and the
 * caller decides, after checking the format version, whether it matches (files without one, like the
 * shipped models and the PyTorch twin's, still load, marked unverified).
 */
import { canonicalJson, crc32Final, crc32Update, hex8 } from './integrity';

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
/** The __metadata__ key of the checksum, and its scheme prefix. */
export const CHECKSUM_KEY = 'checksum';
const CHECKSUM_SCHEME = 'crc32:';

/** What a file's checksum says: `stored` is absent in files written without one. */
export interface ChecksumCheck {
  stored?: string;
  actual: string;
}

/** CRC-32 of the canonical header (checksum left out) and the data section. */
function checksumOf(header: Record<string, unknown>, data: Uint8Array): string {
  const meta = { ...(header.__metadata__ as Record<string, string> | undefined) };
  delete meta[CHECKSUM_KEY];
  const canonical = new TextEncoder().encode(canonicalJson({ ...header, __metadata__: meta }));
  return CHECKSUM_SCHEME + hex8(crc32Final(crc32Update(crc32Update(0xffffffff, canonical), data)));
}

export function encodeSafetensors(tensors: Map<string, TensorEntry>, metadata: Record<string, string>, dtype: DType = 'F32'): Uint8Array {
  const header: Record<string, unknown> = {};
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
  const data = new Uint8Array(offset);
  const dataView = new DataView(data.buffer);
  let pos = 0;
  for (const name of names) {
    const values = tensors.get(name)!.data;
    for (let i = 0; i < values.length; i++, pos += width) {
      if (dtype === 'F32') dataView.setFloat32(pos, values[i], true);
      else dataView.setUint16(pos, toHalf(values[i]), true);
    }
  }
  const meta: Record<string, string> = { ...metadata };
  delete meta[CHECKSUM_KEY];
  meta[CHECKSUM_KEY] = checksumOf({ ...header, __metadata__: meta }, data);
  let json = JSON.stringify({ __metadata__: meta, ...header });
  json += ' '.repeat((8 - (json.length % 8)) % 8); // align the data section (spaces are valid JSON padding)
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  out.set(data, 8 + headerBytes.length);
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function decodeSafetensors(bytes: Uint8Array): { tensors: Map<string, TensorEntry>; metadata: Record<string, string>; checksum: ChecksumCheck } {
  if (bytes.length < 8) throw new CheckpointError('Checkpoint is truncated: shorter than its 8-byte header length');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (headerLen > MAX_HEADER || 8 + headerLen > bytes.length) {
    throw new CheckpointError(`Checkpoint is truncated or not a safetensors file (header length ${headerLen}, file ${bytes.length} bytes)`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)));
  } catch {
    throw new CheckpointError('Checkpoint header is not valid JSON: the file is corrupt or not a safetensors file');
  }
  if (!isObject(header)) throw new CheckpointError('Checkpoint header is not a JSON object');
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const rawMeta = header.__metadata__ ?? {};
  if (!isObject(rawMeta) || !Object.values(rawMeta).every((v) => typeof v === 'string')) {
    throw new CheckpointError('Checkpoint __metadata__ must map names to strings: the header is corrupt');
  }
  const metadata = rawMeta as Record<string, string>;
  // Check every entry before any tensor is allocated, so a hostile shape cannot ask for gigabytes.
  const entries: { name: string; dtype: DType; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const where = `Tensor "${name.slice(0, 100)}"`;
    if (!isObject(raw)) throw new CheckpointError(`${where} has no description in the header (${raw === null ? 'null' : typeof raw}): the header is corrupt`);
    const { dtype, shape, data_offsets: offsets } = raw;
    if (dtype !== 'F32' && dtype !== 'F16') throw new CheckpointError(`${where} has unsupported dtype ${String(dtype).slice(0, 20)} (F32 or F16 expected)`);
    if (!Array.isArray(shape) || shape.length > 8 || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new CheckpointError(`${where} has an invalid shape`);
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o))) {
      throw new CheckpointError(`${where} has invalid data_offsets (two whole numbers expected)`);
    }
    const [begin, end] = offsets as number[];
    const width = dtype === 'F32' ? 4 : 2;
    const size = (shape as number[]).reduce((a, b) => a * b, 1);
    if (begin < 0 || end > dataLen || end < begin || end - begin !== size * width) {
      throw new CheckpointError(`${where} points outside the file or has the wrong size: the checkpoint is truncated or corrupt`);
    }
    entries.push({ name, dtype, shape: shape as number[], begin, end });
  }
  // The spans must tile the data section exactly (the safetensors spec: no holes, no overlaps). A header
  // length off by one shifts the data by a byte; without this it loaded with every tensor garbled.
  const spans = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const e of spans) {
    if (e.begin < covered) throw new CheckpointError(`Tensors overlap at "${e.name.slice(0, 100)}": the checkpoint is corrupt`);
    if (e.begin > covered)
      throw new CheckpointError(`The data section has ${e.begin - covered} unused bytes before "${e.name.slice(0, 100)}": the checkpoint is corrupt`);
    covered = e.end;
  }
  if (covered !== dataLen) {
    throw new CheckpointError(
      `The tensors cover ${covered} bytes but the data section has ${dataLen}: the header length or the file is wrong (corrupt or truncated)`,
    );
  }
  const tensors = new Map<string, TensorEntry>();
  for (const e of entries) {
    const width = e.dtype === 'F32' ? 4 : 2;
    const data = new Float32Array((e.end - e.begin) / width);
    for (let i = 0; i < data.length; i++) {
      const pos = dataStart + e.begin + i * width;
      data[i] = width === 4 ? view.getFloat32(pos, true) : fromHalf(view.getUint16(pos, true));
    }
    tensors.set(e.name, { shape: e.shape, data });
  }
  const checksum: ChecksumCheck = { actual: checksumOf(header, bytes.subarray(dataStart)) };
  if (metadata[CHECKSUM_KEY] !== undefined) checksum.stored = metadata[CHECKSUM_KEY];
  return { tensors, metadata, checksum };
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
  const e = exp - 127 + 15;
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
