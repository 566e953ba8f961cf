import { Form, Input } from 'antd';
import { useEffect, useState } from 'react';
import { useDesignerT } from './designer-messages';

/**
 * A key typed freely and applied on Enter or leaving the box, so that a half-typed key never
 * renames anything; `apply` says why a key is refused, or nothing when it took it.
 */
export function KeyInput({
  label,
  help,
  value,
  apply,
  testId,
}: {
  label: string;
  help: string;
  value: string;
  apply: (key: string) => string | undefined;
  testId: string;
}) {
  const t = useDesignerT();
  const [text, setText] = useState(value);
  const [error, setError] = useState<string>();
  useEffect(() => {
    setText(value);
    setError(undefined);
  }, [value]);
  const commit = () => setError(text === value ? undefined : apply(text.trim()));
  return (
    <Form.Item
      label={label}
      extra={error ? undefined : help}
      validateStatus={error ? 'error' : undefined}
      help={error}
    >
      <Input
        value={text}
        maxLength={64}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onPressEnter={commit}
        placeholder={t('key.placeholder')}
        data-testid={testId}
        style={{ fontFamily: 'monospace' }}
      />
    </Form.Item>
  );
}
