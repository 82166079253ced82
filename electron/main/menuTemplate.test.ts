import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../common/contract';
import { buildMenuTemplate } from './menuTemplate';

function find(
  template: MenuItemConstructorOptions[],
  label: string,
): MenuItemConstructorOptions | undefined {
  for (const item of template) {
    if (item.label === label) return item;
    if (Array.isArray(item.submenu)) {
      const found = find(item.submenu, label);
      if (found) return found;
    }
  }
  return undefined;
}

describe('the app menu', () => {
  const sent: MenuCommand[] = [];
  let opened = 0;
  const template = buildMenuTemplate(
    { openFiles: () => opened++, send: (c) => sent.push(c), openHelp: () => undefined },
    'linux',
  );

  it('has File, Edit, View and Help with the usual shortcuts', () => {
    expect(template.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Help']);
    expect(find(template, 'Open…')?.accelerator).toBe('CmdOrCtrl+O');
    const edit = template[1]!.submenu as MenuItemConstructorOptions[];
    expect(edit.map((i) => i.role).filter(Boolean)).toEqual([
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
      'selectAll',
    ]);
  });

  it('routes its items to the same commands as the keyboard', () => {
    const click = (label: string) => (find(template, label)?.click as () => void)();
    click('Open…');
    click('Switch Light/Dark Theme');
    click('Viewer');
    click('Cases…');
    click('Export case…');
    expect(opened).toBe(1);
    expect(sent).toEqual(['toggle-theme', 'focus-viewer', 'show-cases', 'export-case']);
  });

  it('adds the application menu on macOS', () => {
    const mac = buildMenuTemplate(
      { openFiles: () => undefined, send: () => undefined, openHelp: () => undefined },
      'darwin',
    );
    expect(mac[0]?.role).toBe('appMenu');
  });
});
