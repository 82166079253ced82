import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { AppInfo, MenuCommand } from '../../electron/common/contract';
import { api } from './bridge/api';
import { ShortcutsDialog } from './features/settings/ShortcutsDialog';
import { focusPane, useShortcuts } from './features/settings/useShortcuts';
import { StudyList } from './features/studies/StudyList';
import { readBrowserFiles } from './features/studies/studiesSlice';
import { collectDroppedFiles } from './features/studies/collectFiles';
import { LayoutPicker } from './features/viewer/LayoutPicker';
import { ViewerPane } from './features/viewer/ViewerPane';
import { ModelsDialog } from './features/models/ModelsDialog';
import { privacyLine } from './features/models/modelServerSlice';
import { ServerConsentDialog } from './features/models/ServerConsentDialog';
import { PacsDialog } from './features/pacs/PacsDialog';
import { CitationDrawer } from './features/reasoning/CitationDrawer';
import { CasePanel } from './features/cases/CasePanel';
import { CasesDialog } from './features/cases/CasesDialog';
import { CompareRuns } from './features/cases/CompareRuns';
import { TeachingView } from './features/cases/TeachingView';
import './features/cases/cases.css';
import { ReasoningPanel } from './features/reasoning/ReasoningPanel';
import { useAppStore } from './store/store';
import { Pane } from './ui/Pane';
import { SafetyNotice } from './ui/SafetyNotice';
import { StatusBar } from './ui/StatusBar';

export function App() {
  const theme = useAppStore((s) => s.theme);
  const patientDataShown = useAppStore((s) => s.showPatientData);
  const toggleTheme = useAppStore((s) => s.toggleTheme);
  const setShortcutsOpen = useAppStore((s) => s.setShortcutsOpen);
  const addFiles = useAppStore((s) => s.addFiles);
  const itemCount = useAppStore((s) => s.items.length);
  const itemProblems = useAppStore((s) => s.itemProblems);
  const problems = Object.values(itemProblems);
  const otherCount = problems.filter((p) => p.kind === 'no-image').length;
  const unreadableCount = problems.length - otherCount;
  const setPacsOpen = useAppStore((s) => s.setPacsOpen);
  const requestSrSave = useAppStore((s) => s.requestSrSave);
  const pacsServers = useAppStore((s) => s.pacsServers);
  const loadPacsServers = useAppStore((s) => s.loadPacsServers);
  const remotePacsHosts = pacsServers.filter((s) => s.remote).map((s) => new URL(s.url).host);
  const [info, setInfo] = useState<AppInfo>();
  const [message, setMessage] = useState<string>();
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  const initModels = useAppStore((s) => s.initModels);
  const setCasesOpen = useAppStore((s) => s.setCasesOpen);
  const exportOpenCase = useAppStore((s) => s.exportOpenCase);
  const reopenLastCase = useAppStore((s) => s.reopenLastCase);
  useEffect(() => {
    void reopenLastCase();
  }, [reopenLastCase]);
  const loadBackend = useAppStore((s) => s.loadBackend);
  const backend = useAppStore((s) => s.backend);
  useEffect(() => {
    api
      .getAppInfo({})
      .then(setInfo, (error: Error) =>
        setMessage(`Cannot reach the app back end: ${error.message}`),
      );
    void initModels();
    void loadBackend();
    void loadPacsServers();
  }, [initModels, loadBackend, loadPacsServers]);

  const run = useCallback(
    (command: MenuCommand) => {
      if (command === 'open-files') fileInput.current?.click();
      else if (command === 'toggle-theme') toggleTheme();
      else if (command === 'show-shortcuts') setShortcutsOpen(true);
      else if (command === 'show-cases') setCasesOpen(true);
      else if (command === 'export-case') void exportOpenCase();
      else if (command === 'open-pacs') setPacsOpen(true);
      else if (command === 'save-reasoning-sr') requestSrSave();
      else focusPane(command.replace('focus-', '') as 'studies' | 'viewer' | 'reasoning');
    },
    [toggleTheme, setShortcutsOpen, setCasesOpen, exportOpenCase, setPacsOpen, requestSrSave],
  );
  useShortcuts(run);
  useEffect(() => api.onDidRunMenuCommand(run), [run]);
  useEffect(() => api.onDidOpenFiles(addFiles), [addFiles]);

  const openBrowserFiles = async (files: FileList | File[] | null) => {
    if (!files || files.length === 0) return;
    addFiles(await readBrowserFiles(files));
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    // Folders dropped on the window are walked too.
    void collectDroppedFiles(event.dataTransfer).then(openBrowserFiles);
  };

  return (
    <div
      className={`app${dragging ? ' dragging' : ''}`}
      onDragOver={(event) => {
        // Files from outside; a series dragged onto a viewport is the viewer's.
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <header className="app-header">
        <h1>MMedExpert Desktop</h1>
        <SafetyNotice />
        <div className="toolbar">
          <button type="button" onClick={() => run('open-files')} title="Open (Ctrl+O)">
            Open…
          </button>
          <input
            ref={fileInput}
            type="file"
            multiple
            accept=".dcm,.dicom,image/png,image/jpeg,image/webp,application/dicom"
            hidden
            data-testid="file-input"
            onChange={(event) => {
              void openBrowserFiles(event.currentTarget.files);
              event.currentTarget.value = '';
            }}
          />
          <button type="button" onClick={() => setCasesOpen(true)}>
            Cases…
          </button>
          <button type="button" onClick={() => setPacsOpen(true)}>
            PACS…
          </button>
          <button
            type="button"
            onClick={toggleTheme}
            aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
          >
            {theme === 'dark' ? 'Light' : 'Dark'} theme
          </button>
          <button
            type="button"
            onClick={() => setShortcutsOpen(true)}
            aria-label="Keyboard shortcuts"
          >
            ?
          </button>
        </div>
      </header>
      <main className="layout">
        <Pane id="studies" title="Studies">
          <StudyList />
        </Pane>
        <Pane id="viewer" title="Viewer" actions={<LayoutPicker />}>
          <ViewerPane />
        </Pane>
        <Pane id="reasoning" title="Reasoning">
          <CasePanel />
          <ReasoningPanel appVersion={info?.version ?? ''} />
        </Pane>
      </main>
      <StatusBar
        info={info}
        imageCount={itemCount - problems.length}
        otherCount={otherCount}
        unreadableCount={unreadableCount}
        message={message}
        privacy={privacyLine(backend, remotePacsHosts)}
        remoteHosts={remotePacsHosts}
        patientDataShown={patientDataShown}
      />
      <ShortcutsDialog />
      <ModelsDialog />
      <ServerConsentDialog />
      <PacsDialog />
      <CitationDrawer />
      <CasesDialog />
      <CompareRuns />
      <TeachingView />
    </div>
  );
}
