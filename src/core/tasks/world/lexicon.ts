/**
 * The fixed word lists the world is drawn from. Small on purpose: tiny models must be able to learn
 * every word, and the same words recur across the corpus and every task cluster (shared vocabulary).
 */

/** New names must not look like Lumi words (consonant-vowel patterns from bdfgklmnprstvz/aeiou). */
export const FEMALE_NAMES = [
  'Anna',
  'Maria',
  'Lena',
  'Sara',
  'Nora',
  'Emma',
  'Lucy',
  'Mia',
  'Rosa',
  'Ella',
  'Alice',
  'Julia',
  'Clara',
  'Eva',
  'Ida',
  'Vera',
  'Hanna',
  'Olga',
  'Greta',
  'Hilda',
  'Agnes',
  'Edith',
  'Zoe',
  'Amy',
  'Judy',
  'Jane',
  'Ruth',
  'Iris',
  'Stella',
  'Paula',
  'Linda',
  'Helen',
  'Heidi',
  'Wendy',
  'Elsa',
  'Lily',
];
export const MALE_NAMES = [
  'Tom',
  'Ben',
  'Leo',
  'Max',
  'Sam',
  'Paul',
  'Jack',
  'Hugo',
  'Oscar',
  'Felix',
  'Noah',
  'Adam',
  'Omar',
  'Ivan',
  'Luca',
  'Theo',
  'Carl',
  'Eric',
  'Hans',
  'Karl',
  'Marco',
  'Nick',
  'Otto',
  'Peter',
  'Rick',
  'Simon',
  'Jim',
  'Victor',
  'Walter',
  'Alan',
  'Jon',
  'Emil',
  'Fred',
  'Greg',
  'Henry',
  'Ian',
];
export const FAMILY_NAMES = [
  'Berg',
  'Cole',
  'Stone',
  'Reed',
  'Hart',
  'Lund',
  'Fox',
  'Gray',
  'Wood',
  'Hill',
  'Moss',
  'Kent',
  'Shaw',
  'Lane',
  'Frost',
  'Bell',
  'Dale',
  'Ford',
  'Nash',
  'Pike',
  'Marsh',
  'Brook',
  'Drake',
  'Grant',
  'Holt',
  'Knox',
  'Lowe',
  'Mills',
  'Nolan',
  'Quinn',
  'Wolfe',
  'Yates',
];

/** [country, capital] pairs; a world uses a seeded subset. */
export const COUNTRIES: ReadonlyArray<readonly [string, string]> = [
  ['France', 'Paris'],
  ['Spain', 'Madrid'],
  ['Italy', 'Rome'],
  ['Egypt', 'Cairo'],
  ['Japan', 'Tokyo'],
  ['Peru', 'Lima'],
  ['Kenya', 'Nairobi'],
  ['Norway', 'Oslo'],
  ['Chile', 'Santiago'],
  ['Greece', 'Athens'],
  ['Cuba', 'Havana'],
  ['Poland', 'Warsaw'],
  ['Ireland', 'Dublin'],
  ['Canada', 'Ottawa'],
  ['Germany', 'Berlin'],
  ['Sweden', 'Stockholm'],
  ['Austria', 'Vienna'],
  ['Portugal', 'Lisbon'],
  ['China', 'Beijing'],
  ['India', 'Delhi'],
];

export type AnimalClass = 'mammal' | 'bird' | 'fish' | 'insect';
export interface AnimalKind {
  name: string;
  cls: AnimalClass;
  size: 'big' | 'small';
  home: string;
  eats: string;
  pet: boolean;
}
export const ANIMALS: readonly AnimalKind[] = [
  { name: 'dog', cls: 'mammal', size: 'small', home: 'house', eats: 'meat', pet: true },
  { name: 'cat', cls: 'mammal', size: 'small', home: 'house', eats: 'fish', pet: true },
  { name: 'rabbit', cls: 'mammal', size: 'small', home: 'garden', eats: 'carrots', pet: true },
  { name: 'mouse', cls: 'mammal', size: 'small', home: 'field', eats: 'seeds', pet: true },
  { name: 'horse', cls: 'mammal', size: 'big', home: 'farm', eats: 'grass', pet: true },
  { name: 'cow', cls: 'mammal', size: 'big', home: 'farm', eats: 'grass', pet: false },
  { name: 'elephant', cls: 'mammal', size: 'big', home: 'jungle', eats: 'leaves', pet: false },
  { name: 'lion', cls: 'mammal', size: 'big', home: 'jungle', eats: 'meat', pet: false },
  { name: 'bear', cls: 'mammal', size: 'big', home: 'forest', eats: 'honey', pet: false },
  { name: 'whale', cls: 'mammal', size: 'big', home: 'sea', eats: 'fish', pet: false },
  { name: 'parrot', cls: 'bird', size: 'small', home: 'jungle', eats: 'seeds', pet: true },
  { name: 'duck', cls: 'bird', size: 'small', home: 'river', eats: 'bread', pet: true },
  { name: 'owl', cls: 'bird', size: 'small', home: 'forest', eats: 'mice', pet: false },
  { name: 'eagle', cls: 'bird', size: 'big', home: 'mountain', eats: 'fish', pet: false },
  { name: 'shark', cls: 'fish', size: 'big', home: 'sea', eats: 'fish', pet: false },
  { name: 'goldfish', cls: 'fish', size: 'small', home: 'house', eats: 'seeds', pet: true },
  { name: 'salmon', cls: 'fish', size: 'small', home: 'river', eats: 'insects', pet: false },
  { name: 'bee', cls: 'insect', size: 'small', home: 'garden', eats: 'flowers', pet: false },
  { name: 'ant', cls: 'insect', size: 'small', home: 'field', eats: 'seeds', pet: false },
];

