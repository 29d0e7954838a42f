import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { errorsByCode } from './entry-errors';

const problem = (errors: { field: string; message: string }[]) =>
  new ApiError({ type: 'about:blank', title: 'Bad Request', status: 400, code: 'validation_failed', errors });

describe('report form errors, placed on their inputs', () => {
  const sent = ['NCC01', 'NCC07', 'NCC08'];

  it('puts an entry error on the input of the indicator that was sent at that index', () => {
    const e = problem([
      { field: 'values.1.numerator', message: 'must not exceed the denominator' },
      { field: '/values/2/note', message: 'explain in a note' },
      { field: 'body.values.0.denominator', message: 'must be greater than 0' },
    ]);
    expect(errorsByCode(e, sent)).toEqual({
      'NCC07.numerator': 'must not exceed the denominator',
      'NCC08.note': 'explain in a note',
      'NCC01.denominator': 'must be greater than 0',
    });
  });

  it('puts an empty indicator at submit on its numerator, and an unknown code on its row', () => {
    const e = problem([
      { field: 'values.NCC05', message: 'fill in a value or a note' },
      { field: 'values.2.code', message: 'is not an indicator of this form' },
    ]);
    expect(errorsByCode(e, sent)).toEqual({
      'NCC05.numerator': 'fill in a value or a note',
      'NCC08.row': 'is not an indicator of this form',
    });
  });

  it('keeps the first message of a field, and ignores other fields and other errors', () => {
    const e = problem([
      { field: 'values.1.numerator', message: 'first' },
      { field: 'values.1.numerator', message: 'second' },
      { field: 'state', message: 'is approved' },
      { field: 'values.9.numerator', message: 'no such index' },
    ]);
    expect(errorsByCode(e, sent)).toEqual({ 'NCC07.numerator': 'first' });
    expect(errorsByCode(new Error('network'), sent)).toEqual({});
  });
});
