import type { SecretStore } from './secretStore';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../common/appError';
import type {
  PacsServer,
  PacsSeries,
  PacsStudy,
  pacsRetrieveEventSchema,
  pacsRetrieveSchema,
  pacsSearchSchema,
  pacsSeriesRequestSchema,
  pacsStoreSchema,
  savePacsServerSchema,
} from '../common/schemas/pacs';
import { detectFormat } from '../../models/dicom/detectFormat';
import { firstNumber, firstString } from '../../models/pacs/dicomJson';
import { DicomwebClient, type DicomwebAuth } from '../../models/pacs/DicomwebClient';
import { isLoopbackUrl } from '../../models/runtime/openai/serverConfig';
import { PacsError } from '../../models/pacs/PacsError';
import { STUDY_FIELDS, studySummary } from '../../models/pacs/studySummary';
import {
  readPacsSecret,
  readPacsServers,
  writePacsSecret,
  writePacsServers,
  type StoredPacsServer,
} from './pacsServers';

const view = (s: StoredPacsServer, hasSecret: boolean): PacsServer => ({
  id: s.id,
  name: s.name,
  url: s.url,
  auth: s.auth,
  ...(s.username !== undefined ? { username: s.username } : {}),
  hasSecret,
  remote: !isLoopbackUrl(s.url),
});

/** A client error as data for the UI: what failed, and what to try. */
function asAppError(error: unknown, title: string): never {
  if (error instanceof AppError) throw error;
  if (error instanceof PacsError) {
    const suggestion =
      error.status === 401 || error.status === 403
        ? 'Check the user name and password or token in Settings › PACS.'
        : error.status === undefined
          ? 'Check that the server is running and the URL in Settings › PACS.'
          : undefined;
    throw new AppError({
      code: 'pacs',
      title,
      cause: error.message,
      ...(suggestion ? { suggestion } : {}),
    });
  }
  throw error;
}

/**
 * PACS handlers: server entries (secrets kept here, never sent to the UI),
 * QIDO-RS search, WADO-RS retrieve and STOW-RS store. The UI reaches a PACS
 * only through these, so the privacy rule holds in one place: loopback is
 * local; any other host needs the user's explicit consent, given once.
 */
