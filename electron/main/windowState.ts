import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';

/** Window position and size, remembered between launches. */
export const windowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(640).max(16384),
  height: z.number().int().min(480).max(16384),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof windowStateSchema>;

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1400, height: 900, maximized: false };

interface DisplayArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Reads the saved state; a missing or corrupt file gives the default. */
export async function loadWindowState(file: string): Promise<WindowState> {
  try {
    const parsed = windowStateSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : DEFAULT_WINDOW_STATE;
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

/**
 * Drops a saved position that no display shows any more (a monitor was
 * unplugged), so the window never opens off-screen.
 */
export function fitToDisplays(state: WindowState, displays: DisplayArea[]): WindowState {
  if (state.x === undefined || state.y === undefined) return state;
  const { x, y } = state;
  const visible = displays.some(
    (d) => x + 100 > d.x && x < d.x + d.width - 100 && y >= d.y && y < d.y + d.height - 50,
  );
  return visible ? state : { width: state.width, height: state.height, maximized: state.maximized };
}

/** Writes atomically so a crash mid-write never leaves a corrupt file. */
export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  const temp = `${file}.tmp`;
  await writeFile(temp, JSON.stringify(windowStateSchema.parse(state)));
  await rename(temp, file);
}
