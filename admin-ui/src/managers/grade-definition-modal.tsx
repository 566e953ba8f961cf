import type { Message } from '@rapport/schemas';
import { useLanguage } from '@rapport/ui-shared';
import { Form, Input, InputNumber, Select } from 'antd';
import { type GradeDefinitionView, useReloadGrades, useSetGrade } from '../api/org';
import { FormModal } from '../components/form-modal';
import { useOrgT } from '../org/org-messages';
import { ProblemAlert } from '../org/problem-alert';
import { useProblemSave } from '../org/use-problem-save';
import { gradeLabel } from '../org/vocabulary-labels';

interface DefinitionForm {
  criteria: Message;
  customerTiers: string[];
  products: string[];
  baseSalary: number;
}

const cleanTags = (tags: readonly string[]) => [
  ...new Set(tags.map((t) => t.trim()).filter((t) => t !== '')),
];

/** A free list of words, typed and ended with Enter. */
function TagsInput(props: { value?: string[]; onChange?: (value: string[]) => void; testId: string }) {
  return (
    <Select
      mode="tags"
      open={false}
      suffixIcon={null}
      value={props.value}
      onChange={props.onChange}
      data-testid={props.testId}
    />
  );
}

/** Edits what one grade requires, serves and pays. */
export function GradeDefinitionModal({
  institutionId,
  definition,
  onClose,
}: {
  institutionId: string;
  definition: GradeDefinitionView | undefined;
  onClose: () => void;
}) {
  const t = useOrgT();
  const language = useLanguage();
  const [form] = Form.useForm<DefinitionForm>();
  const setGrade = useSetGrade(institutionId);
  const reload = useReloadGrades(institutionId);
  const { save, problems, close } = useProblemSave({ onClose, reload });
  const grade = definition ? gradeLabel(definition.grade, language) : '';

  const submit = (values: DefinitionForm) =>
    save(async () => {
      if (!definition) return '';
      await setGrade.mutateAsync({
        grade: definition.grade,
        input: {
          rev: definition.rev,
          criteria: { zh: values.criteria.zh.trim(), en: values.criteria.en.trim() },
          customerTiers: cleanTags(values.customerTiers),
          products: cleanTags(values.products),
          baseSalary: values.baseSalary,
        },
      });
      return t('grades.saved', { grade });
    });

  return (
    <FormModal<DefinitionForm>
      open={definition !== undefined}
      title={t('grades.editTitle', { grade })}
      form={form}
      onFinish={submit}
      onClose={close}
      saving={setGrade.isPending}
      submitTestId="grade-definition-submit"
      initialValues={definition ?? {}}
    >
      <ProblemAlert problems={problems} />
      <Form.Item
        name={['criteria', 'zh']}
        label={t('grades.criteriaZh')}
        rules={[{ required: true, whitespace: true, message: t('grades.criteriaRequired') }]}
      >
        <Input.TextArea
          maxLength={4000}
          autoSize={{ minRows: 3, maxRows: 8 }}
          data-testid="grade-criteria-zh"
        />
      </Form.Item>
      <Form.Item
        name={['criteria', 'en']}
        label={t('grades.criteriaEn')}
        rules={[{ required: true, whitespace: true, message: t('grades.criteriaRequired') }]}
      >
        <Input.TextArea
          maxLength={4000}
          autoSize={{ minRows: 3, maxRows: 8 }}
          data-testid="grade-criteria-en"
        />
      </Form.Item>
      <Form.Item name="customerTiers" label={t('grades.customerTiers')} extra={t('grades.tagsHelp')}>
        <TagsInput testId="grade-customer-tiers" />
      </Form.Item>
      <Form.Item name="products" label={t('grades.products')} extra={t('grades.tagsHelp')}>
        <TagsInput testId="grade-products" />
      </Form.Item>
      <Form.Item
        name="baseSalary"
        label={t('grades.baseSalary')}
        rules={[{ required: true, message: t('grades.baseSalaryRequired') }]}
      >
        <InputNumber
          min={0}
          max={10_000_000}
          step={500}
          style={{ width: 200 }}
          data-testid="grade-base-salary"
        />
      </Form.Item>
    </FormModal>
  );
}
