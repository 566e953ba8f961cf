import { Typography } from 'antd';
import type { ReactNode } from 'react';
import type { FieldPath } from '../builder/form-draft';
import { useBuilderT } from './builder-messages';
import { useContainerDroppable } from './use-container-droppable';

/** The area of a section or repeating group that takes dropped fields (appended at its end). */
export function ContainerDropZone({
  path,
  empty,
  children,
}: {
  path: FieldPath;
  /** Whether the container has no fields yet (then a drop hint shows). */
  empty: boolean;
  children: ReactNode;
}) {
  const t = useBuilderT();
  const { setNodeRef, isOver } = useContainerDroppable(path);
  return (
    <div
      ref={setNodeRef}
      data-testid={`drop-${path.join('.')}`}
      style={{
        minHeight: 44,
        padding: 8,
        border: `1px dashed ${isOver ? '#1677ff' : '#d9d9d9'}`,
        background: isOver ? '#e6f4ff' : undefined,
        borderRadius: 6,
      }}
    >
      {children}
      {empty ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('builder.dropHere')}
        </Typography.Text>
      ) : null}
    </div>
  );
}
