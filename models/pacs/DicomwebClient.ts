import { dicomJsonListSchema, type DicomJson } from './dicomJson';
import { boundaryOf, buildMultipart, parseMultipart } from './internal/multipart';
import { PacsError } from './PacsError';

export type DicomwebAuth =
  { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };

export interface DicomwebClientOptions {
  /** The DICOMweb root, e.g. http://127.0.0.1:8042/dicom-web */
  baseUrl: string;
  auth?: DicomwebAuth;
  /** For tests and the renderer; default: the global fetch. */
  fetch?: typeof fetch;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

/** Query keys of QIDO-RS (PS3.18 8.3.4, 10.6.1.2): attribute keywords or tags, plus includefield, limit, offset. */
export type QidoQuery = Record<string, string | readonly string[] | undefined>;

const DICOM_JSON = 'application/dicom+json';

function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

/** What a failed fetch() means, in one sentence (Node's undici puts the reason in `cause`). */
function networkReason(error: unknown): string {
  const cause =
    error instanceof Error
      ? (error.cause as { code?: string; message?: string } | undefined)
      : undefined;
  const code = cause?.code ?? '';
  if (code === 'ECONNREFUSED')
    return 'the connection was refused (is the server running on that port?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (code === 'ECONNRESET') return 'the server closed the connection';
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'the connection timed out';
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}

const STATUS_REASONS: Record<number, string> = {
  400: 'the server rejected the request as malformed (HTTP 400)',
  401: 'the server needs credentials, or refused the ones given (HTTP 401)',
  403: 'the server refused access with these credentials (HTTP 403)',
  404: 'not found on the server (HTTP 404); check the URL and the UID',
  406: 'the server cannot answer in the requested format (HTTP 406)',
  409: 'the server refused to store the instances (HTTP 409)',
  415: 'the server does not accept this media type (HTTP 415)',
};

/**
 * A small DICOMweb client on fetch (runs in Node 20 and in browsers): QIDO-RS
 * search (PS3.18 10.6), WADO-RS retrieve of instances and metadata (PS3.18
 * 10.4) and STOW-RS store (PS3.18 10.5). The npm `dicomweb-client` is built on
 * XMLHttpRequest, which Node does not have; this one is fetch only.
 */
export class DicomwebClient {
  private readonly baseUrl: string;
  private readonly doFetch: typeof fetch;
  private readonly authorization?: string;

  constructor(options: DicomwebClientOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new PacsError(
        `'${options.baseUrl}' is not a URL (expected e.g. http://127.0.0.1:8042/dicom-web)`,
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new PacsError(`'${options.baseUrl}' is not an http or https URL`);
    this.baseUrl = url.href.replace(/\/+$/, '');
    this.doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    const auth = options.auth;
    if (auth?.kind === 'basic')
      this.authorization = `Basic ${base64(`${auth.username}:${auth.password}`)}`;
    else if (auth?.kind === 'bearer') this.authorization = `Bearer ${auth.token}`;
  }

  /** The server's address for messages (no credentials, no query). */
  get origin(): string {
    return new URL(this.baseUrl).origin;
  }

  private async request(
    path: string,
    init: RequestInit & { accept: string },
    options: RequestOptions = {},
  ): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('accept', init.accept);
    if (this.authorization) headers.set('authorization', this.authorization);
    let response: Response;
    try {
      response = await this.doFetch(`${this.baseUrl}${path}`, {
        ...init,
        headers,
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw new PacsError(
        `cannot reach the PACS at ${this.origin}: ${networkReason(error)}`,
        undefined,
        { cause: error },
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      const reason =
        STATUS_REASONS[response.status] ??
        `the server answered HTTP ${response.status} ${response.statusText}`.trim();
      throw new PacsError(`PACS at ${this.origin}: ${reason}`, response.status);
    }
    return response;
  }

  private async json(path: string, options?: RequestOptions): Promise<DicomJson[]> {
    const response = await this.request(path, { method: 'GET', accept: DICOM_JSON }, options);
    // 204 No Content: a search with no matches (PS3.18 10.6.3).
    if (response.status === 204) return [];
    const text = await response.text();
    if (text.trim() === '') return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new PacsError(
        `PACS at ${this.origin}: the answer is not JSON (is the URL the DICOMweb root?)`,
      );
    }
    const result = dicomJsonListSchema.safeParse(parsed);
    if (!result.success)
      throw new PacsError(
        `PACS at ${this.origin}: the answer is JSON but not DICOM JSON (PS3.18 F.2)`,
      );
    return result.data;
  }

  private static query(query: QidoQuery = {}): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === '') continue;
      for (const v of typeof value === 'string' ? [value] : value) params.append(key, v);
    }
    const text = params.toString();
    return text ? `?${text}` : '';
  }

