// Child process of the SIGKILL durability test: creates cases with a run and
// an image, one committed write after another, and prints each case's id on
// stdout only after its write returned. The test kills it at random moments.
import { writeSync } from 'node:fs';
import { CaseStore } from '../CaseStore';
import { sampleRun } from './sampleRun';

const dir = process.argv[2];
if (!dir) throw new Error('writeCasesUntilKilled: give the store folder');
const store = await CaseStore.open(dir);
for (let i = 0; ; i++) {
  const png = new Uint8Array(2048).map((_, k) => (k * 31 + i * 7 + process.pid) & 255);
  const created = store.createCase({
    title: `case ${process.pid}-${i}`,
    images: [{ name: `image ${i}.png`, png }],
  });
  store.addRun(created.id, sampleRun(`question ${i}`, `answer ${i}`));
  writeSync(1, `${created.id}\n`);
}
