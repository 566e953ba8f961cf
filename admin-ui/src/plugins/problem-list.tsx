import { Typography } from 'antd';

/** One problem as the server or the catalogue gives it: the file, the place in it, why. */
export interface ProblemLine {
  file: string;
  path: string;
  message: string;
}

/** Problems one per line, each with the file and path that has it, so an author can go straight there. */
export function ProblemList({ problems, testId }: { problems: ProblemLine[]; testId: string }) {
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid={testId}>
      {problems.map((p, i) => (
        // Two problems can read the same; their order is all that tells them apart.
        // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity of their own
        <li key={i}>
          {p.file || p.path ? (
            <Typography.Text code>
              {[p.file, p.path === '/' ? '' : p.path].filter(Boolean).join(' ')}
            </Typography.Text>
          ) : null}{' '}
          {p.message}
        </li>
      ))}
    </ul>
  );
}

/** The problems of a refused request: a 400 lists each (`{in, path, message}`), anything else is its message. */
export function problemLinesOf(error: { message: string; details?: unknown }): ProblemLine[] {
  const details = Array.isArray(error.details) ? (error.details as unknown[]) : [];
  const lines = details.flatMap((d) => {
    if (typeof d !== 'object' || d === null) return [];
    const { in: file, path, message } = d as { in?: unknown; path?: unknown; message?: unknown };
    return typeof message === 'string'
      ? [{ file: typeof file === 'string' ? file : '', path: typeof path === 'string' ? path : '', message }]
      : [];
  });
  return lines.length > 0 ? lines : [{ file: '', path: '', message: error.message }];
}
