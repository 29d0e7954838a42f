import { describe, expect, it } from 'vitest';
import { acceptRequestId, redactUrl } from './log-redaction.js';

// What reaches the request log: no identity number or phone, however the client spells it.

describe('logged URLs', () => {
  it('masks digit runs that are percent-encoded, wholly or in part, in the path and in kept parameters', () => {
    // 510524196003150011, every digit as %3N
    const encoded = '510524196003150011'
      .split('')
      .map((d) => `%3${d}`)
      .join('');
    expect(redactUrl(`/fhir/R4/Patient/${encoded}`)).toBe('/fhir/R4/Patient/***');
    expect(redactUrl('/x/5105%32%341960031500%31X/y')).toBe('/x/***/y');
    expect(redactUrl('/x/%31%33%38%31%32%33%34%35%36%37%38')).toBe('/x/***');
    expect(redactUrl('/x/%2531%2533%2538123456789')).toBe('/x/***'); // encoded twice
    expect(
      redactUrl(
        '/x/%EF%BC%91%EF%BC%93%EF%BC%98%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96%EF%BC%97%EF%BC%98',
      ),
    ).toBe('/x/***'); // full-width digits
    expect(redactUrl('/x?page=%31%33%38%31%32%33%34%35%36%37%38')).toBe('/x?page=***');
    // Short numbers and ordinary escapes stay readable.
    expect(redactUrl('/api/v1/referrals/%E5%8F%99%E6%B0%B8/2026')).toBe(
      '/api/v1/referrals/%E5%8F%99%E6%B0%B8/2026',
    );
    expect(redactUrl('/x/%33%32')).toBe('/x/%33%32');
  });
});

describe('request ids taken from the client', () => {
  it('accepts a UUID or a short token of letters, digits, - and _ without a run of six digits', () => {
    expect(acceptRequestId('3F2B8C1E-9D4A-4E6B-8F1C-2A7D5E9B0C13')).toBe(true);
    expect(acceptRequestId('lb-req_7Kq2-x9')).toBe(true);
    expect(acceptRequestId('req-12345')).toBe(true);
    expect(acceptRequestId('req-123456')).toBe(false);
    expect(acceptRequestId('req-123-456')).toBe(false); // the run counts across separators
    expect(acceptRequestId('a'.repeat(36))).toBe(true);
    expect(acceptRequestId('a'.repeat(37))).toBe(false);
    expect(acceptRequestId('short')).toBe(false);
    expect(acceptRequestId('bad id\n')).toBe(false);
    expect(acceptRequestId(undefined)).toBe(false);
    expect(acceptRequestId(['3f2b8c1e-9d4a-4e6b-8f1c-2a7d5e9b0c13'])).toBe(false);
  });
});
