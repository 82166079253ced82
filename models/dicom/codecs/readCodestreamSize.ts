export interface CodestreamSize {
  width: number;
  height: number;
  components: number;
  precision: number;
  /** JPEG family: the frame header's marker (0xC0-0xCF SOFn, 0xF7 JPEG-LS), which names the process. */
  frameMarker?: number;
}

/**
 * Width, height and component count from a JPEG-family frame header (SOFn,
 * ITU T.81 B.2.2; JPEG-LS SOF55, ISO 14495-1) or a JPEG 2000 SIZ marker
 * (ISO 15444-1 A.5.1), read before decoding so that a codestream whose size
 * disagrees with the DICOM header is refused before any codec allocates.
 */
export function readCodestreamSize(bytes: Uint8Array): CodestreamSize | undefined {
  const u16 = (at: number) => (bytes[at]! << 8) | bytes[at + 1]!;
  const u32 = (at: number) =>
    ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
  if (bytes.length < 4 || bytes[0] !== 0xff) return undefined;
  if (bytes[1] === 0x4f) {
    // J2K: SOC then SIZ: Lsiz Rsiz Xsiz Ysiz XOsiz YOsiz XTsiz YTsiz XTOsiz YTOsiz Csiz Ssiz...
    if (bytes.length < 42 || u16(2) !== 0xff51) return undefined;
    return {
      width: u32(8) - u32(16),
      height: u32(12) - u32(20),
      components: u16(40),
      precision: ((bytes[42] ?? 0) & 0x7f) + 1,
    };
  }
  if (bytes[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const isSof =
      (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) ||
      marker === 0xf7;
    if (isSof) {
      if (at + 10 > bytes.length) return undefined;
      return {
        precision: bytes[at + 4]!,
        height: u16(at + 5),
        width: u16(at + 7),
        components: bytes[at + 9]!,
        frameMarker: marker,
      };
    }
    if (marker === 0xd9 || marker === 0xda) return undefined;
    at += 2 + u16(at + 2);
  }
  return undefined;
}
