/**
 * The app: the start screen, or an open case with its tabs (Review, Import preview, Unification),
 * the export dialog, progress of running jobs, and window-wide file drop and undo/redo shortcuts.
 */
import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RowFilter } from '../core/contract/api.ts';
import { useApi } from './api/context.tsx';
import { isCaseFile, subscribeMenuCommands, type MenuCommand, type MenuCommandName } from './api/menu-commands.ts';
import { canOpenDropped, DropNotSupportedError, firstDroppedFile, pathForDroppedFile } from './api/open-dropped.ts';
import { Banners } from './components/Banners.tsx';
import { ExportDialog } from './components/export/ExportDialog.tsx';
import { Header } from './components/Header.tsx';
import { JobBar } from './components/JobBar.tsx';
import { PreviewTab } from './components/preview/PreviewTab.tsx';
import { ReviewTab, type ReviewState } from './components/review/ReviewTab.tsx';
import { DEFAULT_START_OPTIONS, StartScreen, type StartOptions } from './components/StartScreen.tsx';
import { panelId, tabId, Tabs } from './components/Tabs.tsx';
import { UnifyTab } from './components/unify/UnifyTab.tsx';
import { IncompleteBanner } from './components/review/IncompleteBanner.tsx';
import { OPEN_REFUSALS, type OpenRefusal } from './components/StartScreen.tsx';
import { toShownError } from './api/errors.ts';
import { useLang } from './i18n/index.ts';
import { gapExportReason } from './lib/check-gap.ts';
import { VisibleText } from './components/VisibleText.tsx';
import { gridTabStop, useFocusRescue } from './lib/focus-rescue.ts';
import { historyShortcut, isTypingTarget } from './lib/keyboard.ts';
import { CaseProvider, useCase, type CaseStartup } from './state/case.tsx';
import { JobsProvider } from './state/jobs.tsx';
import { ReopenContext, type ReopenInput } from './state/reopen.tsx';
import { NoticesProvider, useNotices } from './state/notices.tsx';

export interface AppProps {
  /** Job polling interval (ms); tests shorten it. */
  pollMs?: number;
  /** Summary polling interval while a check runs (ms). */
  checkPollMs?: number;
}

export function App({ pollMs, checkPollMs }: AppProps) {
  return (
    <NoticesProvider>
      <JobsProvider pollMs={pollMs}>
        <Shell checkPollMs={checkPollMs} />
      </JobsProvider>
    </NoticesProvider>
  );
}

interface Session {
  caseId: string;
  startup: CaseStartup;
}