export function createPacsHandlers({ home, secrets }: { home: string; secrets?: SecretStore }) {
  async function list() {
    const servers = await readPacsServers(home);
    const views = await Promise.all(
      servers.map(async (s) => view(s, (await readPacsSecret(home, s.id, secrets)) !== undefined)),
    );
    return { servers: views };
  }

  async function clientFor(serverId: string): Promise<DicomwebClient> {
    const server = (await readPacsServers(home)).find((s) => s.id === serverId);
    if (!server) {
      throw new AppError({
        code: 'pacs-unknown-server',
        title: 'This PACS is no longer in Settings',
      });
    }
    if (!isLoopbackUrl(server.url) && !server.remoteConsentAt) {
      throw new AppError({
        code: 'pacs-remote-consent',
        title: 'This PACS is on another machine and was not approved',
        suggestion: 'Open Settings › PACS and confirm that study data may go to it.',
      });
    }
    const secret = await readPacsSecret(home, server.id, secrets);
    let auth: DicomwebAuth | undefined;
    if (server.auth === 'basic')
      auth = { kind: 'basic', username: server.username ?? '', password: secret ?? '' };
    else if (server.auth === 'bearer') auth = { kind: 'bearer', token: secret ?? '' };
    return new DicomwebClient({ baseUrl: server.url, auth });
  }

  return {
    listPacsServers: list,

    async savePacsServer(request: z.output<typeof savePacsServerSchema>) {
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        throw new AppError({
          code: 'pacs-bad-url',
          title: 'That is not a URL',
          suggestion: 'Give the DICOMweb root, e.g. http://127.0.0.1:8042/dicom-web',
        });
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new AppError({
          code: 'pacs-bad-url',
          title: 'The URL must start with http:// or https://',
        });
      if (url.username || url.password)
        throw new AppError({
          code: 'pacs-bad-url',
          title: 'Put credentials in the fields, not in the URL',
        });
      const servers = await readPacsServers(home);
      const previous = servers.find((s) => s.id === request.id);
      const remote = !isLoopbackUrl(url.href);
      // Consent belongs to an origin: moving the entry to another host asks again.
      const consented =
        previous?.remoteConsentAt && new URL(previous.url).origin === url.origin
          ? previous.remoteConsentAt
          : undefined;
      if (remote && !consented && request.consentRemote !== true) {
        throw new AppError({
          code: 'pacs-remote-consent',
          title: `${url.host} is not this machine`,
          cause: 'Searches, study images and reasoning reports would be sent to it.',
          suggestion: 'Confirm that study data may go to this server.',
        });
      }
      const entry: StoredPacsServer = {
        id: previous?.id ?? randomUUID(),
        name: request.name,
        url: url.href.replace(/\/+$/, ''),
        auth: request.auth,
        ...(request.auth === 'basic' && request.username ? { username: request.username } : {}),
        ...(remote ? { remoteConsentAt: consented ?? new Date().toISOString() } : {}),
      };
      await writePacsServers(home, [...servers.filter((s) => s.id !== entry.id), entry]);
      if (request.auth === 'none') await writePacsSecret(home, entry.id, null, secrets);
      else if (request.secret !== undefined)
        await writePacsSecret(home, entry.id, request.secret, secrets);
      return list();
    },

    async removePacsServer({ id }: { id: string }) {
      await writePacsServers(
        home,
        (await readPacsServers(home)).filter((s) => s.id !== id),
      );
      await writePacsSecret(home, id, null, secrets);
      return list();
    },

    async searchPacs(
      request: z.output<typeof pacsSearchSchema>,
    ): Promise<{ studies: PacsStudy[] }> {
      const client = await clientFor(request.serverId);
      const date =
        request.dateFrom || request.dateTo
          ? `${request.dateFrom ?? ''}-${request.dateTo ?? ''}`
          : undefined;
      try {
        const found = await client.searchStudies({
          PatientID: request.patientId,
          PatientName: request.patientName,
          StudyDate: date,
          ModalitiesInStudy: request.modality,
          AccessionNumber: request.accession,
          StudyDescription: request.description,
          includefield: STUDY_FIELDS,
        });
        return {
          studies: found.map((s) => {
            const summary = studySummary(s, { phi: true });
            return {
              ...summary,
              patientId: summary.patientId ?? '',
              patientName: summary.patientName ?? '',
              accessionNumber: summary.accessionNumber ?? '',
            };
          }),
        };
      } catch (error) {
        return asAppError(error, 'The PACS search failed');
      }
    },

    async listPacsSeries(
      request: z.output<typeof pacsSeriesRequestSchema>,
    ): Promise<{ series: PacsSeries[] }> {
      const client = await clientFor(request.serverId);
      try {
        const found = await client.searchSeries(request.study, {
          includefield: ['0008103E', '00201209', '00200011', '00080060'],
        });
        const series = found.map((s) => ({
          seriesInstanceUID: firstString(s, '0020000E') ?? '',
          modality: firstString(s, '00080060') ?? null,
          description: firstString(s, '0008103E') ?? null,
          number: firstNumber(s, '00200011') ?? null,
          instances: firstNumber(s, '00201209') ?? null,
        }));
        return { series: series.sort((a, b) => (a.number ?? 0) - (b.number ?? 0)) };
      } catch (error) {
        return asAppError(error, 'Could not list the series of this study');
      }
    },

    async retrievePacs(
      request: z.output<typeof pacsRetrieveSchema>,
      emit: (event: z.input<typeof pacsRetrieveEventSchema>) => void,
      signal: AbortSignal,
    ) {
      const client = await clientFor(request.serverId);
      try {
        const seriesUids = request.series
          ? [request.series]
          : (await client.searchSeries(request.study, {}, { signal }))
              .map((s) => firstString(s, '0020000E'))
              .filter((u): u is string => Boolean(u));
        const wanted: { series: string; instance: string }[] = [];
        for (const series of seriesUids) {
          for (const i of await client.searchInstances(request.study, series, {}, { signal })) {
            const instance = firstString(i, '00080018');
            if (instance) wanted.push({ series, instance });
          }
        }
        emit({ type: 'progress', done: 0, total: wanted.length });
        const files: { name: string; dicomBase64: string }[] = [];
        for (const w of wanted) {
          const bytes = await client.retrieveInstance(request.study, w.series, w.instance, {
            signal,
          });
          files.push({
            name: `${w.instance}.dcm`,
            dicomBase64: Buffer.from(bytes).toString('base64'),
          });
          emit({ type: 'progress', done: files.length, total: wanted.length });
        }
        return { files };
      } catch (error) {
        if (signal.aborted) throw error;
        return asAppError(error, 'Could not retrieve the study');
      }
    },

    async storeToPacs(request: z.output<typeof pacsStoreSchema>) {
      const client = await clientFor(request.serverId);
      const bytes = request.bytes;
      if (detectFormat(bytes) !== 'dicom')
        throw new AppError({
          code: 'pacs-not-dicom',
          title: 'Only DICOM files can be sent to a PACS',
        });
      try {
        return await client.store([bytes]);
      } catch (error) {
        return asAppError(error, 'The PACS did not store the report');
      }
    },
  };
}
