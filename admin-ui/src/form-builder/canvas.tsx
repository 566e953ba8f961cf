import { Alert, Empty } from 'antd';
import type { TreeField } from '../builder/derive-tree';
import type { FieldPath } from '../builder/form-draft';
import { useBuilderT } from './builder-messages';
import { CanvasFieldList } from './canvas-field';
import { useContainerDroppable } from './use-container-droppable';

export interface CanvasProps {
  tree: TreeField[];
  rootAdvanced: string[];
  selected: FieldPath | undefined;
  onSelect: (path: FieldPath | undefined) => void;
  onRemove: (path: FieldPath) => void;
  problemPaths: ReadonlySet<string>;
}

const ROOT: FieldPath = [];

/** The form's fields as a tree; the whole area takes drops (appended to the form's end). */
export function Canvas({ tree, rootAdvanced, selected, onSelect, onRemove, problemPaths }: CanvasProps) {
  const t = useBuilderT();
  const { setNodeRef, isOver } = useContainerDroppable(ROOT);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useKeyWithClickEvents: clicking the background only clears the selection
    <div
      ref={setNodeRef}
      data-testid="canvas"
      onClick={() => onSelect(undefined)}
      style={{
        minHeight: 480,
        padding: 12,
        borderRadius: 8,
        border: `2px dashed ${isOver ? '#1677ff' : '#e5e5e5'}`,
        background: isOver ? '#f0f7ff' : '#fcfcfc',
      }}
    >
      {rootAdvanced.length > 0 ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('builder.rootAdvanced', { keywords: rootAdvanced.join(', ') })}
          data-testid="canvas-root-advanced"
        />
      ) : null}
      {tree.length === 0 ? <Empty description={t('builder.canvasEmpty')} /> : null}
      <CanvasFieldList
        fields={tree}
        selected={selected}
        onSelect={onSelect}
        onRemove={onRemove}
        problemPaths={problemPaths}
      />
    </div>
  );
}
