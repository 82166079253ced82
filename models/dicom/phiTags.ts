/**
 * Attributes that identify a patient or the people and places around them:
 * the ones PS3.15 Annex E (Table E.1-1, Basic Application Level
 * Confidentiality Profile) removes or replaces that carry names, IDs, dates
 * of birth, addresses, phone numbers, free text, and the dates and UIDs that
 * link a study to a person. Private tags (odd groups) count as PHI too: the
 * basic profile removes them (E.3.10).
 */
const phiTagList = [
  '00020003', // Media Storage SOP Instance UID
  '00080014', // Instance Creator UID
  '00080018', // SOP Instance UID
  '00080020', // Study Date
  '00080021', // Series Date
  '00080022', // Acquisition Date
  '00080023', // Content Date
  '0008002A', // Acquisition DateTime
  '00080030', // Study Time
  '00080031', // Series Time
  '00080032', // Acquisition Time
  '00080033', // Content Time
  '00080050', // Accession Number
  '00080080', // Institution Name
  '00080081', // Institution Address
  '00080090', // Referring Physician's Name
  '00080092', // Referring Physician's Address
  '00080094', // Referring Physician's Telephone Numbers
  '00081010', // Station Name
  '00081040', // Institutional Department Name
  '00081048', // Physician(s) of Record
  '00081050', // Performing Physician's Name
  '00081060', // Name of Physician(s) Reading Study
  '00081070', // Operators' Name
  '00081155', // Referenced SOP Instance UID
  '00082111', // Derivation Description
  '00100010', // Patient's Name
  '00100020', // Patient ID
  '00100021', // Issuer of Patient ID
  '00100030', // Patient's Birth Date
  '00100032', // Patient's Birth Time
  '00100050', // Patient's Insurance Plan Code Sequence
  '00101000', // Other Patient IDs
  '00101001', // Other Patient Names
  '00101002', // Other Patient IDs Sequence
  '00101005', // Patient's Birth Name
  '00101010', // Patient's Age
  '00101020', // Patient's Size
  '00101030', // Patient's Weight
  '00101040', // Patient's Address
  '00101060', // Patient's Mother's Birth Name
  '00101080', // Military Rank
  '00101090', // Medical Record Locator
  '00102150', // Country of Residence
  '00102152', // Region of Residence
  '00102154', // Patient's Telephone Numbers
  '00102160', // Ethnic Group
  '00102180', // Occupation
  '001021B0', // Additional Patient History
  '00104000', // Patient Comments
  '00181000', // Device Serial Number
  '00181030', // Protocol Name
  '0020000D', // Study Instance UID
  '0020000E', // Series Instance UID
  '00200010', // Study ID
  '00200052', // Frame of Reference UID
  '00204000', // Image Comments
  '00321032', // Requesting Physician
  '00400244', // Performed Procedure Step Start Date
  '00400253', // Performed Procedure Step ID
  '0040A730', // Content Sequence (SR text may name the patient)
  'FFFAFFFA', // Digital Signatures Sequence
];

export const phiTags: ReadonlySet<string> = new Set(phiTagList);

/** Whether a tag (8 hex digits, any case, with or without the leading 'x') may identify a patient. */
export function isPhiTag(tag: string): boolean {
  const hex = tag.replace(/^x/i, '').toUpperCase();
  const group = parseInt(hex.slice(0, 4), 16);
  if (group % 2 === 1) return true;
  // Curve and overlay comment groups (50xx, 60xx) are removed by the profile too.
  if ((group & 0xff00) === 0x5000) return true;
  return phiTags.has(hex);
}
