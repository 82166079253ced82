import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeFrame } from '../dicom/decodeFrame';
import { parseDicom } from '../dicom/parseDicom';
import { renderFrame } from '../dicom/renderFrame';
import { convertWithDcmtk, hasDcmtk, noDcmtkReason, scratchDir } from '../dicom/testing/dcmtk';
import { makeTestImage } from '../dicom/testing/makeTestImage';
import { syntaxes, writeDicom } from '../dicom/testing/writeDicom';

/**
 * `npm run bench -- dicom [--frames N] [--size S] [--rounds R]`: decode +
 * render throughput of our decoder beside dcmtk's dcmj2pnm on the same
 * multi-frame files. dcmtk's per-frame time excludes its process start:
 * (time for all N frames - time for 1 frame) / (N - 1). Ours is measured
 * in-process. After one warm-up of each, R rounds alternate ours and dcmtk,
 * so both see the same machine load; the medians are compared. On a shared,
 * loaded machine wall time mostly measures the wait for a core, so CPU time
 * (user + system: ours from process.cpuUsage, dcmtk's from bash's `time`,
 * getrusage of the child) is compared too, the same way.
 */
export async function runDicomBench(args: string[]): Promise<void> {
  const flag = (name: string, fallback: number) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? Number(args[at + 1]) : fallback;
  };
  const frames = flag('frames', 24);
  const size = flag('size', 512);
  const rounds = flag('rounds', 7);
  if (!hasDcmtk) {
    console.log(`dicom bench: ${noDcmtkReason}; no reference to compare with`);
    return;
  }
  const image = makeTestImage({
    rows: size,
    columns: size,
    frames,
    bitsStored: 12,
    signed: true,
    rescale: { slope: 1, intercept: -1024 },
    window: { center: 40, width: 400 },
    modality: 'CT',
  });
  const native = writeDicom({
    transferSyntaxUID: syntaxes.explicitLE,
    elements: image.elements,
    pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
  });
  // dcmj2pnm has no JPEG-LS codec; dcmtk's JPEG-LS renderer is dcml2pnm (same options).
  const files: [string, Uint8Array, string][] = [
    ['Explicit VR LE', native, 'dcmj2pnm'],
    ['RLE Lossless', convertWithDcmtk('dcmcrle', [], native), 'dcmj2pnm'],
    ['JPEG Lossless SV1', convertWithDcmtk('dcmcjpeg', [], native), 'dcmj2pnm'],
    ['JPEG 12-bit ext', convertWithDcmtk('dcmcjpeg', ['+ee'], native), 'dcmj2pnm'],
    ['JPEG-LS lossless', convertWithDcmtk('dcmcjpls', [], native), 'dcml2pnm'],
  ];
  const { dir, dispose } = scratchDir();
  try {
    console.log(
      `dicom bench: ${frames} frames of ${size}x${size} 12-bit signed CT-like data, decode + window + 8-bit render`,
    );
    console.log(
      `ms/frame: median [min-max] of ${rounds} rounds after a warm-up; a round is two passes of ours (the first right after dcmtk ran, then warm) and one dcmtk run`,
    );
    console.log(
      'syntax             ours (warm)           ours (after dcmtk)    dcmtk                 dcmtk/ours dcmtk/ours-after | CPU ms/frame: ours   dcmtk  dcmtk/ours',
    );
    for (const [name, bytes, tool] of files) {
      const path = join(dir, 'bench.dcm');
      writeFileSync(path, bytes);
      const parsed = parseDicom(bytes);
      const oursCpu: number[] = [];
      const oursPass = async () => {
        const start = performance.now();
        const cpu = process.cpuUsage();
        for (let f = 0; f < frames; f++) renderFrame(await decodeFrame(parsed, f));
        const used = process.cpuUsage(cpu);
        oursCpu.push((used.user + used.system) / 1000 / frames);
        return (performance.now() - start) / frames;
      };
      /** Wall and CPU milliseconds of one dcmtk run. */
      const time = (frameArgs: string[]) => {
        const t0 = performance.now();
        const command = [tool, '+Wi', '1', ...frameArgs, path, join(dir, 'out')]
          .map((word) => `'${word}'`)
          .join(' ');
        const result = spawnSync(
          'bash',
          ['-c', `TIMEFORMAT='%3U %3S'; time ${command} >/dev/null 2>&1`],
          { encoding: 'utf8' },
        );
        const wall = performance.now() - t0;
        const [user, system] = result.stderr.trim().split(/\s+/).slice(-2).map(Number);
        if (result.status !== 0 || !Number.isFinite(user) || !Number.isFinite(system))
          throw new Error(`${tool} failed: ${result.stderr}`);
        return { wall, cpu: (user! + system!) * 1000 };
      };
      // Warm-up: JIT, codec load, dcmtk binaries in the page cache.
      await oursPass();
      time(['+F', '1']);
      oursCpu.length = 0;
      const ours: number[] = [];
      const oursFirst: number[] = [];
      const dcmtk: number[] = [];
      const dcmtkCpu: number[] = [];
      for (let round = 0; round < rounds; round++) {
        // The first pass after dcmtk ran is slower (caches and freed pages are gone); report both.
        oursFirst.push(await oursPass());
        ours.push(await oursPass());
        // dcmtk per frame without its process start: (all frames - one frame) / (frames - 1).
        const all = time(['+Fa']);
        const one = time(['+F', '1']);
        dcmtk.push((all.wall - one.wall) / (frames - 1));
        dcmtkCpu.push((all.cpu - one.cpu) / (frames - 1));
      }
      const [o, f, d] = [median(ours), median(oursFirst), median(dcmtk)];
      const [oc, dc] = [median(oursCpu), median(dcmtkCpu)];
      console.log(
        `${name.padEnd(18)} ${cell(o, ours)} ${cell(f, oursFirst)} ${cell(d, dcmtk)} ${(d / o).toFixed(2).padStart(10)} ${(d / f).toFixed(2).padStart(16)} | ${oc.toFixed(2).padStart(18)} ${dc.toFixed(2).padStart(6)} ${(dc / oc).toFixed(2).padStart(11)}`,
      );
    }
  } finally {
    dispose();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function cell(mid: number, values: number[]): string {
  const range = `[${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)}]`;
  return `${mid.toFixed(2).padStart(6)} ${range.padEnd(14)}`;
}
