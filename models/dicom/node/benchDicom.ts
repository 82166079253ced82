import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeFrame } from '../decodeFrame';
import { parseDicom } from '../parseDicom';
import { renderFrame } from '../renderFrame';
import { convertWithDcmtk, hasDcmtk, noDcmtkReason, scratchDir } from '../testing/dcmtk';
import { makeTestImage } from '../testing/makeTestImage';
import { syntaxes, writeDicom } from '../testing/writeDicom';

/**
 * `npm run bench -- dicom [--frames N] [--size S]`: decode + render
 * throughput of our decoder beside dcmtk's dcmj2pnm on the same multi-frame
 * files. dcmtk's per-frame time excludes its process start: (time for all N
 * frames - time for 1 frame) / (N - 1). Ours is measured in-process after
 * a warm-up pass (best of three passes, like dcmtk's best of three runs).
 */
export async function runDicomBench(args: string[]): Promise<void> {
  const flag = (name: string, fallback: number) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? Number(args[at + 1]) : fallback;
  };
  const frames = flag('frames', 24);
  const size = flag('size', 512);
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
  const files: [string, Uint8Array][] = [
    ['Explicit VR LE', native],
    ['RLE Lossless', convertWithDcmtk('dcmcrle', [], native)],
    ['JPEG Lossless SV1', convertWithDcmtk('dcmcjpeg', [], native)],
  ];
  const { dir, dispose } = scratchDir();
  try {
    console.log(
      `dicom bench: ${frames} frames of ${size}x${size} 12-bit signed CT-like data, decode + window + 8-bit render`,
    );
    console.log('syntax               ours ms/frame  dcmtk ms/frame  dcmtk/ours');
    for (const [name, bytes] of files) {
      const path = join(dir, 'bench.dcm');
      writeFileSync(path, bytes);
      const parsed = parseDicom(bytes);
      // Best of three passes over all frames (the first also warms the JIT and loads the codec).
      let ours = Infinity;
      for (let pass = 0; pass < 3; pass++) {
        const start = performance.now();
        for (let f = 0; f < frames; f++) renderFrame(await decodeFrame(parsed, f));
        ours = Math.min(ours, (performance.now() - start) / frames);
      }
      const time = (frameArgs: string[]) => {
        const t0 = performance.now();
        const result = spawnSync('dcmj2pnm', ['+Wi', '1', ...frameArgs, path, join(dir, 'out')], {
          encoding: 'utf8',
        });
        if (result.status !== 0) throw new Error(`dcmj2pnm failed: ${result.stderr}`);
        return performance.now() - t0;
      };
      const best = (frameArgs: string[]) =>
        Math.min(time(frameArgs), time(frameArgs), time(frameArgs));
      const dcmtk = (best(['+Fa']) - best(['+F', '1'])) / (frames - 1);
      console.log(
        `${name.padEnd(20)} ${ours.toFixed(2).padStart(14)} ${dcmtk.toFixed(2).padStart(15)} ${(dcmtk / ours).toFixed(2).padStart(11)}`,
      );
    }
  } finally {
    dispose();
  }
}
