import { deriveTree, findTreeField } from './derive-tree';
import type { FieldPath, FormDraft } from './form-draft';

/** Where something was dropped: next to a field (before or after it), or into a container's empty space. */
export type DropTarget =
  | { target: 'field'; path: FieldPath; after: boolean }
  | { target: 'container'; path: FieldPath };

function displayedKeys(draft: FormDraft, parent: FieldPath): string[] {
  const tree = deriveTree(draft);
  const level = parent.length === 0 ? tree : findTreeField(tree, parent)?.children;
  return (level ?? []).map((f) => f.key);
}

/**
 * The container and index (counted without the moved field, as addField/moveField take it) a drop lands at.
 * `moving` is the path of a field being moved, undefined for a new field from the palette.
 */
export function resolveDrop(
  draft: FormDraft,
  drop: DropTarget,
  moving: FieldPath | undefined,
): { parent: FieldPath; index: number } {
  const parent = drop.target === 'container' ? drop.path : drop.path.slice(0, -1);
  let keys = displayedKeys(draft, parent);
  const movingHere =
    moving !== undefined && moving.length === parent.length + 1 && parent.every((k, i) => k === moving[i]);
  if (movingHere) keys = keys.filter((k) => k !== moving[moving.length - 1]);
  if (drop.target === 'container') return { parent, index: keys.length };
  const key = drop.path[drop.path.length - 1] as string;
  const at = keys.indexOf(key);
  if (at < 0) return { parent, index: keys.length };
  return { parent, index: drop.after ? at + 1 : at };
}
