/**
 * Reference data from the TypeScript lab for scale/test_scale.py (not part of the app build):
 *   node_modules/.bin/tsx scale/ts_cases.ts tokenizer          -> JSON: tokenizer, encode cases, packed batch
 *   node_modules/.bin/tsx scale/ts_cases.ts resave IN OUT      -> loads IN with the TS checkpoint reader, writes OUT
 *   node_modules/.bin/tsx scale/ts_cases.ts forward CK BATCH   -> JSON {logits (flat), loss} from the tfjs GPT (cpu)
 */
import { readFileSync, writeFileSync } from 'node:fs';

async function firstModule(paths: string[]): Promise<any> {
  for (const p of paths) {
    try {
      return await import(p);
    } catch {
      /* try the next location */
    }
  }
  throw new Error(`none of ${paths.join(', ')} could be imported`);
}

const bpe = await firstModule(['../src/core/tokenizer/bpe.ts', '../src/core/tokenizer/index.ts']);
const mode = process.argv[2];

if (mode === 'forward') {
  const tf = await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  const ck = await firstModule(['../src/core/checkpoint/checkpoint.ts', '../src/core/checkpoint/index.ts']);
  const { GPT } = await firstModule(['../src/core/model/gpt.ts', '../src/core/model/index.ts']);
  const loaded = ck.loadCheckpoint(new Uint8Array(readFileSync(process.argv[3])));
  const j = JSON.parse(readFileSync(process.argv[4], 'utf8'));
  const [B, T] = [j.tokens.length, j.tokens[0].length];
  const flat = (k: string, Arr: any) => Arr.from(j[k].flat());
  const batch = { B, T, tokens: flat('tokens', Int32Array), positions: flat('positions', Int32Array),
    segments: flat('segments', Int32Array), targets: flat('targets', Int32Array), weights: flat('weights', Float32Array) };
  const model = new GPT(loaded.config, loaded.weights);
  const { tokens, positions, mask } = GPT.batchTensors(batch);
  const logits = model.forward(tokens, positions, mask);
  const loss = model.loss(batch);
  console.log(JSON.stringify({ logits: Array.from(await logits.data()), loss: (await loss.data())[0] }));
} else if (mode === 'resave') {
  const ck = await firstModule(['../src/core/checkpoint/checkpoint.ts', '../src/core/checkpoint/index.ts']);
  const loaded = ck.loadCheckpoint(new Uint8Array(readFileSync(process.argv[3])));
  writeFileSync(process.argv[4], ck.saveCheckpoint(loaded, 'F32'));
  console.log(JSON.stringify({ step: loaded.step, optimizerStep: loaded.optimizer?.step ?? null, config: loaded.config }));
} else {
  const batches = await firstModule(['../src/core/model/batch.ts', '../src/core/train/batches.ts']);
  const corpus = [
    'Anna Berg lives in Lumo. The capital of Tarvia is Lumo.',
    'The red fox likes apples. Anna Berg owns a small red fox.  Numbers 12345 and 3.14!!',
    'Question types and answers: the fox is small; the bear is big.\n\nOPTIONS:\n- yes\n- no',
    '東京は日本の首都です。北京 서울 e\u0301 café naïve — “quotes” 🦊🦊',
  ];
  const tok = bpe.trainBpe(corpus, 420);
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const alphabet = [' ', '  ', '\t', '\n', '\r\n', 'a', 'Z', 'é', 'e\u0301', '\u0301', '1', '23', '.', '!?', '🦊', '東',
    '\u00a0', '\u3000', '\ufeff', '\u0085', '\u001c', 'x²', '½', 'Ⅻ', "'s", '-', '_', 'fox', ' the', 'Lumo'];
  const texts = [...corpus, '', ' ', '   ', 'a  b   c    ', '  tabs\tand\r\nnewlines   \n\n ', '\u0301abc', ' \u0301x'];
  for (let k = 0; k < 400; k++) {
    let s = '';
    const n = Math.floor(rnd() * 12);
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    texts.push(s);
  }
  const pairs = texts.slice(0, 40).map((t, i) => [t, texts[(i * 7 + 3) % texts.length]]);
  const seqs = pairs.map(([a, b]) => batches.instructionSequence(tok.encode(a), tok.encode(b), 12));
  seqs.push(...batches.documentSequences(tok.encode(corpus[1]), 12));
  const { batch, used } = batches.packBatch(seqs, 6, 16);
  // the pretraining pipeline of src/core/train/pretrain.ts: documents -> pieces -> shuffled cycle -> batches
  const { splitDocuments } = await firstModule(['../src/core/train/text.ts']);
  const { shuffledCycle } = await firstModule(['../src/core/train/pretrain.ts']);
  const corpusText = corpus.join('\r\n \t\n') + '\n\n\u00a0' + texts.slice(20, 60).join(' ');
  const docs: string[] = splitDocuments(corpusText);
  const pieces = docs.flatMap((d: string) => batches.documentSequences(tok.encode(d), 16));
  const next = batches.batchStream(shuffledCycle(pieces, 11), 3, 16);
  const stream = [0, 1, 2, 3].map(() => {
    const b = next();
    return { tokens: [...b.tokens], segments: [...b.segments], targets: [...b.targets], weights: [...b.weights] };
  });
  console.log(JSON.stringify({
    tokenizer: tok.toJSON(),
    cases: texts.map((t) => ({ text: t, ids: tok.encode(t) })),
    pairs,
    corpusText,
    docs,
    stream,
    packed: { used, tokens: [...batch.tokens], positions: [...batch.positions], segments: [...batch.segments],
      targets: [...batch.targets], weights: [...batch.weights] },
  }));
}
