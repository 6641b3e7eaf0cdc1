/**
 * The outside of a share link: its version, its checksum and the compressed payload, and the keyed
 * migrations that upgrade an older payload (in the manner of Excalidraw's restore.ts: each version that
 * changed the format registers how to turn its payload into the next one).
 *
 *   v2.<crc32 of "v2.<payload>", 8 hex digits>.<lz-string URI-safe payload>     (current)
 *   v1.<payload>                                                                 (no checksum; opens upgraded)
 *
 * The checksum is checked before anything is decompressed: a truncated, bit-flipped or hand-edited link
 * is refused as damaged and nothing of it is applied. CRC-32 catches every single changed character.
 */
import { crc32Hex } from '../checkpoint/integrity';
import { LIMITS } from './limits';
import { compressUri, decompressUriBounded } from './lz';

export const SHARE_VERSION = 2;
/** Longest fragment (without '#') that is encoded or read. */
export const MAX_SHARE_CHARS = LIMITS.linkChars.max;
/** Longest decompressed JSON that is read; decompression stops past it. */
export const MAX_SHARE_JSON_CHARS = LIMITS.linkJsonChars.max;

interface Migration {
  /** Shown with the link's other warnings, so the receiver knows the link was upgraded. */
  note: string;
  /** The payload of version `from` as version `from + 1` reads it. */
  up(payload: unknown): unknown;
}

/**
 * Keyed by the version they upgrade from. Links older than the first key cannot be opened.
 * v1 → v2 added the checksum to the envelope; the payload (preset, settings, templates, results)
 * is unchanged, and the caps grew (limits.ts), so every v1 payload is a valid v2 payload.
 */
const MIGRATIONS: Record<number, Migration> = {
  1: { note: 'This link was made by an older TinyFLAN (format v1, without a checksum): it was opened and upgraded.', up: (p) => p },
};
const OLDEST_VERSION = Math.min(...Object.keys(MIGRATIONS).map(Number), SHARE_VERSION);

const checksumOf = (version: number, payload: string) => crc32Hex(`v${version}.${payload}`);

/** The fragment for a payload's JSON text. */
export function wrapPayload(json: string): string {
  const payload = compressUri(json);
  return `v${SHARE_VERSION}.${checksumOf(SHARE_VERSION, payload)}.${payload}`;
}

export type Unwrapped = { ok: true; version: number; json: string } | { ok: false; error: string };

const DAMAGED = 'This share link is damaged or truncated (was it copied completely?).';

/** A fragment's JSON text, checked and decompressed (within the caps). Never throws. */
export function unwrapFragment(fragment: string): Unwrapped {
  let text = typeof fragment === 'string' ? fragment.trim() : '';
  const hashAt = text.indexOf('#');
  if (hashAt >= 0) text = text.slice(hashAt + 1);
  if (text === '') return { ok: false, error: 'This share link is empty.' };
  if (text.length > MAX_SHARE_CHARS) {
    return {
      ok: false,
      error: `This share link is too long (${text.length.toLocaleString('en-US')} characters; at most ${MAX_SHARE_CHARS.toLocaleString('en-US')} are read).`,
    };
  }
  if (text.includes('%')) {
    try {
      text = decodeURIComponent(text); // some apps percent-encode '$'
    } catch {
      /* leave it; it will fail below */
    }
  }
  const m = /^v(\d{1,6})\.([\s\S]*)$/.exec(text);
  if (!m) return { ok: false, error: `This is not a TinyFLAN share link (it should start with "v${SHARE_VERSION}.").` };
  const version = Number(m[1]);
  if (version < OLDEST_VERSION) return { ok: false, error: `This link was made by an older TinyFLAN (format v${version}); opening the defaults.` };
  if (version > SHARE_VERSION) {
    return {
      ok: false,
      error: `This link was made by a newer TinyFLAN (format v${version}); this version reads formats v${OLDEST_VERSION} to v${SHARE_VERSION}.`,
    };
  }
  // '+' often comes back as a space from forms and chat apps; undo that before the checksum too.
  let payload = m[2].replace(/ /g, '+');
  if (version >= 2) {
    const c = /^([0-9a-f]{8})\.([\s\S]*)$/.exec(payload);
    if (!c) return { ok: false, error: `${DAMAGED.slice(0, -1)} Its checksum is missing.` };
    if (c[1] !== checksumOf(version, c[2])) {
      return {
        ok: false,
        error:
          'This share link is damaged or truncated: its checksum does not match its contents (was it copied completely, or edited?). Nothing of it was applied.',
      };
    }
    payload = c[2];
  }
  const inflated = decompressUriBounded(payload, MAX_SHARE_JSON_CHARS);
  if (!inflated.ok) {
    return {
      ok: false,
      error:
        inflated.reason === 'too-large'
          ? `This share link's contents are too large (over ${MAX_SHARE_JSON_CHARS.toLocaleString('en-US')} characters once unpacked); it was not opened.`
          : DAMAGED,
    };
  }
  if (inflated.text === '') return { ok: false, error: DAMAGED };
  return { ok: true, version, json: inflated.text };
}

/** The payload of a `version` link as the current version reads it; notes say what was upgraded. */
export function migratePayload(version: number, payload: unknown, notes: string[]): unknown {
  let p = payload;
  for (let v = version; v < SHARE_VERSION; v++) {
    const migration = MIGRATIONS[v];
    if (!migration) throw new Error(`no migration from share format v${v}`); // cannot happen: OLDEST_VERSION checks it
    p = migration.up(p);
    notes.push(migration.note);
  }
  return p;
}
