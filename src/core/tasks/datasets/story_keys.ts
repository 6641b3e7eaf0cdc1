/**
 * Text-based recognisers used by the independent solvers: they read a story's words to tell what
 * happened, instead of trusting the generator's bookkeeping.
 */
import type { StoryKind } from '../world/stories';

const STORY_CUES: [StoryKind, RegExp][] = [
  ['lost', /\blost a\b/],
  ['gift', /as a gift|got a gift/],
  ['race', /won the race|was faster than|ran a race/],
  ['rain', /started to rain|in the rain/],
  ['hungry', /was hungry|\bate\b|bought [a-z]+\./],
  ['broke', /dropped|broke/],
  ['bus', /missed the bus/],
  ['pet', /brought a little|got a new|gave the [a-z]+ to/],
  ['noise', /loud noise/],
];

/** What kind of event a text describes, by its cue words. */
export function kindFromText(text: string): StoryKind | undefined {
  return STORY_CUES.find(([, re]) => re.test(text))?.[0];
}

/** Feelings follow events (written independently of world/stories.ts FEELING_OF). */
export const EXPECTED_FEELING: Record<StoryKind, string> = {
  lost: 'sad',
  broke: 'upset',
  gift: 'happy',
  pet: 'happy',
  race: 'proud',
  rain: 'cold',
  hungry: 'full',
  bus: 'angry',
  noise: 'scared',
};

/** The cue of a story's third sentence, per kind (for ending-choice tasks). */
export const ENDING_CUES: Record<StoryKind, RegExp> = {
  lost: /looked everywhere/,
  gift: /thanked/,
  race: /won the race/,
  rain: /no umbrella/,
  hungry: /\bate the\b/,
  broke: /broke\.$/,
  bus: /was late/,
  pet: /took the/,
  noise: /called/,
};