export type FoodClass = 'fruit' | 'vegetable' | 'drink' | 'sweet';
export const FOODS: ReadonlyArray<{ name: string; cls: FoodClass }> = [
  { name: 'apples', cls: 'fruit' },
  { name: 'bananas', cls: 'fruit' },
  { name: 'pears', cls: 'fruit' },
  { name: 'grapes', cls: 'fruit' },
  { name: 'carrots', cls: 'vegetable' },
  { name: 'potatoes', cls: 'vegetable' },
  { name: 'onions', cls: 'vegetable' },
  { name: 'beans', cls: 'vegetable' },
  { name: 'tea', cls: 'drink' },
  { name: 'milk', cls: 'drink' },
  { name: 'coffee', cls: 'drink' },
  { name: 'juice', cls: 'drink' },
  { name: 'cake', cls: 'sweet' },
  { name: 'honey', cls: 'sweet' },
  { name: 'cookies', cls: 'sweet' },
  { name: 'chocolate', cls: 'sweet' },
];

/** Objects with the one thing each is for (commonsense and PIQA-like tasks rely on it). */
export const OBJECTS: ReadonlyArray<{ name: string; use: string; size: 'big' | 'small' }> = [
  { name: 'knife', use: 'cut bread', size: 'small' },
  { name: 'spoon', use: 'eat soup', size: 'small' },
  { name: 'cup', use: 'drink tea', size: 'small' },
  { name: 'pen', use: 'write a letter', size: 'small' },
  { name: 'key', use: 'open a door', size: 'small' },
  { name: 'umbrella', use: 'stay dry in the rain', size: 'small' },
  { name: 'broom', use: 'sweep the floor', size: 'small' },
  { name: 'ladder', use: 'reach a high shelf', size: 'big' },
  { name: 'hammer', use: 'hit a nail', size: 'small' },
  { name: 'bike', use: 'ride to school', size: 'big' },
  { name: 'car', use: 'drive to the city', size: 'big' },
  { name: 'lamp', use: 'light a dark room', size: 'small' },
  { name: 'clock', use: 'tell the time', size: 'small' },
  { name: 'book', use: 'read a story', size: 'small' },
  { name: 'bag', use: 'carry things', size: 'small' },
  { name: 'boat', use: 'cross a river', size: 'big' },
  { name: 'piano', use: 'play music', size: 'big' },
  { name: 'towel', use: 'dry your hands', size: 'small' },
];

export const COLOURS = ['red', 'blue', 'green', 'yellow', 'black', 'white', 'brown', 'pink', 'grey', 'purple'];
export const JOBS = ['teacher', 'doctor', 'farmer', 'baker', 'pilot', 'painter', 'singer', 'driver', 'cook', 'nurse'];
export const PLACES = ['park', 'library', 'school', 'market', 'beach', 'museum', 'garden', 'station', 'kitchen', 'cafe'];
export const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export const NUMBER_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
];

/** Adjective pairs with opposite meaning. */
export const OPPOSITES: ReadonlyArray<readonly [string, string]> = [
  ['big', 'small'],
  ['hot', 'cold'],
  ['happy', 'sad'],
  ['fast', 'slow'],
  ['old', 'young'],
  ['tall', 'short'],
  ['good', 'bad'],
  ['light', 'dark'],
  ['open', 'closed'],
  ['early', 'late'],
  ['full', 'empty'],
  ['loud', 'quiet'],
  ['rich', 'poor'],
  ['strong', 'weak'],
  ['clean', 'dirty'],
  ['wet', 'dry'],
  ['easy', 'hard'],
  ['high', 'low'],
];

/** Word pairs with the same meaning (used by paraphrase tasks and definitions). */
export const SYNONYMS: ReadonlyArray<readonly [string, string]> = [
  ['big', 'large'],
  ['small', 'little'],
  ['happy', 'glad'],
  ['fast', 'quick'],
  ['sad', 'unhappy'],
  ['begin', 'start'],
  ['end', 'finish'],
  ['talk', 'speak'],
  ['smart', 'clever'],
  ['angry', 'mad'],
  ['quiet', 'silent'],
  ['buy', 'purchase'],
  ['house', 'home'],
  ['child', 'kid'],
  ['shout', 'yell'],
  ['gift', 'present'],
  ['hard', 'difficult'],
  ['look', 'watch'],
];

/** Opinion words for sentiment tasks. */
export const POSITIVE_WORDS = ['great', 'wonderful', 'lovely', 'excellent', 'nice', 'amazing', 'fun', 'perfect'];
export const NEGATIVE_WORDS = ['awful', 'terrible', 'boring', 'bad', 'horrible', 'dull', 'poor', 'nasty'];

/** Name of the toy second language used by the translation cluster. */
export const TOY_LANGUAGE = 'Lumi';
