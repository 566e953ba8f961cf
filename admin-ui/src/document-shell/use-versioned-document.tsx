import { isApiError, useApiErrorHandler } from '@rapport/ui-shared';
import { App } from 'antd';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useBlocker } from 'react-router';
import { testId } from '../components/test-id';
import { useUndoHistory } from '../components/use-undo-history';
import { useDocumentT } from './document-messages';

/** What every versioned document the server keeps has: a revision for optimistic saves, and its published versions. */
export interface VersionedRecord {
  rev: number;
  latestVersion: number | null;
}

export interface VersionedDocumentOptions<Doc extends VersionedRecord, Draft> {
  /** The copy the page loaded; undefined for a document not created yet. */
  document: Doc | undefined;
  initial: Draft;
  draftOf: (doc: Doc) => Draft;
  same: (a: Draft, b: Draft) => boolean;
  /** Fetches the server's copy again (after a conflict, or when another dialog changed it). */
  reload: () => Promise<Doc | undefined>;
  /** Called once the draft was replaced by a fresh copy, to drop what pointed into the old one. */
  onReset?: () => void;
  /** Stores the draft: creates the document when `saved` is undefined, else updates it. */
  write: (draft: Draft, saved: Doc | undefined) => Promise<Doc>;
  /** Where to go once the document was created; the unsaved-changes guard lets that navigation through. */
  onCreated?: (created: Doc) => void;
  publish: (current: Doc) => Promise<Doc>;
  /** The dialog offered when someone else saved first; its reload button is `<testIdPrefix>-conflict-reload`. */
  conflict: { title: string; body: string };
  testIdPrefix: string;
  /** Refusals this kind of document explains its own way; true when it did. */
  explain?: (error: unknown) => boolean;
  /** The problems a refused save lists, as the kind shows them; null when the error lists none. */
  problemsOf?: (error: unknown) => ReactNode | null;
  /** Asks before leaving the page inside the app with unsaved changes (`<testIdPrefix>-leave` confirms). */
  leaveGuard?: { title: string; body: string; ok: string };
}

/**
 * The editing state of a versioned document (a form, a workflow): the draft with undo and redo, the
 * copy last saved, whether they differ (and a warning before the tab closes while they do), saving and
 * publishing with the same answers to a conflict, a list of problems or any other refusal.
 */
export function useVersionedDocument<Doc extends VersionedRecord, Draft>(
  options: VersionedDocumentOptions<Doc, Draft>,
) {
  const { document, draftOf, same, reload, onReset, write, onCreated, conflict, testIdPrefix } = options;
  const t = useDocumentT();
  const { message, modal } = App.useApp();
  const onError = useApiErrorHandler();
  const history = useUndoHistory(options.initial);
  const { draft, reset } = history;
  const [saved, setSaved] = useState<Doc | undefined>(document);
  const dirty = useMemo(() => !saved || !same(draft, draftOf(saved)), [draft, saved, same, draftOf]);
  // Set just before leaving on purpose (after creating), so the unsaved-changes guard lets the navigation through.
  const leaving = useRef(false);

  // A newer copy from the server (another tab's save, a reload) replaces the baseline; unsaved edits stay.
  useEffect(() => {
    if (document && saved && document.rev > saved.rev) setSaved(document);
  }, [document, saved]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const guarded = options.leaveGuard !== undefined;
  const { title: leaveTitle, body: leaveBody, ok: leaveOk } = options.leaveGuard ?? {};
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      guarded && dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: leaveTitle,
      content: leaveBody,
      okText: leaveOk,
      okButtonProps: { danger: true, ...testId(`${testIdPrefix}-leave`) },
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal, leaveTitle, leaveBody, leaveOk, testIdPrefix]);

  const reloadFromServer = async () => {
    const fresh = await reload();
    if (!fresh) return;
    setSaved(fresh);
    reset(draftOf(fresh));
    onReset?.();
  };

  const reportError = (error: unknown) => {
    if (isApiError(error, 'ERR_CONFLICT')) {
      modal.confirm({
        title: conflict.title,
        content: conflict.body,
        okText: t('document.reload'),
        okButtonProps: testId(`${testIdPrefix}-conflict-reload`),
        onOk: reloadFromServer,
      });
      return;
    }
    if (options.explain?.(error)) return;
    const listed = options.problemsOf?.(error);
    if (listed) {
      modal.error({ title: error instanceof Error ? error.message : '', width: 640, content: listed });
      return;
    }
    onError(error);
  };

  const save = async (): Promise<Doc | undefined> => {
    try {
      const next = await write(draft, saved);
      if (!saved && onCreated) {
        leaving.current = true;
        onCreated(next);
        return next;
      }
      setSaved(next);
      return next;
    } catch (error) {
      reportError(error);
      return undefined;
    }
  };

  const onSave = async () => {
    if (await save()) message.success(t('document.saved'));
  };

  /** Saves first when the draft has changes, then publishes what was saved. */
  const publish = async () => {
    const current = dirty ? await save() : saved;
    if (!current) return;
    try {
      const next = await options.publish(current);
      setSaved(next);
      message.success(t('document.published', { version: next.latestVersion ?? '' }));
    } catch (error) {
      reportError(error);
    }
  };

  return { ...history, saved, setSaved, dirty, reloadFromServer, onSave, publish };
}
