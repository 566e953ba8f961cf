import { localisedName, useLanguage, useT } from '@rapport/ui-shared';
import { Button, Flex, Popconfirm, Tag, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { OrgUnitView } from '../api/org';
import { useOrgT } from './org-messages';
import { buildUnitTree } from './unit-tree';
import { kindLabel } from './vocabulary-labels';

interface UnitNode {
  key: string;
  unit: OrgUnitView;
  children: UnitNode[];
}

export interface OrgTreeProps {
  units: readonly OrgUnitView[];
  /** People placed directly in each unit, by unit id. */
  people: ReadonlyMap<string, number>;
  onAddChild: (unit: OrgUnitView) => void;
  onRename: (unit: OrgUnitView) => void;
  onMove: (unit: OrgUnitView) => void;
  onRemove: (unit: OrgUnitView) => Promise<unknown>;
}

/** The org tree, every unit expanded unless folded, each with its actions. */
export function OrgTree({ units, people, onAddChild, onRename, onMove, onRemove }: OrgTreeProps) {
  const t = useOrgT();
  const tShared = useT();
  const language = useLanguage();
  // Folded units are remembered rather than expanded ones, so a unit just added shows at once.
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  const treeData = useMemo(
    () => buildUnitTree<UnitNode>(units, (unit, children) => ({ key: unit.id, unit, children })),
    [units],
  );
  const expandedKeys = units.map((u) => u.id).filter((id) => !folded.has(id));

  const renderUnit = ({ unit }: UnitNode) => {
    const name = localisedName(unit.name, language);
    return (
      <Flex align="center" gap={8} wrap data-testid={`org-unit-${unit.code}`}>
        <Typography.Text strong>{name}</Typography.Text>
        <Tag>{unit.code}</Tag>
        <Tag color="blue">{kindLabel(unit.kind, language)}</Tag>
        <Typography.Text type="secondary" data-testid={`org-unit-people-${unit.code}`}>
          {t('org.people', { count: people.get(unit.id) ?? 0 })}
        </Typography.Text>
        <span>
          <Button
            type="link"
            size="small"
            onClick={() => onAddChild(unit)}
            data-testid={`org-add-child-${unit.code}`}
          >
            {t('org.addChild')}
          </Button>
          <Button
            type="link"
            size="small"
            onClick={() => onRename(unit)}
            data-testid={`org-rename-${unit.code}`}
          >
            {t('org.rename')}
          </Button>
          {unit.kind === 'head-office' ? null : (
            <Button
              type="link"
              size="small"
              onClick={() => onMove(unit)}
              data-testid={`org-move-${unit.code}`}
            >
              {t('org.move')}
            </Button>
          )}
          <Popconfirm
            title={t('org.removeConfirm', { name })}
            okText={tShared('common.confirm')}
            cancelText={tShared('common.cancel')}
            onConfirm={() => onRemove(unit)}
            okButtonProps={{ 'data-testid': 'org-remove-confirm' }}
          >
            <Button type="link" size="small" danger data-testid={`org-remove-${unit.code}`}>
              {t('org.remove')}
            </Button>
          </Popconfirm>
        </span>
      </Flex>
    );
  };

  return (
    <Tree<UnitNode>
      treeData={treeData}
      titleRender={renderUnit}
      expandedKeys={expandedKeys}
      onExpand={(_, { node, expanded }) =>
        setFolded((current) => {
          const next = new Set(current);
          if (expanded) next.delete(String(node.key));
          else next.add(String(node.key));
          return next;
        })
      }
      selectable={false}
      showLine
      blockNode
    />
  );
}
