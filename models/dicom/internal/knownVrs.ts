/** The value representations of PS3.5 Table 6.2-1: what may follow a tag in explicit VR encoding. */
export const knownVrs: ReadonlySet<string> = new Set(
  'AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(
    ' ',
  ),
);
