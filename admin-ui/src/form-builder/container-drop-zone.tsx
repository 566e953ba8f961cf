import { useDroppable } from '@dnd-kit/core';
import { Typography } from 'antd';
import { Children, type ReactNode } from 'react';
import type { FieldPath } from '../builder/form-draft';
import { useBuilderT } from './builder-messages';

/** The area of a section or repeating group that takes dropped fields (appended at its end). */
export function ContainerDropZone({ path, children }: { path: FieldPath; children: ReactNode }) {
  const t = useBuilderT();
  const { setNodeRef, isOver } = useDroppable({
    id: `container:${path.join('/')}`,
    data: { target: 'container', path },
  });
  const empty = Children.count(children) === 0;
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
