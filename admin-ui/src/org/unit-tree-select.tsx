import { localisedName, useLanguage } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { orgUnitsQuery } from '../api/org';
import { buildUnitTree } from './unit-tree';

interface UnitOption {
  value: string;
  title: string;
  code: string;
  disabled: boolean;
  children: UnitOption[];
}

export interface UnitTreeSelectProps {
  institutionId: string;
  /** Set by Form.Item. */
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** Units that may not be chosen (e.g. a unit and those below it, when moving it). */
  disabledIds?: ReadonlySet<string>;
  placeholder?: string;
  allowClear?: boolean;
  testId: string;
  style?: React.CSSProperties;
}

/** Picks one unit of the institution's org tree; clearing it gives null. */
export function UnitTreeSelect({
  institutionId,
  value,
  onChange,
  disabledIds,
  placeholder,
  allowClear = true,
  testId,
  style,
}: UnitTreeSelectProps) {
  const language = useLanguage();
  const units = useQuery(orgUnitsQuery(institutionId));
  const treeData = useMemo(
    () =>
      buildUnitTree<UnitOption>(units.data ?? [], (unit, children) => ({
        value: unit.id,
        title: localisedName(unit.name, language),
        code: unit.code,
        disabled: disabledIds?.has(unit.id) ?? false,
        children,
      })),
    [units.data, language, disabledIds],
  );
  return (
    <TreeSelect<string | undefined, UnitOption>
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? null)}
      treeData={treeData}
      treeDefaultExpandAll
      treeLine
      showSearch={{ treeNodeFilterProp: 'title' }}
      allowClear={allowClear}
      placeholder={placeholder}
      loading={units.isPending}
      treeTitleRender={(node) => <span data-testid={`unit-option-${node.code}`}>{node.title}</span>}
      data-testid={testId}
      style={style ?? { width: '100%' }}
    />
  );
}
