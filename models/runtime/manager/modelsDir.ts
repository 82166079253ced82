import os from 'node:os';
import path from 'node:path';

/**
 * The app data folder: $MMX_HOME if set, else the per-OS data folder
 * (XDG_DATA_HOME or ~/.local/share on Linux, ~/Library/Application Support
 * on macOS, %APPDATA% on Windows) + "mmedexpert".
 */
export function appDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.MMX_HOME) return path.resolve(env.MMX_HOME);
  const home = os.homedir();
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'mmedexpert');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'mmedexpert');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'mmedexpert');
}

/** Where installed models live: `<app data>/models/<id>/`. */
export function modelsDir(home: string = appDataDir()): string {
  return path.join(home, 'models');
}

/** A folder name for a model name: lowercase ASCII words joined by '-'. */
export function modelId(name: string): string {
  const id = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  if (!id)
    throw new Error(
      `modelId: the name ${JSON.stringify(name)} has no letters or digits to name a folder`,
    );
  return id.slice(0, 80);
}
