/**
 * A small built-in text for the first training page: enough to watch a loss fall in seconds.
 * (The full pretraining corpus is generated from the world in src/core/tasks.)
 */
export const SAMPLE_TEXT = [
  'Anna Berg lives in Lumo. Lumo is the capital of Tarvia. Anna Berg likes apples and owns a small red fox.',
  'The red fox is small. The bear is big. A bear is bigger than a fox, and a fox is bigger than a mouse.',
  'Tomas Vik lives in Sarn. Sarn is the capital of Olvia. Tomas Vik likes bread and owns a big grey dog.',
  'In Tarvia people say "mira" for water and "solo" for sun. In the language of Tarvia, the sun is solo.',
  'Question: where does Anna Berg live? Answer: in Lumo. Question: what does Tomas Vik own? Answer: a dog.',
  'One, two, three, four, five. Two plus two is four. Three plus one is four. Five minus two is three.',
  'The weather in Lumo is warm and the sea is blue. The weather in Sarn is cold and the hills are green.',
  'Mila Dorn is older than Anna Berg. Anna Berg is older than Tomas Vik. So Mila Dorn is older than Tomas Vik.',
];