  /** QIDO-RS Search for Studies (PS3.18 10.6.1, resource /studies). */
  searchStudies(query?: QidoQuery, options?: RequestOptions): Promise<DicomJson[]> {
    return this.json(`/studies${DicomwebClient.query(query)}`, options);
  }

  /** QIDO-RS Search for Series of one study (/studies/{study}/series). */
  searchSeries(study: string, query?: QidoQuery, options?: RequestOptions): Promise<DicomJson[]> {
    return this.json(
      `/studies/${encodeURIComponent(study)}/series${DicomwebClient.query(query)}`,
      options,
    );
  }

  /** QIDO-RS Search for Instances of one series (/studies/{study}/series/{series}/instances). */
  searchInstances(
    study: string,
    series: string,
    query?: QidoQuery,
    options?: RequestOptions,
  ): Promise<DicomJson[]> {
    return this.json(
      `/studies/${encodeURIComponent(study)}/series/${encodeURIComponent(series)}/instances${DicomwebClient.query(query)}`,
      options,
    );
  }

  /** WADO-RS Retrieve Metadata of a series (PS3.18 10.4.1.1.2, .../metadata). */
  retrieveSeriesMetadata(
    study: string,
    series: string,
    options?: RequestOptions,
  ): Promise<DicomJson[]> {
    return this.json(
      `/studies/${encodeURIComponent(study)}/series/${encodeURIComponent(series)}/metadata`,
      options,
    );
  }

  /**
   * WADO-RS Retrieve Instance (PS3.18 10.4.1.1.1) as a Part 10 file in the
   * transfer syntax the server stores ("transfer-syntax=*", PS3.18 8.7.3.5.2),
   * so the local decoder sees exactly the bytes a local file would have.
   */
  async retrieveInstance(
    study: string,
    series: string,
    instance: string,
    options?: RequestOptions,
  ): Promise<Uint8Array> {
    const path = `/studies/${encodeURIComponent(study)}/series/${encodeURIComponent(series)}/instances/${encodeURIComponent(instance)}`;
    const response = await this.request(
      path,
      { method: 'GET', accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' },
      options,
    );
    const contentType = response.headers.get('content-type') ?? '';
    const body = new Uint8Array(await response.arrayBuffer());
    const boundary = boundaryOf(contentType);
    if (!/^multipart\/related/i.test(contentType) || !boundary)
      throw new PacsError(
        `PACS at ${this.origin}: expected a multipart/related answer, got '${contentType || 'no content type'}'`,
      );
    let parts;
    try {
      parts = parseMultipart(body, boundary);
    } catch (error) {
      throw new PacsError(
        `PACS at ${this.origin}: malformed multipart answer (${(error as Error).message})`,
      );
    }
    const first = parts[0];
    if (!first || parts.length !== 1)
      throw new PacsError(`PACS at ${this.origin}: expected one instance, got ${parts.length}`);
    return first.body;
  }

  /**
   * STOW-RS Store Instances (PS3.18 10.5): one multipart/related request of
   * application/dicom parts. Returns the response's data set (PS3.18
   * 10.5.3.1: Referenced SOP Sequence, Failed SOP Sequence); a failed instance
   * is a PacsError.
   */
  async store(files: readonly Uint8Array[], options?: RequestOptions): Promise<{ stored: number }> {
    const { body, boundary } = buildMultipart(files);
    const response = await this.request(
      '/studies',
      {
        method: 'POST',
        accept: DICOM_JSON,
        headers: {
          'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
        },
        body,
      },
      options,
    );
    const text = await response.text();
    let answer: DicomJson | undefined;
    try {
      const parsed: unknown = text.trim() ? JSON.parse(text) : {};
      answer = dicomJsonListSchema.element.safeParse(parsed).data;
    } catch {
      answer = undefined;
    }
    if (!answer) throw new PacsError(`PACS at ${this.origin}: the store answer is not DICOM JSON`);
    const failed = answer['00081198']?.Value?.length ?? 0;
    const stored = answer['00081199']?.Value?.length ?? 0;
    if (failed > 0)
      throw new PacsError(
        `PACS at ${this.origin}: the server refused ${failed} of ${files.length} instances`,
      );
    return { stored };
  }
}
