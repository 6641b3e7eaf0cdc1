/**
 * The optional real-data pack: small facts extracted at build time from MIT-licensed npm packages
 * (scripts/build-real-data.mjs → pack.json, notices in LICENSES.md) and five datasets over them.
 * Off by default: `getSuite(seed, { realData: true })` adds these datasets; the default suite never sees them.
 */
import { z } from 'zod';
import type { Rng } from '../../rng';
import { POS_NEG, classification, generation } from '../datasets/helpers';
import { parseTemplates } from '../templates/load';
import type { DatasetSpec, Template } from '../types';
import packJson from './pack.json';
import templatesJson from './templates.json';

export const REAL_DATA_LANGUAGES = { en: 'English', fr: 'French', de: 'German', es: 'Spanish' } as const;
export type RealDataLanguage = keyof typeof REAL_DATA_LANGUAGES;
const LANGS = Object.keys(REAL_DATA_LANGUAGES) as RealDataLanguage[];

const name = z.string().min(1);
const NumberWords = z.array(name).length(21);
export const RealDataPackSchema = z.object({
  version: z.literal(1),
  sources: z.array(z.object({ name, version: name, license: z.literal('MIT') })).min(1),
  capitals: z.array(z.object({ code: z.string().length(2), country: name, capital: name })).min(50),
  countryNames: z.array(z.object({ code: z.string().length(2), en: name, fr: name, de: name, es: name })).min(50),
  numbers: z.object({ en: NumberWords, fr: NumberWords, de: NumberWords, es: NumberWords }),
  elements: z.array(z.object({ number: z.number().int().positive(), symbol: name, name })).min(50),
  afinn: z
    .array(
      z.object({
        word: name,
        score: z
          .number()
          .int()
          .refine((s) => s !== 0, 'score must be non-zero'),
      }),
    )
    .min(50),
});
export type RealDataPack = z.infer<typeof RealDataPackSchema>;

let packCache: RealDataPack | undefined;
/** The pack, validated once. */
export function loadRealDataPack(): RealDataPack {
  if (!packCache) {
    const result = RealDataPackSchema.safeParse(packJson);
    if (!result.success) throw new Error(`real-data pack.json: invalid: ${result.error.message}`);
    packCache = result.data;
  }
  return packCache;
}

let templateCache: Template[] | undefined;
/** The real-data datasets' templates (real-data/templates.json), zod-validated. */
export function loadRealDataTemplates(): Template[] {
  templateCache ??= parseTemplates(templatesJson, 'real-data/templates.json');
  return templateCache;
}

function languagePair(rng: Rng): [RealDataLanguage, RealDataLanguage] {
  const source = rng.pick(LANGS);
  return [source, rng.pick(LANGS.filter((l) => l !== source))];
}
function languageCode(languageName: string): RealDataLanguage {
  const code = LANGS.find((l) => REAL_DATA_LANGUAGES[l] === languageName);
  if (!code) throw new Error(`unknown language ${languageName}`);
  return code;
}

export const realCapitals: DatasetSpec = {
  name: 'real_capitals',
  cluster: 'closed_book_qa',
  kind: 'generation',
  fields: ['country'],
  description: 'The capital city of a real country (countries-list, filtered to single-word, undisputed capitals).',
  baseline: 'Q: What is the capital of {country}?\nA:',
  make(_world, rng) {
    const c = rng.pick(loadRealDataPack().capitals);
    return generation({ country: c.country }, c.capital, { code: c.code });
  },
  check(_world, ex) {
    // Look the country up by its code, not by the name make() used.
    const code = ex.meta?.code;
    const byCode = new Map(loadRealDataPack().capitals.map((c) => [c.code, c]));
    const c = typeof code === 'string' ? byCode.get(code) : undefined;
    if (!c || c.country !== ex.fields.country) throw new Error(`no capital for ${ex.fields.country}`);
    return c.capital;
  },
};

