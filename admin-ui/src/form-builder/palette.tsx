import { useDraggable } from '@dnd-kit/core';
import { Button, Flex, Typography } from 'antd';
import { FIELD_TYPES, type FieldType } from '../builder/field-types';
import { useBuilderT } from './builder-messages';
import { FieldTypeIcon } from './field-type-icon';

function PaletteItem({ type, onAdd }: { type: FieldType; onAdd: (type: FieldType) => void }) {
  const t = useBuilderT();
  const { setNodeRef, listeners, attributes, isDragging } = useDraggable({
    id: `palette:${type}`,
    data: { source: 'palette', type },
  });
  return (
    <Button
      ref={setNodeRef}
      {...listeners}
      {...attributes}
      block
      size="small"
      icon={<FieldTypeIcon kind={type} />}
      style={{ justifyContent: 'flex-start', opacity: isDragging ? 0.5 : 1, touchAction: 'none' }}
      onClick={() => onAdd(type)}
      data-testid={`palette-${type}`}
    >
      {t(`type.${type}`)}
    </Button>
  );
}

/** The field types; drag one onto the canvas, or click (or press Enter) to add it at the end. */
export function Palette({ onAdd }: { onAdd: (type: FieldType) => void }) {
  const t = useBuilderT();
  return (
    <Flex vertical gap={4} data-testid="palette">
      <Typography.Text strong>{t('builder.palette')}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('builder.paletteHint')}
      </Typography.Text>
      {FIELD_TYPES.map((type) => (
        <PaletteItem key={type} type={type} onAdd={onAdd} />
      ))}
    </Flex>
  );
}
