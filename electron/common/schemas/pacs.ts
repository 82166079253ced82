import { z } from 'zod';

const uid = z
  .string()
  .trim()
  .regex(/^[0-9.]{1,64}$/, 'a DICOM UID is digits and dots, at most 64 characters');
const serverId = z.string().min(1).max(100);

/** A PACS server as the UI sees it: never its password or token, only whether one is stored. */
export const pacsServerSchema = z.object({
  id: serverId,
  name: z.string(),
  /** The DICOMweb root, e.g. http://127.0.0.1:8042/dicom-web */
  url: z.string(),
  auth: z.enum(['none', 'basic', 'bearer']),
  username: z.string().optional(),
  hasSecret: z.boolean(),
  /** Not on this machine (loopback is 127.0.0.0/8, ::1, localhost): the status bar says so. */
  remote: z.boolean(),
});
export type PacsServer = z.infer<typeof pacsServerSchema>;
export const pacsServerListSchema = z.object({ servers: z.array(pacsServerSchema) });

export const savePacsServerSchema = z
  .object({
    id: serverId.optional(),
    name: z.string().trim().min(1).max(200),
    url: z.string().trim().min(1).max(2000),
    auth: z.enum(['none', 'basic', 'bearer']).default('none'),
    username: z.string().max(200).optional(),
    /** Password or token; omitted keeps the stored one. Kept by the back end, never sent back. */
    secret: z.string().max(8192).optional(),
    /** The user's explicit, once-only consent that study data goes to a host that is not this machine. */
    consentRemote: z.boolean().optional(),
  })
  .strict();

export const pacsSearchSchema = z
  .object({
    serverId,
    patientId: z.string().max(64).optional(),
    patientName: z.string().max(200).optional(),
    /** YYYYMMDD, either end optional. */
    dateFrom: z
      .string()
      .regex(/^\d{8}$/)
      .optional(),
    dateTo: z
      .string()
      .regex(/^\d{8}$/)
      .optional(),
    modality: z.string().max(16).optional(),
    accession: z.string().max(64).optional(),
    description: z.string().max(200).optional(),
  })
  .strict();

/** A study found on a PACS; the renderer hides the patient fields unless PHI is revealed. */
export const pacsStudySchema = z.object({
  studyInstanceUID: z.string(),
  patientId: z.string(),
  patientName: z.string(),
  accessionNumber: z.string(),
  studyDate: z.string().nullable(),
  modalities: z.array(z.string()),
  description: z.string().nullable(),
  series: z.number().nullable(),
  instances: z.number().nullable(),
});
export type PacsStudy = z.infer<typeof pacsStudySchema>;

export const pacsSeriesSchema = z.object({
  seriesInstanceUID: z.string(),
  modality: z.string().nullable(),
  description: z.string().nullable(),
  number: z.number().nullable(),
  instances: z.number().nullable(),
});
export type PacsSeries = z.infer<typeof pacsSeriesSchema>;

export const pacsSeriesRequestSchema = z.object({ serverId, study: uid }).strict();

/** Retrieve a whole study, or one series of it. */
export const pacsRetrieveSchema = z
  .object({ serverId, study: uid, series: uid.optional() })
  .strict();
export const pacsRetrieveEventSchema = z.object({
  type: z.literal('progress'),
  done: z.number(),
  total: z.number(),
});
export const pacsRetrieveResultSchema = z.object({
  /** Part 10 files, base64 (web mode carries JSON); the name is the SOP Instance UID. */
  files: z.array(z.object({ name: z.string(), dicomBase64: z.string() })),
});

export const pacsStoreSchema = z
  .object({
    serverId,
    /** The Part 10 file: bytes over IPC; web mode's JSON carries them as base64 (jsonBytes.ts). */
    bytes: z.instanceof(Uint8Array).refine((b) => b.length > 0 && b.length <= 32 * 1024 * 1024, {
      message: 'A DICOM file to store is 1 byte to 32 MiB.',
    }),
  })
  .strict();
