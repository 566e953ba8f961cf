import { RESULT_LEVEL_LABELS, RESULT_LEVELS, type ResultLevel, type ResultSettings } from '@rapport/schemas';
import { LoadError, localisedName, useApiErrorHandler, useLanguage } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Divider, Form, InputNumber, Select, Spin, Switch, Tag } from 'antd';
import { type ResultSettingsView, resultSettingsQuery, useSaveResultSettings } from '../api/rules';
import { useRulesT } from './rules-messages';
import { SaveProblems } from './save-problems';

/** The form's shape: the nullable trainee rule becomes a switch plus its two fields. */
interface Values {
  promoteAfterExcellent: number;
  demoteOnUnqualified: boolean;
  traineeEnabled: boolean;
  minLevel: ResultLevel;
  requireCertification: boolean;
  pay: ResultSettings['pay'];
}

const toValues = ({ gradeRules, pay }: ResultSettingsView): Values => ({
  promoteAfterExcellent: gradeRules.promoteAfterExcellent,
  demoteOnUnqualified: gradeRules.demoteOnUnqualified,
  traineeEnabled: gradeRules.traineeToLevel2 !== null,
  minLevel: gradeRules.traineeToLevel2?.minLevel ?? 'qualified',
  requireCertification: gradeRules.traineeToLevel2?.requireCertification ?? true,
  pay,
});

const toSettings = (v: Values): ResultSettings => ({
  gradeRules: {
    promoteAfterExcellent: v.promoteAfterExcellent,
    demoteOnUnqualified: v.demoteOnUnqualified,
    traineeToLevel2: v.traineeEnabled
      ? { minLevel: v.minLevel, requireCertification: v.requireCertification }
      : null,
  },
  pay: v.pay,
});

/** Grade rules and pay for performance, saved together under one `rev`. */
export function ResultSettingsCard({ institutionId }: { institutionId: string }) {
  const t = useRulesT();
  const settings = useQuery(resultSettingsQuery(institutionId));
  return (
    <Card
      title={
        <>
          {t('rules.results.title')}
          {settings.data?.rev === 0 ? <Tag style={{ marginInlineStart: 8 }}>{t('rules.default')}</Tag> : null}
        </>
      }
      data-testid="rules-results"
    >
      {settings.isError ? (
        <LoadError error={settings.error} onRetry={() => settings.refetch()} />
      ) : settings.isPending ? (
        <Spin />
      ) : (
        <ResultSettingsForm
          key={settings.data.rev}
          institutionId={institutionId}
          settings={settings.data}
          reload={() => settings.refetch()}
        />
      )}
    </Card>
  );
}

function ResultSettingsForm({
  institutionId,
  settings,
  reload,
}: {
  institutionId: string;
  settings: ResultSettingsView;
  reload: () => void;
}) {
  const t = useRulesT();
  const language = useLanguage();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const save = useSaveResultSettings(institutionId);
  const [form] = Form.useForm<Values>();
  const traineeEnabled = Form.useWatch('traineeEnabled', form);

  const submit = (values: Values) =>
    save.mutate(
      { rev: settings.rev, settings: toSettings(values) },
      {
        onSuccess: () => message.success(t('rules.saved')),
        onError: (error) => onError(error, { onConflict: reload }),
      },
    );

  return (
    <Form form={form} layout="vertical" initialValues={toValues(settings)} onFinish={submit}>
      <SaveProblems error={save.error} testId="rules-results-problems" />
      <Divider titlePlacement="start">{t('rules.results.gradeRules')}</Divider>
      <Form.Item
        name="promoteAfterExcellent"
        label={t('rules.results.promoteAfterExcellent')}
        extra={t('rules.results.promoteHelp')}
        rules={[{ required: true, message: t('rules.required') }]}
      >
        <InputNumber min={0} max={10} precision={0} data-testid="rules-promote-after" />
      </Form.Item>
      <Form.Item name="demoteOnUnqualified" label={t('rules.results.demoteOnUnqualified')}>
        <Switch data-testid="rules-demote" />
      </Form.Item>
      <Form.Item name="traineeEnabled" label={t('rules.results.trainee')}>
        <Switch data-testid="rules-trainee" />
      </Form.Item>
      {traineeEnabled ? (
        <>
          <Form.Item name="minLevel" label={t('rules.results.minLevel')}>
            <Select
              style={{ maxWidth: 240 }}
              options={RESULT_LEVELS.map((level) => ({
                value: level,
                label: localisedName(RESULT_LEVEL_LABELS[level], language),
              }))}
              data-testid="rules-trainee-level"
            />
          </Form.Item>
          <Form.Item name="requireCertification" label={t('rules.results.requireCertification')}>
            <Switch />
          </Form.Item>
        </>
      ) : null}
      <Divider titlePlacement="start">{t('rules.results.pay')}</Divider>
      <Form.Item
        name={['pay', 'performancePool']}
        label={t('rules.results.performancePool')}
        rules={[{ required: true, message: t('rules.required') }]}
      >
        <InputNumber min={0} max={1e10} style={{ width: 200 }} data-testid="rules-pool" />
      </Form.Item>
      <Form.Item label={t('rules.results.levelCoefficients')}>
        {RESULT_LEVELS.map((level) => (
          <Form.Item
            key={level}
            name={['pay', 'levelCoefficients', level]}
            label={localisedName(RESULT_LEVEL_LABELS[level], language)}
            rules={[{ required: true, message: t('rules.required') }]}
            style={{ display: 'inline-block', marginInlineEnd: 16 }}
          >
            <InputNumber min={0} max={10} step={0.1} data-testid={`rules-coefficient-${level}`} />
          </Form.Item>
        ))}
      </Form.Item>
      <Form.Item
        name={['pay', 'behaviourRate']}
        label={t('rules.results.behaviourRate')}
        rules={[{ required: true, message: t('rules.required') }]}
      >
        <InputNumber min={0} max={1e10} data-testid="rules-behaviour-rate" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="rules-results-save">
        {t('rules.save')}
      </Button>
    </Form>
  );
}
