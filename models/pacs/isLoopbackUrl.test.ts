import { describe, expect, it } from 'vitest';
import { isLoopbackUrl } from './isLoopbackUrl';

describe('isLoopbackUrl', () => {
  it.each([
    'http://127.0.0.1:8042/dicom-web',
    'http://127.8.9.10/',
    'http://[::1]:80/',
    'http://localhost:8042',
    'https://LOCALHOST/',
  ])('counts %s as this machine', (url) => expect(isLoopbackUrl(new URL(url))).toBe(true));
  it.each([
    'http://10.0.0.5/',
    'http://pacs.hospital.org/',
    'http://127.0.0.1.evil.org/',
    'http://[::2]/',
    'http://0.0.0.0/',
    'http://localhost.example.com/',
  ])('counts %s as another host', (url) => expect(isLoopbackUrl(new URL(url))).toBe(false));
});
