import { describe, expect, it } from 'vitest';
import { classifyError, explainError } from './errors';

function named(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

describe('classifyError', () => {
  it('maps the trainer errors by name', () => {
    expect(classifyError(named('NonFiniteLossError', 'loss became NaN'))).toBe('nan');
    expect(classifyError(named('CancelledError', 'Training was cancelled'))).toBe('cancelled');
  });
  it('recognises out-of-memory messages from the backends', () => {
    expect(classifyError(new Error('Failed to allocate a buffer of size 123'))).toBe('oom');
    expect(classifyError(new RangeError('Array buffer allocation failed'))).toBe('oom');
    expect(classifyError('GPUOutOfMemoryError: out of memory')).toBe('oom');
  });
  it('recognises a lost device', () => {
    expect(classifyError(new Error('GPU device was lost: unknown'))).toBe('device-lost');
  });
  it('falls back to other', () => {
    expect(classifyError(new Error('something odd'))).toBe('other');
    expect(explainError('oom', 'x')).toMatch(/smaller model/);
  });
});
