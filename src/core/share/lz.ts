/**
 * lz-string's URI-safe format, with a decompressor of our own that stops as soon as the output
 * passes a size limit. lz-string's own decompressor always inflates the whole payload first, and
 * a short link can expand quadratically (an LZW dictionary entry grows by one character per code),
 * so a hostile link could otherwise allocate tens of megabytes before we get to look at it.
 * The decoder below is a line-for-line port of LZString._decompress (MIT) with that bound added.
 */
import LZString from 'lz-string';

export const URI_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const VALUE = new Map([...URI_ALPHABET].map((ch, i) => [ch, i]));

export function compressUri(text: string): string {
  return LZString.compressToEncodedURIComponent(text);
}

export type Inflated = { ok: true; text: string } | { ok: false; reason: 'damaged' | 'too-large' };

const DAMAGED: Inflated = { ok: false, reason: 'damaged' };
const TOO_LARGE: Inflated = { ok: false, reason: 'too-large' };

/** Inverse of compressUri, giving up ('too-large') once the output would pass `maxChars`. */
export function decompressUriBounded(input: string, maxChars: number): Inflated {
  const text = input.replace(/ /g, '+'); // '+' often comes back as a space from forms and chat apps
  if (text === '') return DAMAGED;
  const values = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) {
    const v = VALUE.get(text[i]);
    if (v === undefined) return DAMAGED;
    values[i] = v;
  }
  const resetValue = 32;
  let val = values[0];
  let position = resetValue;
  let index = 1;
  const readBits = (n: number): number => {
    let bits = 0;
    for (let power = 1, maxPower = 2 ** n; power !== maxPower; power *= 2) {
      const resb = val & position;
      position >>= 1;
      if (position === 0) {
        position = resetValue;
        val = values[index++] ?? 0;
      }
      if (resb > 0) bits += power;
    }
    return bits;
  };

  const dict: string[] = ['', '', ''];
  let enlargeIn = 4;
  let dictSize = 4;
  let numBits = 3;
  let first: string;
  switch (readBits(2)) {
    case 0:
      first = String.fromCharCode(readBits(8));
      break;
    case 1:
      first = String.fromCharCode(readBits(16));
      break;
    case 2:
      return { ok: true, text: '' };
    default:
      return DAMAGED;
  }
  dict[3] = first;
  let w = first;
  const out: string[] = [first];
  let total = first.length;
  for (;;) {
    if (index > text.length) return DAMAGED; // ran out of input before the end marker: truncated
    if (numBits > 30) return DAMAGED;
    let code = readBits(numBits);
    switch (code) {
      case 0:
      case 1:
        dict[dictSize++] = String.fromCharCode(readBits(code === 0 ? 8 : 16));
        code = dictSize - 1;
        enlargeIn--;
        break;
      case 2:
        return { ok: true, text: out.join('') };
    }
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
    let entry: string;
    if (code < dictSize && dict[code]) entry = dict[code];
    else if (code === dictSize) entry = w + w.charAt(0);
    else return DAMAGED;
    total += entry.length;
    if (total > maxChars) return TOO_LARGE;
    out.push(entry);
    dict[dictSize++] = w + entry.charAt(0);
    enlargeIn--;
    w = entry;
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  }
}
