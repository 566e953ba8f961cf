import { useDroppable } from '@dnd-kit/core';
import type { FieldPath } from '../builder/form-draft';

/** Makes an element the drop target that appends to the container at `path` ([] is the form itself). */
export function useContainerDroppable(path: FieldPath) {
  return useDroppable({ id: `container:${path.join('/')}`, data: { target: 'container', path } });
}
