import { Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useBuilderT } from './builder-messages';

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * A JSON object in a text box. Valid text is handed up at once; invalid text stays local with its parse error
 * shown, and is replaced when the value changes elsewhere (undo, the canvas).
 */
export function JsonEditor({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  testId: string;
}) {
  const t = useBuilderT();
  const [text, setText] = useState(() => pretty(value));
  const [error, setError] = useState<string>();

  useEffect(() => {
    setText((current) => {
      try {
        if (pretty(JSON.parse(current)) === pretty(value)) return current;
      } catch {
        // The local text does not parse: the outside change wins.
      }
      setError(undefined);
      return pretty(value);
    });
  }, [value]);

  const change = (next: string) => {
    setText(next);
    let parsed: unknown;
    try {
      parsed = JSON.parse(next);
    } catch (e) {
      setError(t('json.parseError', { message: e instanceof Error ? e.message : String(e) }));
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setError(t('json.notObject'));
      return;
    }
    setError(undefined);
    onChange(parsed as Record<string, unknown>);
  };

  return (
    <div>
      <Typography.Text strong>{label}</Typography.Text>
      <Input.TextArea
        value={text}
        onChange={(e) => change(e.target.value)}
        autoSize={{ minRows: 16, maxRows: 40 }}
        spellCheck={false}
        status={error ? 'error' : undefined}
        style={{ fontFamily: 'monospace', fontSize: 12 }}
        data-testid={testId}
      />
      {error ? (
        <Typography.Text type="danger" data-testid={`${testId}-error`}>
          {error}
        </Typography.Text>
      ) : null}
    </div>
  );
}
