/**
 * Transcendentals for the JS kernels (cpu/wasm). V8's Math.exp / Math.tanh are calls costing
 * ~10-15 ns; these inline to a few multiply-adds and stay far inside float32 precision:
 * - expNeg: e^x for x ≤ 0 (softmax after subtracting the row max), relative error < 1e-8.
 * - tanh: Eigen's float rational approximation, float-exact on [-7.9, 7.9], ±1 beyond.
 */
const POW2 = Float64Array.from({ length: 128 }, (_, k) => 2 ** (k - 127));

/** e^x for x ≤ 0: x = k ln2 + r with |r| ≤ ln2/2, e^r by its degree-7 Taylor polynomial, 2^k from a table. */
export function expNeg(x: number): number {
  if (x < -87) return 0; // below float32's normal range, as the stock ops' results
  const k = Math.floor(x * Math.LOG2E + 0.5);
  const r = x - k * Math.LN2;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720 + r / 5040))))));
  return p * POW2[k + 127];
}

export function tanh(u: number): number {
  const x = u > 7.90531110763549805 ? 7.90531110763549805 : u < -7.90531110763549805 ? -7.90531110763549805 : u;
  const x2 = x * x;
  let p = x2 * -2.76076847742355e-16 + 2.00018790482477e-13;
  p = x2 * p + -8.60467152213735e-11;
  p = x2 * p + 5.12229709037114e-8;
  p = x2 * p + 1.48572235717979e-5;
  p = x2 * p + 6.37261928875436e-4;
  p = x2 * p + 4.89352455891786e-3;
  let q = x2 * 1.19825839466702e-6 + 1.18534705686654e-4;
  q = x2 * q + 2.268434632439e-3;
  q = x2 * q + 4.89352518554385e-3;
  return (x * p) / q;
}
