import { isIP } from 'node:net';

/** One OpenAI-compatible server the user connected (vLLM, SGLang, llama.cpp, Ollama, LM Studio). */
export interface ServerConfig {
  /** Base URL up to and including the API version, e.g. http://127.0.0.1:11434/v1. */
  baseUrl: string;
  /** The default (merged) model's name on the server. */
  model: string;
  /** Specialty → served model name (vLLM serves LoRA experts by name: `--lora-modules peds=...`). */
  experts?: Record<string, string>;
  /** Bearer key; never logged, redacted from every error. */
  apiKey?: string;
  /** Sampling parameters, sent only when set. */
  temperature?: number;
  topP?: number;
}

/**
 * Whether a host name is this machine: 127.0.0.0/8, ::1 or localhost
 * (RFC 6761 §6.3 reserves localhost and its subdomains for loopback).
 * Such a server is as private as the local runtime.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.split('.')[0] === '127';
  // An IPv4-mapped address (RFC 4291 §2.5.5.2) is loopback when its IPv4 part is; URL writes it in hex.
  if (isIP(host) === 6)
    return (
      host === '::1' ||
      host === '0:0:0:0:0:0:0:1' ||
      /^::ffff:127\./.test(host) ||
      /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host)
    );
  return false;
}

/** Parses a base URL (http or https, no credentials); throws an Error naming the problem. */
export function parseBaseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`'${value}' is not a URL (e.g. http://127.0.0.1:11434/v1)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`'${value}' must start with http:// or https://`);
  if (url.username || url.password)
    throw new Error(
      'the server URL must not hold a user name or password; give the key separately',
    );
  if (url.search || url.hash) throw new Error(`'${value}' must not have a query or fragment`);
  return url;
}

/** The host a user is asked to trust, as shown in consent and the status bar ("gpu-box:8000"). */
export function serverHost(baseUrl: string): string {
  return new URL(baseUrl).host;
}

/** Whether requests to this base URL stay on this machine. */
export function isLoopbackUrl(baseUrl: string): boolean {
  return isLoopbackHost(new URL(baseUrl).hostname);
}

/** The served model for a specialty: its expert if the server maps one, else the default model. */
export function modelForSpecialty(config: ServerConfig, specialty: string | undefined): string {
  return (specialty !== undefined && config.experts?.[specialty]) || config.model;
}
