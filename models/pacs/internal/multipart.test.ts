import { describe, expect, it } from 'vitest';
import { boundaryOf, buildMultipart, parseMultipart } from './multipart';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('multipart/related', () => {
  it('reads the boundary, quoted or not, from a Content-Type', () => {
    expect(boundaryOf('multipart/related; type="application/dicom"; boundary="a b"')).toBe('a b');
    expect(boundaryOf('multipart/related; boundary=xyz; type=application/dicom')).toBe('xyz');
    expect(boundaryOf('application/dicom')).toBeUndefined();
  });

  it('round-trips binary parts that contain CRLF and dashes', () => {
    const parts = [
      new Uint8Array([0x0d, 0x0a, 0x2d, 0x2d, 0, 255]),
      new Uint8Array(0),
      bytes('DICM\r\n\r\n'),
    ];
    const { body, boundary } = buildMultipart(parts);
    expect(parseMultipart(body, boundary).map((p) => p.body)).toEqual(parts);
    expect(parseMultipart(body, boundary)[0]!.headers['content-type']).toBe('application/dicom');
  });

  it('ignores a preamble and an epilogue (RFC 2046 5.1.1)', () => {
    const body = bytes(
      'preamble\r\n--B\r\nContent-Type: application/dicom\r\n\r\nONE\r\n--B\r\n\r\nTWO\r\n--B--\r\nepilogue',
    );
    expect(parseMultipart(body, 'B').map((p) => new TextDecoder().decode(p.body))).toEqual([
      'ONE',
      'TWO',
    ]);
  });

  it('says what is wrong with a truncated body', () => {
    expect(() => parseMultipart(bytes('--B\r\nContent-Type: x\r\n\r\nhalf'), 'B')).toThrow(
      'the multipart body ends without its closing boundary',
    );
    expect(() => parseMultipart(bytes('no parts'), 'B')).toThrow(
      'the multipart body has no boundary line',
    );
  });
});
