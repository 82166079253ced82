/**
 * VRs whose explicit-VR element header has two reserved bytes and a 32-bit
 * length; every other VR has a 16-bit length (PS3.5 7.1.2, Table 7.1-1).
 */
export const longLengthVrs: ReadonlySet<string> = new Set([
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'SQ',
  'UC',
  'UN',
  'UR',
  'UT',
  'SV',
  'UV',
]);
