import { DeleteOutlined, WarningOutlined } from '@ant-design/icons';
import { useDraggable, useDroppable } from '@dnd-kit/core';
import { Button, Flex, Popconfirm, Tag, Tooltip, Typography } from 'antd';
import type { TreeField } from '../builder/derive-tree';
import type { FieldPath } from '../builder/form-draft';
import { useBuilderT } from './builder-messages';
import { ContainerDropZone } from './container-drop-zone';
import { FieldTypeIcon } from './field-type-icon';

export interface CanvasFieldProps {
  field: TreeField;
  /** Position among its siblings as displayed. */
  index: number;
  selected: FieldPath | undefined;
  onSelect: (path: FieldPath) => void;
  onRemove: (path: FieldPath) => void;
  /** Joined paths of fields the server check complains about. */
  problemPaths: ReadonlySet<string>;
}

const samePath = (a: FieldPath | undefined, b: FieldPath) =>
  a !== undefined && a.length === b.length && a.every((k, i) => k === b[i]);

/** One field on the canvas: drag it by its header, drop onto it to insert next to it; groups hold their children. */
export function CanvasField({ field, index, selected, onSelect, onRemove, problemPaths }: CanvasFieldProps) {
  const t = useBuilderT();
  const id = field.path.join('/');
  const drag = useDraggable({ id: `field:${id}`, data: { source: 'field', path: field.path } });
  const drop = useDroppable({ id: `row:${id}`, data: { target: 'field', path: field.path, index } });
  const isSelected = samePath(selected, field.path);
  const hasProblem = problemPaths.has(id);
  const label = field.title || field.key;
  return (
    <div
      ref={(el) => {
        drag.setNodeRef(el);
        drop.setNodeRef(el);
      }}
      data-testid={`canvas-field-${field.key}`}
      style={{
        border: `1px solid ${isSelected ? '#1677ff' : hasProblem ? '#ff4d4f' : '#d9d9d9'}`,
        borderTop: drop.isOver ? '3px solid #1677ff' : undefined,
        borderRadius: 6,
        background: field.kind === 'advanced' ? '#fafafa' : '#fff',
        opacity: drag.isDragging ? 0.4 : 1,
        marginBottom: 8,
      }}
    >
      <Flex
        {...drag.listeners}
        {...drag.attributes}
        align="center"
        gap={8}
        onClick={(event) => {
          event.stopPropagation();
          onSelect(field.path);
        }}
        style={{ padding: '8px 12px', cursor: 'grab', touchAction: 'none' }}
      >
        <FieldTypeIcon kind={field.kind} />
        <Typography.Text strong ellipsis style={{ flex: 1 }}>
          {label}
          {field.required ? <span style={{ color: '#ff4d4f' }}> *</span> : null}
        </Typography.Text>
        {hasProblem ? <WarningOutlined style={{ color: '#ff4d4f' }} /> : null}
        <Typography.Text type="secondary" code>
          {field.key}
        </Typography.Text>
        <Tag>{t(`type.${field.kind}`)}</Tag>
        <Popconfirm
          title={t('builder.removeConfirm', { name: label })}
          onConfirm={() => onRemove(field.path)}
          onPopupClick={(event) => event.stopPropagation()}
        >
          <Tooltip title={t('builder.remove')}>
            <Button
              type="text"
              size="small"
              danger
              icon={<DeleteOutlined />}
              onClick={(event) => event.stopPropagation()}
              data-testid={`canvas-remove-${field.key}`}
            />
          </Tooltip>
        </Popconfirm>
      </Flex>
      {field.kind === 'advanced' ? (
        <Typography.Text type="secondary" style={{ display: 'block', padding: '0 12px 8px', fontSize: 12 }}>
          {field.advanced.join(', ')}
        </Typography.Text>
      ) : null}
      {field.children ? (
        <div style={{ padding: '0 12px 12px 24px' }}>
          <ContainerDropZone path={field.path} empty={field.children.length === 0}>
            <CanvasFieldList
              fields={field.children}
              selected={selected}
              onSelect={onSelect}
              onRemove={onRemove}
              problemPaths={problemPaths}
            />
          </ContainerDropZone>
        </div>
      ) : null}
    </div>
  );
}

// The list and the field render each other (a group's children are a list): one module, no cycle.
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
