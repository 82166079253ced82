import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../common/contract';

export interface MenuActions {
  openFiles(): void;
  send(command: MenuCommand): void;
  openHelp(): void;
}

/**
 * The app menu: the usual File/Edit/View/Help entries with their platform
 * shortcuts. Roles give native behaviour (copy, zoom, full screen).
 */
export function buildMenuTemplate(
  actions: MenuActions,
  platform: NodeJS.Platform,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.openFiles() },
        { label: 'Open from PACS…', click: () => actions.send('open-pacs') },
        { type: 'separator' },
        { label: 'Save Reasoning as DICOM SR…', click: () => actions.send('save-reasoning-sr') },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        {
          label: 'Studies',
          accelerator: 'CmdOrCtrl+1',
          click: () => actions.send('focus-studies'),
        },
        { label: 'Viewer', accelerator: 'CmdOrCtrl+2', click: () => actions.send('focus-viewer') },
        {
          label: 'Reasoning',
          accelerator: 'CmdOrCtrl+3',
          click: () => actions.send('focus-reasoning'),
        },
        { type: 'separator' },
        {
          label: 'Switch Light/Dark Theme',
          accelerator: 'CmdOrCtrl+Shift+L',
          click: () => actions.send('toggle-theme'),
        },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: 'Help',
      submenu: [
        { label: 'Keyboard Shortcuts  (?)', click: () => actions.send('show-shortcuts') },
        { label: 'About MMedExpert Desktop', click: () => actions.openHelp() },
      ],
    },
  ];
  if (mac) template.unshift({ role: 'appMenu' });
  return template;
}
