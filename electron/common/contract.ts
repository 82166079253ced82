import { z } from 'zod';
import type { ApiOf, ContractSpec, RawApiOf } from './rpc';
import { askEventSchema, askRequestSchema, askResultSchema } from './schemas/ask';
import {
  packSummarySchema,
  passageRefSchema,
  passageViewSchema,
  searchHitSchema,
} from './schemas/guidelines';
import {
  folderListingSchema,
  folderPathSchema,
  modelListSchema,
  verifyReportSchema,
} from './schemas/models';
import {
  caseBundleDataSchema,
  caseDocumentSchema,
  caseIdRequestSchema,
  caseListFilterSchema,
  caseSummarySchema,
  caseViewSchema,
} from './schemas/cases';
import { catalogListSchema, catalogVariantRefSchema, downloadEventSchema } from './schemas/catalog';
import {
  backendStateSchema,
  consentRequestSchema,
  setBackendRequestSchema,
} from './schemas/modelServer';
import {
  pacsRetrieveEventSchema,
  pacsRetrieveResultSchema,
  pacsRetrieveSchema,
  pacsSearchSchema,
  pacsSeriesRequestSchema,
  pacsSeriesSchema,
  pacsServerListSchema,
  pacsStoreSchema,
  pacsStudySchema,
  savePacsServerSchema,
} from './schemas/pacs';

/**
 * The one contract for everything that crosses the process boundary between
 * the UI and the back end. Electron IPC and web mode both carry exactly this;
 * types are inferred from the schemas, never repeated.
 */

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** 'electron' inside the desktop app, 'web' when served to a browser. */
  mode: z.enum(['electron', 'web']),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/** A file the user opened, as bytes (never a path the UI could widen). */
export const openedFileSchema = z.object({
  name: z.string().min(1).max(1024),
  bytes: z.instanceof(Uint8Array),
});
export type OpenedFile = z.infer<typeof openedFileSchema>;

export const menuCommandSchema = z.enum([
  'open-files',
  'toggle-theme',
  'show-shortcuts',
  'focus-studies',
  'focus-viewer',
  'focus-reasoning',
  'show-cases',
  'export-case',
  'open-pacs',
  'save-reasoning-sr',
]);
export type MenuCommand = z.infer<typeof menuCommandSchema>;

const empty = z.object({}).strict();
const modelId = z.string().min(1).max(200);

