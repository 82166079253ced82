import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const onPath = (command: string) =>
  spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;

/**
 * Makes sure a Debian tool a test checks against is installed: as root with
 * apt (CI, containers) it installs the package, as e2e/run.mjs does for
 * chromium; otherwise it throws with the exact command to run.
 */
export function requireDebianTool(command: string, debianPackage: string): void {
  if (onPath(command)) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['install', '-y', '-qq', debianPackage], { env, stdio: 'ignore' });
    if (onPath(command)) return;
  }
  throw new Error(
    `this test needs ${command}; install it with:  sudo apt-get install -y ${debianPackage}`,
  );
}
