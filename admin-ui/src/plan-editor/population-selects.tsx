import { GRADES } from '@rapport/schemas';
import { localisedName, useLanguage } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Select, type SelectProps, TreeSelect, type TreeSelectProps } from 'antd';
import { useMemo } from 'react';
import { orgUnitsQuery } from '../api/org';
import { buildUnitTree } from '../org/unit-tree';
import { gradeLabel } from '../org/vocabulary-labels';

interface UnitOption {
  value: string;
  title: string;
  children: UnitOption[];
}

/** Picks org units of the institution's tree (a plan covers the units picked and those below them). */
export function OrgUnitsSelect({
  institutionId,
  ...props
}: { institutionId: string } & Omit<TreeSelectProps<string[], UnitOption>, 'treeData'>) {
  const language = useLanguage();
  const units = useQuery(orgUnitsQuery(institutionId));
  const unitTree = useMemo(
    () =>
      buildUnitTree<UnitOption>(units.data ?? [], (unit, children) => ({
        value: unit.id,
        title: localisedName(unit.name, language),
        children,
      })),
    [units.data, language],
  );
  return (
    <TreeSelect<string[], UnitOption>
      multiple
      treeData={unitTree}
      treeDefaultExpandAll
      loading={units.isPending}
      showSearch={{ treeNodeFilterProp: 'title' }}
      data-testid="plan-org-units"
      {...props}
    />
  );
}

/** Picks manager grades, highest first. */
export function GradesSelect(props: Omit<SelectProps, 'options'>) {
  const language = useLanguage();
  return (
    <Select
      mode="multiple"
      options={GRADES.map((g) => ({ value: g, label: gradeLabel(g, language) }))}
      data-testid="plan-grades"
      {...props}
    />
  );
}