export const contract = {
  calls: {
    getAppInfo: { request: empty, response: appInfoSchema },
    /** Installed models, the active one and this machine's memory. */
    listModels: { request: empty, response: modelListSchema },
    setActiveModel: { request: z.object({ id: modelId }).strict(), response: modelListSchema },
    /** First run: installs the scripted demo model (labelled as a demo) and selects it. */
    ensureDemoModel: { request: empty, response: modelListSchema },
    verifyModelFolder: {
      request: z.object({ path: folderPathSchema }).strict(),
      response: verifyReportSchema,
    },
    importModel: {
      request: z
        .object({ path: folderPathSchema, name: z.string().trim().min(1).max(200).optional() })
        .strict(),
      response: modelListSchema,
    },
    removeModel: { request: z.object({ id: modelId }).strict(), response: modelListSchema },
    /** Sub-folders of a folder inside the user's home folder (the home folder itself by default), to pick a model folder. */
    listFolders: {
      request: z.object({ path: folderPathSchema.optional() }).strict(),
      response: folderListingSchema,
    },
    /** Where the model runs: the local runtime or an OpenAI-compatible server. */
    getBackend: { request: empty, response: backendStateSchema },
    setBackend: { request: setBackendRequestSchema, response: backendStateSchema },
    /** The user agreed that images and questions are sent to this (non-loopback) server. */
    consentToServer: { request: consentRequestSchema, response: backendStateSchema },
    /** Known ONNX exports that can be downloaded, with RAM fit and what is installed or paused. */
    listCatalog: { request: empty, response: catalogListSchema },
    /** Deletes a paused download's partial files. */
    discardDownload: { request: catalogVariantRefSchema, response: catalogListSchema },
    listGuidelines: { request: empty, response: z.object({ packs: z.array(packSummarySchema) }) },
    getPassage: { request: passageRefSchema, response: passageViewSchema },
    searchGuidelines: {
      request: z
        .object({
          query: z.string().trim().min(1).max(500),
          specialty: z.string().max(64).optional(),
        })
        .strict(),
      response: z.object({ hits: z.array(searchHitSchema) }),
    },
    /** The case store: newest change first, full-text search, filters. */
    listCases: {
      request: caseListFilterSchema,
      response: z.object({ cases: z.array(caseSummarySchema) }),
    },
    getCase: { request: caseIdRequestSchema, response: caseViewSchema },
    renameCase: {
      request: caseIdRequestSchema.extend({ title: z.string().trim().min(1).max(300) }).strict(),
      response: caseDocumentSchema,
    },
    setCaseNotes: {
      request: caseIdRequestSchema.extend({ notes: z.string().max(100_000) }).strict(),
      response: caseDocumentSchema,
    },
    /** Hides the case; restoreCase undoes it. */
    deleteCase: { request: caseIdRequestSchema, response: z.object({ id: z.string() }) },
    restoreCase: { request: caseIdRequestSchema, response: caseDocumentSchema },
    /** The case as a `.mmxcase` bundle (originals only de-identified). */
    exportCase: {
      request: caseIdRequestSchema.extend({ withOriginals: z.boolean().default(false) }).strict(),
      response: caseBundleDataSchema,
    },
    importCase: {
      request: z.object({ bundleBase64: caseBundleDataSchema.shape.bundleBase64 }).strict(),
      response: caseDocumentSchema,
    },
    /** PACS entries (DICOMweb); passwords and tokens stay in the back end. */
    listPacsServers: { request: empty, response: pacsServerListSchema },
    /** Adds or updates an entry; a host that is not this machine needs consentRemote once. */
    savePacsServer: { request: savePacsServerSchema, response: pacsServerListSchema },
    removePacsServer: {
      request: z.object({ id: z.string().min(1).max(100) }).strict(),
      response: pacsServerListSchema,
    },
    /** QIDO-RS study search. */
    searchPacs: {
      request: pacsSearchSchema,
      response: z.object({ studies: z.array(pacsStudySchema) }),
    },
    /** QIDO-RS series of one study, with instance counts. */
    listPacsSeries: {
      request: pacsSeriesRequestSchema,
      response: z.object({ series: z.array(pacsSeriesSchema) }),
    },
    /** STOW-RS: sends one DICOM file (the reasoning SR) to the server. */
    storeToPacs: { request: pacsStoreSchema, response: z.object({ stored: z.number() }) },
  },
  streams: {
    /** Runs the active model on the question and images; streams steps with citations. */
    ask: { request: askRequestSchema, event: askEventSchema, result: askResultSchema },
    /** Downloads a catalog variant (checksums checked, installed at once); cancel pauses, a new call resumes. */
    downloadModel: {
      request: catalogVariantRefSchema,
      event: downloadEventSchema,
      result: modelListSchema,
    },
    /** WADO-RS: a study or series as Part 10 files, with progress; cancel with the signal. */
    retrievePacs: {
      request: pacsRetrieveSchema,
      event: pacsRetrieveEventSchema,
      result: pacsRetrieveResultSchema,
    },
  },
  events: {
    /** Files chosen in the native File › Open dialog or dropped on the window. */
    onDidOpenFiles: z.array(openedFileSchema),
    /** A native menu item that the UI carries out (theme, focus, help). */
    onDidRunMenuCommand: menuCommandSchema,
  },
} satisfies ContractSpec;

export type Contract = typeof contract;
export type Api = ApiOf<Contract>;
export type RawApi = RawApiOf<Contract>;
export type CallName = keyof Contract['calls'];
export type StreamName = keyof Contract['streams'];
export type EventName = keyof Contract['events'];
