import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import type { FormProblem } from '@rapport/ui-shared';
import { App, Col, Row, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { addField } from '../builder/add-field';
import { deriveTree, rootAdvancedKeywords } from '../builder/derive-tree';
import type { FieldType } from '../builder/field-types';
import { BuilderError, type FieldPath, type FormDraft } from '../builder/form-draft';
import { moveField } from '../builder/move-field';
import { problemField } from '../builder/problem-field';
import { removeField } from '../builder/remove-field';
import { type DropTarget, resolveDrop } from '../builder/resolve-drop';
import { useBuilderT } from './builder-messages';
import { Canvas } from './canvas';
import { FieldTypeIcon } from './field-type-icon';
import { innermostCollision } from './innermost-collision';
import { Palette } from './palette';
import { PropertyPanel } from './property-panel';

export interface DesignTabProps {
  draft: FormDraft;
  edit: (draft: FormDraft, tag?: string) => void;
  selected: FieldPath | undefined;
  onSelect: (path: FieldPath | undefined) => void;
  problems: readonly FormProblem[];
}

type DragData = { source: 'palette'; type: FieldType } | { source: 'field'; path: FieldPath };

function pointerY(event: DragEndEvent): number | undefined {
  const start = event.activatorEvent;
  return start instanceof MouseEvent || (typeof PointerEvent !== 'undefined' && start instanceof PointerEvent)
    ? (start as MouseEvent).clientY + event.delta.y
    : undefined;
}

function dropTargetOf(event: DragEndEvent): DropTarget | undefined {
  const over = event.over;
  const data = over?.data.current as { target?: string; path?: FieldPath } | undefined;
  if (!over || !data?.path) return undefined;
  if (data.target === 'container') return { target: 'container', path: data.path };
  const y = pointerY(event);
  const after = y !== undefined && y > over.rect.top + Math.min(over.rect.height / 2, 20);
  return { target: 'field', path: data.path, after };
}

/** Palette, canvas and property panel, with drag and drop between them. */
export function DesignTab({ draft, edit, selected, onSelect, problems }: DesignTabProps) {
  const t = useBuilderT();
  const { message } = App.useApp();
  const [dragging, setDragging] = useState<DragData>();
  // A few pixels of travel before a drag starts, so clicks still select and add.
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor),
  );
  const tree = useMemo(() => deriveTree(draft), [draft]);
  const rootAdvanced = useMemo(() => rootAdvancedKeywords(draft), [draft]);
  const problemPaths = useMemo(() => {
    const paths = new Set<string>();
    for (const problem of problems) {
      const field =
        problem.in === 'schema' || problem.in === 'uiSchema' ? problemField(problem.path) : undefined;
      // A problem deep in a group marks the group and each field on the way.
      for (let i = 1; field && i <= field.length; i += 1) paths.add(field.slice(0, i).join('/'));
    }
    return paths;
  }, [problems]);

  const attempt = (change: () => void) => {
    try {
      change();
    } catch (error) {
      if (error instanceof BuilderError) message.warning(t(`builder.error.${error.code}`));
      else throw error;
    }
  };

  const add = (type: FieldType, parent: FieldPath = [], index?: number) =>
    attempt(() => {
      const result = addField(draft, type, parent, { title: t(`type.${type}`), index });
      edit(result.draft);
      onSelect(result.path);
    });

  const onDragEnd = (event: DragEndEvent) => {
    setDragging(undefined);
    const data = event.active.data.current as DragData | undefined;
    const drop = dropTargetOf(event);
    if (!data || !drop) return;
    attempt(() => {
      const moving = data.source === 'field' ? data.path : undefined;
      const { parent, index } = resolveDrop(draft, drop, moving);
      if (data.source === 'palette') {
        add(data.type, parent, index);
        return;
      }
      const next = moveField(draft, data.path, parent, index);
      edit(next);
      onSelect([...parent, data.path[data.path.length - 1] as string]);
    });
  };

  const remove = (path: FieldPath) =>
    attempt(() => {
      edit(removeField(draft, path));
      onSelect(undefined);
    });

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={innermostCollision}
      // Scroll only when the pointer nearly touches the window's edge, not whenever a drag starts low on the page.
      autoScroll={{ threshold: { x: 0, y: 0.05 } }}
      onDragStart={(event: DragStartEvent) => setDragging(event.active.data.current as DragData)}
      onDragCancel={() => setDragging(undefined)}
      onDragEnd={onDragEnd}
    >
      <Row gutter={16} wrap={false}>
        <Col flex="200px">
          <Palette onAdd={(type) => add(type)} />
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <Canvas
            tree={tree}
            rootAdvanced={rootAdvanced}
            selected={selected}
            onSelect={onSelect}
            onRemove={remove}
            problemPaths={problemPaths}
          />
        </Col>
        <Col flex="340px">
          <PropertyPanel
            draft={draft}
            tree={tree}
            selected={selected}
            edit={edit}
            onSelect={onSelect}
            problems={problems}
          />
        </Col>
      </Row>
      <DragOverlay dropAnimation={null}>
        {dragging ? (
          <Tag style={{ padding: '4px 8px', fontSize: 14, boxShadow: '0 4px 12px rgba(0,0,0,.15)' }}>
            {dragging.source === 'palette' ? (
              <>
                <FieldTypeIcon kind={dragging.type} /> {t(`type.${dragging.type}`)}
              </>
            ) : (
              dragging.path.join(' / ')
            )}
          </Tag>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
}
