import { exportFileName } from './parse-workflow-import';
import { contentOf, type WorkflowDraft } from './workflow-draft';

/** Downloads the draft as `<key>.workflow.json`, the file import reads back. */
export function downloadWorkflow(key: string, draft: WorkflowDraft): void {
  const blob = new Blob([`${JSON.stringify(contentOf(key, draft), null, 2)}\n`], {
    type: 'application/json',
  });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = exportFileName(key);
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
