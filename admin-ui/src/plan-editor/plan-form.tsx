import { Alert, Button, Card, Form, type FormInstance, type FormItemProps } from 'antd';
import { createContext, type ReactNode, useContext } from 'react';
import { usePlanEditorT } from './plan-editor-messages';
import { fieldProblems, type ServerProblem } from './server-problems';

const PlanProblems = createContext<readonly ServerProblem[]>([]);

export interface PlanFormProps<V extends object> {
  form: FormInstance<V>;
  initialValues: V;
  /** The server's problems of the last save, each shown on its field and all listed above. */
  problems: readonly ServerProblem[];
  saving: boolean;
  /** A plan that can no longer change: every field disabled, no save button. */
  readOnly?: boolean;
  onSubmit: (values: V) => void;
  /** Called on any edit, to clear the server's problems that may no longer hold. */
  onEdit: () => void;
  testId: string;
  children: ReactNode;
}

/** The frame of a plan editor: its problems listed first, its sections, and the save button. */
export function PlanForm<V extends object>({
  form,
  initialValues,
  problems,
  saving,
  readOnly,
  onSubmit,
  onEdit,
  testId,
  children,
}: PlanFormProps<V>) {
  const t = usePlanEditorT();
  return (
    <Form<V>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      disabled={readOnly}
      onFinish={onSubmit}
      onValuesChange={onEdit}
      data-testid={testId}
    >
      {problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('plan.problems')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="plan-problems">
              {problems.map((p) => (
                <li key={`${p.path}-${p.message}`}>{p.message}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <PlanProblems.Provider value={problems}>{children}</PlanProblems.Provider>
      {readOnly ? null : (
        <Button type="primary" htmlType="submit" loading={saving} data-testid="plan-save">
          {t('plan.save')}
        </Button>
      )}
    </Form>
  );
}

/** One titled part of a plan. */
export function PlanSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card size="small" title={title} style={{ marginBottom: 16 }}>
      {children}
    </Card>
  );
}

export interface PlanItemProps extends Omit<FormItemProps, 'required'> {
  /** Where in the content the server reports this field's problems (a JSON pointer). */
  path?: string;
  /** Refused empty, with the editors' one "required" text. */
  required?: boolean;
}

/** A field of a plan: the server's problems at `path` shown on it. */
export function PlanItem({ path, required, ...props }: PlanItemProps) {
  const t = usePlanEditorT();
  const problems = useContext(PlanProblems);
  return (
    <Form.Item
      {...(required ? { rules: [{ required: true, message: t('plan.required') }] } : {})}
      {...props}
      {...(path ? fieldProblems(problems, path) : {})}
    />
  );
}
