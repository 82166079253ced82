import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { UtilityProcess } from 'electron';
import { describe, expect, it } from 'vitest';
import { utilityWorkerLauncher } from './utilityWorker';

/** Stands in for Electron's UtilityProcess: same events and methods. */
class FakeUtilityProcess extends EventEmitter {
  pid = 4242;
  stderr = new PassThrough();
  stdout = new PassThrough();
  posted: unknown[] = [];
  killed = false;
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  kill() {
    this.killed = true;
    return true;
  }
}

describe('the utilityProcess launcher of the inference worker', () => {
  it('forks the worker entry as a utility process and relays messages both ways', () => {
    const forked: Array<{ path: string; options: unknown }> = [];
    const fake = new FakeUtilityProcess();
    const launch = utilityWorkerLauncher(
      {
        fork: (path, _args, options) => (
          forked.push({ path, options }),
          fake as unknown as UtilityProcess
        ),
      },
      '/app/models/runtime/worker/inferenceWorker.mjs',
    );
    const handle = launch();
    expect(forked).toEqual([
      {
        path: '/app/models/runtime/worker/inferenceWorker.mjs',
        options: { serviceName: 'MMedExpert inference', stdio: 'pipe' },
      },
    ]);
    expect(handle.pid).toBe(4242);
    handle.send({ type: 'unload', id: 1 });
    expect(fake.posted).toEqual([{ type: 'unload', id: 1 }]);
    const received: unknown[] = [];
    handle.onMessage((m) => received.push(m));
    fake.emit('message', { type: 'ready', pid: 4242 });
    expect(received).toEqual([{ type: 'ready', pid: 4242 }]);
  });

  it('reports an exit with the end of stderr so the crash message can say why', async () => {
    const fake = new FakeUtilityProcess();
    const handle = utilityWorkerLauncher(
      { fork: () => fake as unknown as UtilityProcess },
      '/w.mjs',
    )();
    const exits: unknown[] = [];
    handle.onExit((exit) => exits.push(exit));
    fake.stderr.write('std::bad_alloc\n');
    await new Promise((resolve) => setImmediate(resolve));
    fake.emit('exit', 134);
    expect(exits).toEqual([{ code: 134, signal: null, stderrTail: 'std::bad_alloc\n' }]);
    handle.kill();
    expect(fake.killed).toBe(true);
  });
});
