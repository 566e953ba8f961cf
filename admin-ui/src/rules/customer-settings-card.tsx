import { formsQuery, LoadError, localisedName, useApiErrorHandler, useLanguage } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Divider, Form, InputNumber, Select, Spin, Tag } from 'antd';
import {
  type CustomerSettings,
  type CustomerSettingsView,
  customerSettingsQuery,
  useSaveCustomerSettings,
} from '../api/rules';
import { OptionListEditor } from './option-list-editor';
import { useRulesT } from './rules-messages';
import { SaveProblems } from './save-problems';

const NO_FORM = '';
const FORM_FIELDS = [
  ['fileFormKey', 'rules.customers.fileForm'],
  ['visitFormKey', 'rules.customers.visitForm'],
  ['weeklyFormKey', 'rules.customers.weeklyForm'],
] as const;
const RULE_FIELDS = [
  ['windowDays', 'rules.customers.windowDays', 1, 0],
  ['frequentMinTransactions', 'rules.customers.frequentMin', 1, 0],
  ['occasionalMinTransactions', 'rules.customers.occasionalMin', 1, 0],
  ['largeMinVolume', 'rules.customers.largeMin', 0, undefined],
  ['mediumMinVolume', 'rules.customers.mediumMin', 0, undefined],
] as const;

/** A select cannot hold null, so "no form" is the empty key while editing. */
const toValues = ({ rev: _rev, ...s }: CustomerSettingsView): CustomerSettings => ({
  ...s,
  fileFormKey: s.fileFormKey ?? NO_FORM,
  visitFormKey: s.visitFormKey ?? NO_FORM,
  weeklyFormKey: s.weeklyFormKey ?? NO_FORM,
});

const toSettings = (v: CustomerSettings): CustomerSettings => ({
  ...v,
  fileFormKey: v.fileFormKey || null,
  visitFormKey: v.visitFormKey || null,
  weeklyFormKey: v.weeklyFormKey || null,
});

/** Customer kinds, industry groups, classification rules, forms and time zone, saved under one `rev`. */
export function CustomerSettingsCard({ institutionId }: { institutionId: string }) {
  const t = useRulesT();
  const settings = useQuery(customerSettingsQuery(institutionId));
  return (
    <Card
      title={
        <>
          {t('term.customers')}
          {settings.data?.rev === 0 ? <Tag style={{ marginInlineStart: 8 }}>{t('rules.default')}</Tag> : null}
        </>
      }
      data-testid="rules-customers"
    >
      {settings.isError ? (
        <LoadError error={settings.error} onRetry={() => settings.refetch()} />
      ) : settings.isPending ? (
        <Spin />
      ) : (
        <CustomerSettingsForm
          key={settings.data.rev}
          institutionId={institutionId}
          settings={settings.data}
          reload={() => settings.refetch()}
        />
      )}
    </Card>
  );
}

function CustomerSettingsForm({
  institutionId,
  settings,
  reload,
}: {
  institutionId: string;
  settings: CustomerSettingsView;
  reload: () => void;
}) {
  const t = useRulesT();
  const language = useLanguage();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const save = useSaveCustomerSettings(institutionId);
  const forms = useQuery(formsQuery(institutionId, { status: 'published' }));
  const formOptions = [
    { value: NO_FORM, label: t('rules.customers.noForm') },
    ...(forms.data ?? []).map((f) => ({
      value: f.key,
      label: `${localisedName(f.title, language)} (${f.key})`,
    })),
  ];
  const timeZones = Intl.supportedValuesOf('timeZone').map((zone) => ({ value: zone, label: zone }));

  const submit = (values: CustomerSettings) =>
    save.mutate(
      { rev: settings.rev, settings: toSettings(values) },
      {
        onSuccess: () => message.success(t('rules.saved')),
        onError: (error) => onError(error, { onConflict: reload }),
      },
    );

  return (
    <Form layout="vertical" initialValues={toValues(settings)} onFinish={submit}>
      <SaveProblems error={save.error} testId="rules-customers-problems" />
      <Divider titlePlacement="start">{t('rules.customers.classification')}</Divider>
      {RULE_FIELDS.map(([field, label, min, precision]) => (
        <Form.Item
          key={field}
          name={['rules', field]}
          label={t(label)}
          rules={[{ required: true, message: t('rules.required') }]}
        >
          <InputNumber
            min={min}
            precision={precision}
            style={{ width: 200 }}
            data-testid={`rules-${field}`}
          />
        </Form.Item>
      ))}
      <Divider titlePlacement="start">{t('rules.customers.kinds')}</Divider>
      <OptionListEditor name="kinds" testId="rules-kinds" />
      <Divider titlePlacement="start">{t('rules.customers.industryGroups')}</Divider>
      <OptionListEditor name="industryGroups" testId="rules-industry-groups" />
      <Divider titlePlacement="start">{t('rules.customers.forms')}</Divider>
      {FORM_FIELDS.map(([field, label]) => (
        <Form.Item key={field} name={field} label={t(label)}>
          <Select
            style={{ maxWidth: 400 }}
            loading={forms.isPending}
            options={formOptions}
            data-testid={`rules-${field}`}
          />
        </Form.Item>
      ))}
      <Form.Item
        name="timeZone"
        label={t('rules.customers.timeZone')}
        rules={[{ required: true, message: t('rules.required') }]}
      >
        <Select showSearch style={{ maxWidth: 400 }} options={timeZones} data-testid="rules-time-zone" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="rules-customers-save">
        {t('rules.save')}
      </Button>
    </Form>
  );
}
