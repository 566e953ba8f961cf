import { type CollisionDetection, pointerWithin, rectIntersection } from '@dnd-kit/core';

function pathOf(data: unknown): readonly string[] | undefined {
  const path = (data as { path?: readonly string[] } | undefined)?.path;
  return Array.isArray(path) ? path : undefined;
}

/**
 * The smallest drop area under the pointer wins, so a field inside a section beats the section, which
 * beats the canvas. A dragged field can be dropped neither on itself nor inside itself.
 */
export const innermostCollision: CollisionDetection = (args) => {
  const moving = args.active.data.current?.source === 'field' ? pathOf(args.active.data.current) : undefined;
  const allowed = args.droppableContainers.filter((container) => {
    const path = pathOf(container.data.current);
    if (!moving || !path || path.length < moving.length) return true;
    return !moving.every((k, i) => k === path[i]);
  });
  const scoped = { ...args, droppableContainers: allowed };
  const hits = pointerWithin(scoped);
  const candidates = hits.length > 0 ? hits : rectIntersection(scoped);
  const area = (id: string | number) => {
    const rect = args.droppableRects.get(id);
    return rect ? rect.width * rect.height : Number.POSITIVE_INFINITY;
  };
  return [...candidates].sort((a, b) => area(a.id) - area(b.id));
};
