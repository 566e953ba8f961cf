import type { OrgUnitView } from '../api/org';

/** The units directly below each unit (the key `null` holds the roots), each list ordered by code. */
export function childrenByParent(units: readonly OrgUnitView[]): Map<string | null, OrgUnitView[]> {
  const children = new Map<string | null, OrgUnitView[]>();
  const ids = new Set(units.map((u) => u.id));
  for (const unit of [...units].sort((a, b) => a.code.localeCompare(b.code))) {
    // A parent outside the list (not visible to this user) makes the unit a root here.
    const parent = unit.parentId !== null && ids.has(unit.parentId) ? unit.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), unit]);
  }
  return children;
}

/** The ids of `rootId` and every unit below it. */
export function subtreeIds(units: readonly OrgUnitView[], rootId: string): Set<string> {
  const children = childrenByParent(units);
  const found = new Set<string>();
  const queue = [rootId];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (found.has(id)) continue;
    found.add(id);
    queue.push(...(children.get(id) ?? []).map((u) => u.id));
  }
  return found;
}

/** The tree of `units`, each node built by `build` from its unit and its built children. */
export function buildUnitTree<Node>(
  units: readonly OrgUnitView[],
  build: (unit: OrgUnitView, children: Node[]) => Node,
): Node[] {
  const children = childrenByParent(units);
  const seen = new Set<string>();
  const walk = (parent: string | null): Node[] =>
    (children.get(parent) ?? [])
      .filter((unit) => !seen.has(unit.id) && seen.add(unit.id))
      .map((unit) => build(unit, walk(unit.id)));
  return walk(null);
}
