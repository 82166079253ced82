import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ORTHANC_CANDIDATES = [process.env.MMX_ORTHANC, '/usr/sbin/Orthanc', '/usr/bin/Orthanc'];
const PLUGIN_CANDIDATES = [
  process.env.MMX_ORTHANC_DICOMWEB,
  '/usr/share/orthanc/plugins/libOrthancDicomWeb.so',
  '/usr/lib/orthanc/libOrthancDicomWeb.so',
];
export const ORTHANC_INSTALL = 'sudo apt-get install -y orthanc orthanc-dicomweb';

const find = (candidates: (string | undefined)[]) =>
  candidates.find((p): p is string => Boolean(p) && existsSync(p!));

/**
 * Finds Orthanc and its DICOMweb plugin; when missing and running as root
 * with apt (CI, containers), installs them like e2e/run.mjs installs chromium.
 * Otherwise throws with the exact command to run.
 */
export function ensureOrthanc(): { binary: string; plugin: string } {
  let binary = find(ORTHANC_CANDIDATES);
  let plugin = find(PLUGIN_CANDIDATES);
  if ((!binary || !plugin) && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['install', '-y', '-qq', 'orthanc', 'orthanc-dicomweb'], {
      env,
      stdio: 'ignore',
    });
    binary = find(ORTHANC_CANDIDATES);
    plugin = find(PLUGIN_CANDIDATES);
  }
  if (!binary || !plugin) {
    throw new Error(
      `the PACS tests need Orthanc with its DICOMweb plugin; install them with:  ${ORTHANC_INSTALL}`,
    );
  }
  return { binary, plugin };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningOrthanc {
  /** e.g. http://127.0.0.1:PORT */
  url: string;
  /** The DICOMweb root, e.g. http://127.0.0.1:PORT/dicom-web */
  dicomweb: string;
  stop(): Promise<void>;
}

/**
 * Starts a private Orthanc for one test file: HTTP on a free port (picked on
 * 127.0.0.1) answering this machine only, no DICOM listener, storage in a
 * temporary folder removed by stop(). Give `users` to test basic authentication.
 */
export async function startOrthanc({
  users,
}: { users?: Record<string, string> } = {}): Promise<RunningOrthanc> {
  const { binary, plugin } = ensureOrthanc();
  const dir = mkdtempSync(join(tmpdir(), 'mmx-orthanc-'));
  const port = await freePort();
  const config = {
    Name: 'MMX-TEST',
    StorageDirectory: join(dir, 'storage'),
    IndexDirectory: join(dir, 'storage'),
    HttpPort: port,
    // Orthanc 1.10 has no HTTP bind address and listens on every interface;
    // with remote access off it answers requests from this machine only.
    RemoteAccessAllowed: false,
    DicomServerEnabled: false,
    AuthenticationEnabled: users !== undefined,
    RegisteredUsers: users ?? {},
    Plugins: [plugin],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false },
    StableAge: 1,
  };
  const configPath = join(dir, 'orthanc.json');
  writeFileSync(configPath, JSON.stringify(config));
  const child: ChildProcess = spawn(binary, [configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const auth = users
    ? {
        authorization: `Basic ${Buffer.from(Object.entries(users)[0]!.join(':')).toString('base64')}`,
      }
    : undefined;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`Orthanc exited at start: ${stderr}`);
    }
    try {
      const response = await fetch(`${url}/dicom-web/studies`, { headers: auth });
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Orthanc did not answer on ${url} within 30 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, dicomweb: `${url}/dicom-web`, stop };
}
