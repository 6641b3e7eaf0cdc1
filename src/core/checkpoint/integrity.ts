/**
 * Checksums for the lab's containers: checkpoints (data and header), share links and results files.
 *
 * CRC-32 (IEEE 802.3, as zlib and PNG) rather than a hash like FNV: a CRC is guaranteed to catch every
 * single-bit flip and every burst of up to 32 flipped bits, which are exactly the corruptions a copied
 * link or a damaged download suffers; FNV only makes them unlikely. It guards against accidents, not
 * against someone who recomputes it on purpose.
 */

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** Running CRC-32: start with crc32Update(0xffffffff, …), chain, finish with crc32Final. */
export function crc32Update(state: number, bytes: Uint8Array): number {
  let c = state;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return c >>> 0;
}

export function crc32Final(state: number): number {
  return (state ^ 0xffffffff) >>> 0;
}

export function crc32(bytes: Uint8Array): number {
  return crc32Final(crc32Update(0xffffffff, bytes));
}

const utf8 = new TextEncoder();

/** CRC-32 of a string's UTF-8 bytes, as 8 lowercase hex digits. */
export function crc32Hex(text: string): string {
  return hex8(crc32(utf8.encode(text)));
}

export function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/**
 * JSON with object keys sorted at every level and undefined members left out, so that the same data
 * gives the same text (and checksum) whatever its key order or whitespace in the file.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
