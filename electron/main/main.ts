import {
  BrowserWindow,
  Menu,
  app,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  utilityProcess,
} from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MenuCommand } from '../common/contract';
import { APP_SCHEME_PRIVILEGES, serveAppProtocol } from './appProtocol';
import { createBackEnd } from '../backend/createHandlers';
import { inferenceWorkerEntry } from '../../models/runtime/forkWorker';
import { utilityWorkerLauncher } from './utilityWorker';
import { safeStorageSecrets } from './safeStorageSecrets';
import { isTrustedSender, registerIpcHandlers, sendEvent } from './ipc';
import { PRINT_TO_PDF_CHANNEL } from '../common/ipcChannels';
import { printToPdf } from './printToPdf';
import { buildMenuTemplate } from './menuTemplate';
import { readPickedFiles } from './openFiles';
import {
  APP_ENTRY_URL,
  denyAllPermissions,
  hardenWebContents,
  isExternalLink,
  secureWebPreferences,
} from './security';
import { fitToDisplays, loadWindowState, saveWindowState, type WindowState } from './windowState';

// Built assets: the renderer (vite) and the preload bundle (electron/build.mjs).
const distDir = fileURLToPath(new URL('../../dist/', import.meta.url));
const rendererRoot = join(distDir, 'renderer');
const preloadPath = join(distDir, 'electron', 'preload.cjs');

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | undefined;
  const stateFile = () => join(app.getPath('userData'), 'window-state.json');
  const openExternal = (url: string) => {
    if (isExternalLink(url)) void shell.openExternal(url);
  };

  const sendCommand = (command: MenuCommand) => {
    if (mainWindow) sendEvent(mainWindow.webContents, 'onDidRunMenuCommand', command);
  };

  const openFilesFromDialog = async () => {
    if (!mainWindow) return;
    const result = await dialog.showOpenDialog(mainWindow, {
      properties: ['openFile', 'multiSelections'],
      filters: [
        {
          name: 'DICOM and images',
          extensions: ['dcm', 'dicom', 'png', 'jpg', 'jpeg', 'webp', '*'],
        },
      ],
    });
    if (result.canceled) return;
    const { files, problems } = await readPickedFiles(result.filePaths);
    if (files.length > 0) sendEvent(mainWindow.webContents, 'onDidOpenFiles', files);
    if (problems.length > 0)
      void dialog.showMessageBox(mainWindow, {
        type: 'warning',
        message: 'Some files were not opened',
        detail: problems.join('\n'),
      });
  };

  const createWindow = async () => {
    const saved: WindowState = fitToDisplays(
      await loadWindowState(stateFile()),
      screen.getAllDisplays().map((d) => d.workArea),
    );
    const window = new BrowserWindow({
      ...saved,
      minWidth: 900,
      minHeight: 600,
      show: false,
      title: 'MMedExpert Desktop',
      backgroundColor: '#0f1318',
      webPreferences: secureWebPreferences(preloadPath),
    });
    if (saved.maximized) window.maximize();
    window.once('ready-to-show', () => window.show());
    window.on('close', () => {
      const bounds = window.getNormalBounds();
      void saveWindowState(stateFile(), { ...bounds, maximized: window.isMaximized() }).catch(
        () => undefined,
      );
    });
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = undefined;
    });
    mainWindow = window;
    await window.loadURL(APP_ENTRY_URL);
  };

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Defence in depth: every webContents, including any the app did not
  // create on purpose, gets the same restrictions.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(async () => {
    denyAllPermissions(session.defaultSession);
    serveAppProtocol(protocol, rendererRoot);
    // The inference worker runs as a utilityProcess, never in this process.
    const backEnd = createBackEnd({
      // Same data folder as the CLI ($MMX_HOME or the per-OS default), so a
      // model imported with `mmx model import` shows up in the app.
      launchWorker: utilityWorkerLauncher(utilityProcess, inferenceWorkerEntry),
      // A model server's key is kept sealed by the OS keychain (safeStorage needs app ready).
      secrets: safeStorageSecrets(safeStorage),
    });
    registerIpcHandlers(ipcMain, backEnd.dispatcher);
    // Print / PDF of a case: the sending window's print view, saved where the user picks.
    ipcMain.handle(PRINT_TO_PDF_CHANNEL, (event, name: unknown) =>
      isTrustedSender(event)
        ? printToPdf(event.sender, name, {
            showSaveDialog: (options) =>
              mainWindow
                ? dialog.showSaveDialog(mainWindow, options)
                : dialog.showSaveDialog(options),
          })
        : { saved: false },
    );
    app.on('will-quit', () => void backEnd.dispose());
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate(
          {
            openFiles: () => void openFilesFromDialog(),
            send: sendCommand,
            openHelp: () =>
              void dialog.showMessageBox({
                type: 'info',
                message: `MMedExpert Desktop ${app.getVersion()}`,
                detail:
                  'Decision support and education, not a diagnosis. Runs models on this machine only.',
              }),
          },
          process.platform,
        ),
      ),
    );
    await createWindow();
    void backEnd.warmUp();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createWindow();
    });
  });
}
