import type { TreeField } from '../builder/derive-tree';
import { CanvasField, type CanvasFieldProps } from './canvas-field';

export type CanvasFieldListProps = Omit<CanvasFieldProps, 'field' | 'index'> & { fields: TreeField[] };

/** Sibling fields on the canvas (the form's top level or one group's children), each knowing its position. */
export function CanvasFieldList({
  fields,
  selected,
  onSelect,
  onRemove,
  problemPaths,
}: CanvasFieldListProps) {
  return fields.map((field, index) => (
    <CanvasField
      key={field.key}
      field={field}
      index={index}
      selected={selected}
      onSelect={onSelect}
      onRemove={onRemove}
      problemPaths={problemPaths}
    />
  ));
}
