import { decodeInThisThread, type CodecRunResult, type CodecKind } from './decodeWithCodec';

/** One decode asked of a codec worker. */
export interface CodecRequest {
  id: number;
  kind: CodecKind;
  encoded: Uint8Array;
  maxBytes: number;
}

/** What a codec worker answers: once that it is ready, then one reply per request. */
export type CodecReply =
  | { ready: true }
  | { id: number; result: CodecRunResult }
  | { id: number; error: string; dicom: boolean };

/**
 * The inside of a codec worker (Node worker thread or Web Worker): decodes
 * one request in the worker's own thread and says what to send back and
 * which buffer to transfer with it.
 */
export async function serveCodecRequest({
  id,
  kind,
  encoded,
  maxBytes,
}: CodecRequest): Promise<{ reply: CodecReply; transfer: ArrayBuffer[] }> {
  try {
    const result = await decodeInThisThread(kind, encoded, maxBytes);
    return { reply: { id, result }, transfer: [result.decoded.buffer as ArrayBuffer] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const dicom = error instanceof Error && error.name === 'DicomError';
    return { reply: { id, error: message, dicom }, transfer: [] };
  }
}
