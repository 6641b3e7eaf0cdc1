/**
 * Wording that belongs to instructions only. The pretraining corpus must never contain these
 * (tested), so a model cannot learn to follow instructions from pretraining alone.
 */
export const INSTRUCTION_PHRASES = [
  'options:', 'translate', 'answer the question', 'choose the', 'pick the', 'true or false', 'summarize', 'premise', 'hypothesis',
  'write a sentence', 'write a question', 'write a short', 'read the text', 'based on the', 'can we conclude', 'does it follow', 'fill in the blank', 'sentiment', 'paraphrase',
  'same meaning', 'generate', 'decide if', 'decide which', 'tell me', 'is it true that', 'question:', 'answer:', 'what is the question',
  'how similar', 'the right answer', 'rate the', 'fix the', 'count the', 'work it out', 'which option', 'refer to',
];