function Shell({ checkPollMs }: { checkPollMs?: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const { reportError, clearError } = useNotices();
  const [session, setSession] = useState<Session | null>(null);
  const [options, setOptions] = useState<StartOptions>(DEFAULT_START_OPTIONS);
  const [opening, setOpening] = useState(false);
  const [refusal, setRefusal] = useState<OpenRefusal | null>(null);
  const [dragging, setDragging] = useState(false);
  // The session as last set, for the async open and close steps (they read it after an await).
  const sessionRef = useRef<Session | null>(null);
  const showSession = useCallback((next: Session | null) => {
    sessionRef.current = next;
    setSession(next);
  }, []);

  const replaceSession = useCallback(async (next: Session) => {
    const previous = sessionRef.current;
    if (previous) await api.closeCase({ caseId: previous.caseId }).catch(() => undefined);
    clearError();
    showSession(next);
  }, [api, clearError, showSession]);

  const openFile = useCallback(async (path: string) => {
    const input: ReopenInput = { path, region: options.region };
    if (options.channel !== 'auto') input.channel = options.channel;
    if (options.key !== 'auto') input.key = options.key;
    if (options.timeZone !== '') input.timeZone = options.timeZone;
    // Read before the first check, which then replays rows as it reads them (one check, issue #15).
    if (options.snapshotPath) input.snapshot = options.snapshotPath;
    if (options.definitionsPath) input.definitions = options.definitionsPath;
    setOpening(true);
    setRefusal(null);
    try {
      const { caseId, jobId, notLoaded } = await api.openFile(input);
      await replaceSession({ caseId, startup: { jobId } });
      // The list opened without them: say which file could not be used and why (the case can load another).
      if (notLoaded && notLoaded.length > 0) reportError({ code: notLoaded[0].code, message: notLoaded.map((n) => n.message).join(' ') });
    } catch (e) {
      // A file that cannot be read opens no case: the start screen says what it is (issue #15).
      const shown = toShownError(e);
      // With a case open (a menu or a drop), the case screen stays and the banner says it instead.
      if (OPEN_REFUSALS.has(shown.code) && !sessionRef.current) {
        clearError();
        setRefusal({ ...shown, path });
      } else reportError(e);
    } finally {
      setOpening(false);
    }
  }, [api, options, replaceSession, reportError, clearError]);

  // The case's file again with another reading choice (an encoding, a workbook's sheet): a new case replaces it.
  const reopenFile = useCallback(async (input: ReopenInput) => {
    setOpening(true);
    try {
      const { caseId, jobId } = await api.openFile(input);
      await replaceSession({ caseId, startup: { jobId } });
    } catch (e) {
      reportError(e);
    } finally {
      setOpening(false);
    }
  }, [api, replaceSession, reportError]);

  const openCase = useCallback(async (path: string) => {
    setOpening(true);
    try {
      const { caseId } = await api.openCase({ path });
      await replaceSession({ caseId, startup: {} });
    } catch (e) {
      reportError(e);
    } finally {
      setOpening(false);
    }
  }, [api, replaceSession, reportError]);

  const closeCase = useCallback(async () => {
    const previous = sessionRef.current;
    if (previous) await api.closeCase({ caseId: previous.caseId }).catch(reportError);
    showSession(null);
  }, [api, reportError, showSession]);

  // Electron's menu and OS "open file" requests. Case commands go to the open case's screen, which
  // registers its handler here while it is shown.
  const caseCommands = useRef<((command: MenuCommandName) => void) | null>(null);
  const setCaseCommands = useCallback((handler: ((command: MenuCommandName) => void) | null) => {
    caseCommands.current = handler;
  }, []);
  // An effect event: the listener is installed once and opens with the latest start options.
  const onMenuCommand = useEffectEvent(({ command, path }: MenuCommand) => {
    const open = (picked: string, purpose: 'list' | 'case') => void (purpose === 'case' ? openCase(picked) : openFile(picked));
    const pickAndOpen = (purpose: 'list' | 'case') =>
      api.pickFile(purpose).then((picked) => {
        if (picked) open(picked, purpose);
      }, reportError);
    if (command === 'open-list') void pickAndOpen('list');
    else if (command === 'open-case') void pickAndOpen('case');
    else if (command === 'open-path' && path) open(path, isCaseFile(path) ? 'case' : 'list');
    else caseCommands.current?.(command);
  });
  useEffect(() => subscribeMenuCommands(api, (command) => onMenuCommand(command)), [api]);

  // Drop a file anywhere in the window to open it.
  useEffect(() => {
    if (!canOpenDropped(api)) return;
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const onLeave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onOver = (e: DragEvent) => {
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (e: DragEvent) => {
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const file = firstDroppedFile(e.dataTransfer);
      if (!file) return;
      const asCase = isCaseFile(file.name);
      pathForDroppedFile(api, file, asCase ? 'case' : 'list').then(
        (path) => (asCase ? openCase(path) : openFile(path)),
        (error) => reportError(error instanceof DropNotSupportedError ? { code: error.code, message: t('start.dropUnsupported'), worded: true } : error),
      );
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [api, openFile, openCase, reportError, t]);

  return (
    <div className="app">
      {session ? (
        <ReopenContext.Provider value={reopenFile}>
          <CaseProvider key={session.caseId} caseId={session.caseId} startup={session.startup} checkPollMs={checkPollMs}>
            <CaseScreen onClose={() => void closeCase()} onCommands={setCaseCommands} />
          </CaseProvider>
        </ReopenContext.Provider>
      ) : (
        <>
          <Header />
          <Banners />
          <JobBar />
          <main className="app-main">
            <StartScreen options={options} onOptions={setOptions} onOpenFile={(p) => void openFile(p)} onOpenCase={(p) => void openCase(p)} opening={opening} refusal={refusal} />
          </main>
        </>
      )}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <span>{t('start.dropNow')}</span>
        </div>
      )}
    </div>
  );
}

type TabName = 'review' | 'preview' | 'unify';

function CaseScreen({ onClose, onCommands }: { onClose(): void; onCommands(handler: ((command: MenuCommandName) => void) | null): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useApi();
  const { caseId, summary, undo, redo, busy, perform } = useCase();
  const { announce } = useNotices();
  const [tab, setTab] = useState<TabName>('review');
  const [review, setReview] = useState<ReviewState>({ filter: {}, sort: undefined });
  const [exporting, setExporting] = useState(false);
  const exportButton = useRef<HTMLButtonElement>(null);
  // A control that is disabled or removed under the keyboard hands focus on (lib/focus-rescue.ts).
  useFocusRescue(gridTabStop);
  // The skip link: to the review's grid (switching to Review first), past the header and summary.
  const skipToGrid = (e: { preventDefault(): void }) => {
    e.preventDefault();
    setTab('review');
    const focusGrid = (tries: number) => {
      const target = gridTabStop();
      if (target) target.focus();
      else if (tries > 0) requestAnimationFrame(() => focusGrid(tries - 1));
    };
    focusGrid(30);
  };

  const canUndo = summary?.canUndo ?? false;
  const canRedo = summary?.canRedo ?? false;
  const saveAs = async () => {
    if (!summary) return;
    const path = await api.pickSavePath(summary.fileName.replace(/\.[^.]+$/, '') + '.listprep');
    if (!path) return;
    const result = await perform(() => api.saveCaseAs({ caseId, path }));
    if (result) announce(t('header.saved', { path: result.casePath }));
  };

  // Ctrl/Cmd+Z and Shift+Ctrl/Cmd+Z (outside text fields, which keep their own undo). Effect events:
  // the listeners are installed once and see the latest case state.
  const onHistoryKey = useEffectEvent((e: KeyboardEvent) => {
    const action = historyShortcut(e);
    if (!action || isTypingTarget(e.target)) return;
    if (exporting) return;
    e.preventDefault();
    if (busy) return;
    if (action === 'undo' && canUndo) void undo();
    if (action === 'redo' && canRedo) void redo();
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => onHistoryKey(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The menu's case commands.
  const onCommand = useEffectEvent((command: MenuCommandName) => {
    if (command === 'undo' && canUndo && !busy) void undo();
    else if (command === 'redo' && canRedo && !busy) void redo();
    else if (command === 'export' && !busy) setExporting(true);
    else if (command === 'save-case-as') void saveAs();
    else if (command === 'close-case') onClose();
  });
  useEffect(() => {
    onCommands((command) => onCommand(command));
    return () => onCommands(null);
  }, [onCommands]);

  const showRows = (filter: RowFilter) => {
    setReview({ ...review, filter });
    setTab('review');
  };

  // Export is off while a task runs or the check is incomplete; the tooltip says why (RULES.md §8).
  const exportBlocked = !summary ? '' : busy ? t('header.exportBusy') : summary.incomplete ? gapExportReason(summary.incomplete, t, lang) : '';

  const tabs = [
    { id: 'review' as const, label: t('tabs.review') },
    { id: 'preview' as const, label: t('tabs.preview') },
    { id: 'unify' as const, label: t('tabs.unify') },
  ];
  return (
    <>
      <a href="#case-main" className="skip-link" onClick={skipToGrid}>
        {t('a11y.skipToGrid')}
      </a>
      <Header>
        {summary && (
          // The screen's one h1: the case's file, and (for screen readers) the tab on show.
          <h1 className="header-file" title={summary.sourcePath}>
            <VisibleText value={summary.fileName} />
            <span className="visually-hidden"> — {tabs.find((x) => x.id === tab)?.label}</span>
          </h1>
        )}
        <div className="toolbar" role="toolbar" aria-label={t('header.caseActions')} data-focus-group="">
          <button type="button" className="btn" disabled={!summary?.canUndo || busy} onClick={() => void undo()} aria-keyshortcuts="Control+Z Meta+Z">
            <span aria-hidden="true">↶ </span>
            {t('header.undo')}
          </button>
          <button type="button" className="btn" disabled={!summary?.canRedo || busy} onClick={() => void redo()} aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z">
            <span aria-hidden="true">↷ </span>
            {t('header.redo')}
          </button>
          <button type="button" className="btn" disabled={!summary} onClick={() => void saveAs()}>
            {t('header.saveAs')}
          </button>
          {/* The title sits on a wrapper too: some browsers show no tooltip over a disabled button. */}
          <span className="button-tip" title={exportBlocked || undefined}>
            <button
              ref={exportButton}
              type="button"
              className="btn btn-primary"
              disabled={!summary || exportBlocked !== ''}
              title={exportBlocked || undefined}
              aria-describedby={exportBlocked ? 'export-blocked-reason' : undefined}
              onClick={() => setExporting(true)}
            >
              {t('header.export')}
            </button>
            {exportBlocked && (
              <span id="export-blocked-reason" className="visually-hidden">
                {exportBlocked}
              </span>
            )}
          </span>
          <button type="button" className="btn" onClick={onClose}>
            {t('header.close')}
          </button>
        </div>
      </Header>
      <Banners />
      <IncompleteBanner onExportPartial={() => setExporting(true)} />
      <JobBar />
      <main className="app-main case-main" id="case-main" aria-busy={busy}>
        <Tabs<TabName> tabs={tabs} active={tab} onSelect={setTab} prefix="case" label={t('tabs.label')} />
        <div role="tabpanel" id={panelId('case', tab)} aria-labelledby={tabId('case', tab)} className="tab-panel">
          {tab === 'review' && <ReviewTab state={review} onChange={setReview} />}
          {tab === 'preview' && <PreviewTab onShowRows={showRows} />}
          {tab === 'unify' && <UnifyTab />}
        </div>
      </main>
      {exporting && <ExportDialog onClose={() => setExporting(false)} returnFocusTo={exportButton} />}
    </>
  );
}