export const realNumbers: DatasetSpec = {
  name: 'real_numbers',
  cluster: 'translation',
  kind: 'generation',
  fields: ['number_word', 'source_language', 'target_language'],
  description: 'A number word 0-20 between English, French, German and Spanish (n2words).',
  baseline: '{source_language}: {number_word}\n{target_language}:',
  make(_world, rng) {
    const { numbers } = loadRealDataPack();
    const n = rng.int(21);
    const [from, to] = languagePair(rng);
    return generation({ number_word: numbers[from][n], source_language: REAL_DATA_LANGUAGES[from], target_language: REAL_DATA_LANGUAGES[to] }, numbers[to][n], {
      n,
    });
  },
  check(_world, ex) {
    // Parse the source word back to its value, then spell it in the target language.
    const { numbers } = loadRealDataPack();
    const n = numbers[languageCode(ex.fields.source_language)].indexOf(ex.fields.number_word);
    if (n < 0) throw new Error(`unknown number word ${ex.fields.number_word}`);
    return numbers[languageCode(ex.fields.target_language)][n];
  },
};

export const realCountryNames: DatasetSpec = {
  name: 'real_country_names',
  cluster: 'translation',
  kind: 'generation',
  fields: ['country', 'source_language', 'target_language'],
  description: 'A country name between English, French, German and Spanish (i18n-iso-countries).',
  baseline: '{source_language}: {country}\n{target_language}:',
  make(_world, rng) {
    const c = rng.pick(loadRealDataPack().countryNames);
    const [from, to] = languagePair(rng);
    return generation({ country: c[from], source_language: REAL_DATA_LANGUAGES[from], target_language: REAL_DATA_LANGUAGES[to] }, c[to], { code: c.code });
  },
  check(_world, ex) {
    const from = languageCode(ex.fields.source_language);
    const c = loadRealDataPack().countryNames.find((x) => x[from] === ex.fields.country);
    if (!c) throw new Error(`unknown country ${ex.fields.country}`);
    return c[languageCode(ex.fields.target_language)];
  },
};

export const realAfinn: DatasetSpec = {
  name: 'real_afinn',
  cluster: 'sentiment',
  kind: 'classification',
  fields: ['word'],
  description: 'Is a single English word positive or negative? (AFINN-165 valence, |score| 2-3, balanced).',
  baseline: 'Word: {word}\nQuestion: Is this word positive or negative?\nAnswer:',
  make(_world, rng) {
    const label = rng.pick(POS_NEG);
    const pool = loadRealDataPack().afinn.filter((w) => (label === 'positive' ? w.score > 0 : w.score < 0));
    return classification({ word: rng.pick(pool).word }, [...POS_NEG], label);
  },
  check(_world, ex) {
    const score = new Map(loadRealDataPack().afinn.map((w) => [w.word, w.score])).get(ex.fields.word);
    if (score === undefined) throw new Error(`unknown word ${ex.fields.word}`);
    return score > 0 ? 'positive' : 'negative';
  },
};

export const realElements: DatasetSpec = {
  name: 'real_elements',
  cluster: 'misc',
  kind: 'generation',
  fields: ['element'],
  description: 'The chemical symbol of an element (chemical-elements).',
  baseline: 'Element: {element}\nSymbol:',
  make(_world, rng) {
    const e = rng.pick(loadRealDataPack().elements);
    return generation({ element: e.name }, e.symbol, { number: e.number });
  },
  check(_world, ex) {
    // By atomic number, then confirm the name matches.
    const e = loadRealDataPack().elements.find((x) => x.number === ex.meta?.number);
    if (!e || e.name !== ex.fields.element) throw new Error(`unknown element ${ex.fields.element}`);
    return e.symbol;
  },
};

/** The pack's datasets, appended after the built-in ones when `realData` is on. */
export const REAL_DATA_SPECS: readonly DatasetSpec[] = [realCapitals, realAfinn, realNumbers, realCountryNames, realElements];
