/**
 * Where a run's base model comes from: an uploaded checkpoint in IndexedDB if the user gave one
 * for that size, else the shipped file under public/models/. Bytes are cached per size for the
 * worker's lifetime: a sweep loads the same base model for every run, and refetching it each time
 * is wasted work (and breaks offline use if the service worker has not cached it yet).
 */
import { loadCheckpoint, sizeOfConfig } from '../src/core/checkpoint/checkpoint';
import { countParams } from '../src/core/model/config';
import { labDb } from '../src/browser/db';
import type { CheckpointCheck } from '../src/core/engine/protocol';

const shippedCache = new Map<string, Uint8Array>();

export function shippedModelUrl(size: string): string {
  return `${import.meta.env.BASE_URL}models/${size}.safetensors`;
}

export async function baseCheckpoint(size: string): Promise<Uint8Array> {
  const uploaded = await labDb.getCheckpoint(size).catch(() => undefined);
  if (uploaded) return uploaded.bytes;
  const cached = shippedCache.get(size);
  if (cached) return cached;
  const response = await fetch(shippedModelUrl(size));
  if (!response.ok) {
    throw new Error(`The base model "${size}" is not available (${response.status} ${response.statusText}). Upload a checkpoint for it, or pick another size.`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  shippedCache.set(size, bytes);
  return bytes;
}

/**
 * Validates an upload fully (header, checksum, metadata, every tensor finite) and says which size it
 * replaces: the whole config must be that size's, vocabulary and block size included (sizeOfConfig).
 */
export function checkCheckpoint(bytes: Uint8Array): CheckpointCheck {
  try {
    const ck = loadCheckpoint(bytes);
    const size = sizeOfConfig(ck.config);
    if (!size.ok) return { ok: false, error: size.error };
    return { ok: true, size: size.size, params: countParams(ck.config) };
  } catch (e) {
    return { ok: false, error: `Not a usable TinyFLAN checkpoint: ${e instanceof Error ? e.message : String(e)}` };
  }
}
