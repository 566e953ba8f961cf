/** A `data-testid` for props antd types without `data-*` attributes (a modal's or popconfirm's buttons). */
export function testId(id: string): Record<`data-${string}`, string> {
  return { 'data-testid': id };
}
