import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { publicUrl } from './public-url.js';

describe('YILIAN_PUBLIC_URL', () => {
  it('defaults to localhost on the configured port, and builds links on it', () => {
    expect(loadConfig({}).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PORT: '3000' }).publicUrl).toBe('http://localhost:3000');
    const config = loadConfig({ YILIAN_PUBLIC_URL: 'https://yilian.example.org/' });
    expect(config.publicUrl).toBe('https://yilian.example.org');
    expect(publicUrl(config, '/fhir/R4/Patient/1')).toBe('https://yilian.example.org/fhir/R4/Patient/1');
    expect(publicUrl(config, 'auth/token')).toBe('https://yilian.example.org/auth/token');
    expect(publicUrl(config)).toBe('https://yilian.example.org');
    expect(loadConfig({ YILIAN_PUBLIC_URL: 'https://h.example/yilian//' }).publicUrl).toBe(
      'https://h.example/yilian',
    );
  });

  it('refuses what is not a plain http(s) base, naming the variable', () => {
    for (const bad of [
      'yilian.example.org',
      'ftp://h.example',
      'https://u:p@h.example',
      'https://h/?a=1',
      'https://h/#x',
    ])
      expect(() => loadConfig({ YILIAN_PUBLIC_URL: bad }), bad).toThrow(/YILIAN_PUBLIC_URL/);
  });
});
