import { describe, expect, it } from 'vitest';
import { isLoopbackUrl, modelForSpecialty, parseBaseUrl } from './serverConfig';

describe('isLoopbackUrl', () => {
  it('counts 127.0.0.0/8, ::1 and localhost as this machine', () => {
    for (const url of [
      'http://127.0.0.1:11434/v1',
      'http://127.255.3.4/v1',
      'http://[::1]:8000/v1',
      'http://localhost:1234/v1',
      'http://LOCALHOST/v1',
      'http://api.localhost:8080/v1',
      'http://[::ffff:127.0.0.1]:8000/v1',
    ])
      expect(isLoopbackUrl(url), url).toBe(true);
  });

  it('counts every other host as off this machine, 0.0.0.0 and look-alikes included', () => {
    for (const url of [
      'http://10.255.255.1:8000/v1',
      'http://0.0.0.0:8000/v1',
      'http://128.0.0.1/v1',
      'http://localhost.example.com/v1',
      'http://127.0.0.1.nip.io/v1',
      'http://[::2]/v1',
      'http://[::ffff:10.0.0.1]/v1',
      'https://api.openai.com/v1',
      'http://gpu-box:8000/v1',
    ])
      expect(isLoopbackUrl(url), url).toBe(false);
  });
});

describe('parseBaseUrl', () => {
  it('refuses what is not an http(s) base URL, in one sentence each', () => {
    expect(() => parseBaseUrl('localhost:8000')).toThrow(/must start with http/);
    expect(() => parseBaseUrl('nonsense')).toThrow(
      "'nonsense' is not a URL (e.g. http://127.0.0.1:11434/v1)",
    );
    expect(() => parseBaseUrl('http://user:pw@127.0.0.1/v1')).toThrow(/user name or password/);
    expect(() => parseBaseUrl('http://127.0.0.1/v1?x=1')).toThrow(/query or fragment/);
  });
});

describe('modelForSpecialty', () => {
  it('picks the specialty’s expert and falls back to the default model', () => {
    const config = {
      baseUrl: 'http://127.0.0.1/v1',
      model: 'merged',
      experts: { pediatrics: 'peds' },
    };
    expect(modelForSpecialty(config, 'pediatrics')).toBe('peds');
    expect(modelForSpecialty(config, 'oncology-surgery')).toBe('merged');
    expect(modelForSpecialty(config, undefined)).toBe('merged');
  });
});
