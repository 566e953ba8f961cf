import { recentWeeks, weekDays } from '@rapport/schemas';
import {
  dataProblems,
  type FormProblem,
  FullPageSpinner,
  formatDateTime,
  LoadError,
  RapportForm,
  type RapportFormData,
  showValidationErrors,
  useApiErrorHandler,
  useCurrentUser,
} from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Collapse,
  Empty,
  Flex,
  Form,
  Input,
  Select,
  Spin,
  Table,
  Typography,
} from 'antd';
import { type HTMLAttributes, type ReactNode, useMemo, useState } from 'react';
import {
  type CustomerSettings,
  customerSettingsQuery,
  type MissedEntries,
  missedEntriesQuery,
  useSaveWeeklyEntry,
  type WeeklyEntry,
  weeklyEntriesQuery,
} from '../api/customers';
import { RequireInstitution } from '../components/require-institution';
import { useCustomerT } from '../customers/customers-messages';
import { useKeyedForm } from '../customers/use-keyed-form';

/** This week's entry: the weekly form when the institution has one, else free notes. */
function ThisWeek({
  institutionId,
  week,
  settings,
  entry,
}: {
  institutionId: string;
  week: string;
  settings: CustomerSettings;
  entry: WeeklyEntry | undefined;
}) {
  const t = useCustomerT();
  const { message } = App.useApp();
  const handleApiError = useApiErrorHandler();
  const save = useSaveWeeklyEntry(institutionId);
  const weeklyForm = useKeyedForm(institutionId, settings.weeklyFormKey);
  const [notesForm] = Form.useForm<{ notes: string }>();
  const [data, setData] = useState<RapportFormData>(entry?.data ?? {});
  const [serverErrors, setServerErrors] = useState<FormProblem[] | undefined>(undefined);
  const days = weekDays(week);

  const send = async (body: { notes?: string; data?: RapportFormData }) => {
    setServerErrors(undefined);
    try {
      await save.mutateAsync({ week, rev: entry?.rev ?? 0, ...body });
      message.success(t('weekly.saved'));
    } catch (error) {
      const problems = dataProblems(error);
      if (problems.length > 0) {
        setServerErrors(problems);
        message.error(t('weekly.invalid'));
      } else if (!showValidationErrors(notesForm, error, ['notes'])) handleApiError(error);
    }
  };

  const saveButton = (
    <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="weekly-save">
      {t('weekly.save')}
    </Button>
  );

  let editor: ReactNode;
  if (settings.weeklyFormKey) {
    if (weeklyForm.loading) editor = <Spin />;
    else if (!weeklyForm.version)
      editor = <Alert type="warning" showIcon title={t('weekly.formUnreadable')} />;
    else
      editor = (
        <RapportForm
          schema={weeklyForm.version.schema}
          uiSchema={weeklyForm.version.uiSchema}
          formData={data}
          onChange={setData}
          onSubmit={(valid) => send({ data: valid })}
          serverErrors={serverErrors}
          disabled={save.isPending}
        >
          <div style={{ marginTop: 16 }}>{saveButton}</div>
        </RapportForm>
      );
  } else {
    editor = (
      <Form<{ notes: string }>
        form={notesForm}
        layout="vertical"
        initialValues={{ notes: entry?.notes ?? '' }}
        onFinish={(values) => send({ notes: values.notes })}
      >
        <Form.Item
          name="notes"
          label={t('weekly.notes')}
          rules={[{ required: true, whitespace: true, message: t('weekly.notesRequired') }]}
        >
          <Input.TextArea
            rows={8}
            maxLength={10000}
            placeholder={t('weekly.notesPlaceholder')}
            data-testid="weekly-notes"
          />
        </Form.Item>
        {saveButton}
      </Form>
    );
  }

  return (
    <Card
      title={t('weekly.thisWeek', { week, from: days?.from ?? '', to: days?.to ?? '' })}
      data-testid="weekly-this-week"
    >
      {entry ? (
        <Typography.Paragraph type="success" data-testid="weekly-entered">
          {t('weekly.entered', { at: formatDateTime(entry.updatedAt) })}
        </Typography.Paragraph>
      ) : null}
      {editor}
    </Card>
  );
}

/** A past entry: its notes, and its form data rendered by the version it was written against. */
function PastEntry({ institutionId, entry }: { institutionId: string; entry: WeeklyEntry }) {
  const form = useKeyedForm(institutionId, entry.form?.key, entry.form?.version);
  return (
    <>
      {entry.notes ? (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{entry.notes}</Typography.Paragraph>
      ) : null}
      {form.loading ? <Spin /> : null}
      {form.version ? (
        <RapportForm
          schema={form.version.schema}
          uiSchema={form.version.uiSchema}
          formData={entry.data}
          readonly
        />
      ) : entry.form ? (
        <Typography.Text type="secondary">{JSON.stringify(entry.data)}</Typography.Text>
      ) : null}
    </>
  );
}

function ManagerWeekly({ institutionId, settings }: { institutionId: string; settings: CustomerSettings }) {
  const t = useCustomerT();
  const week = useMemo(() => recentWeeks(settings.timeZone, 1)[0] as string, [settings.timeZone]);
  const entries = useQuery(weeklyEntriesQuery(institutionId, {}));
  if (entries.isError) return <LoadError error={entries.error} onRetry={() => entries.refetch()} />;
  if (entries.isPending) return <FullPageSpinner />;
  const current = entries.data.find((e) => e.week === week);
  const past = entries.data.filter((e) => e.week !== week);
  return (
    <Flex vertical gap={24}>
      <ThisWeek
        key={current?.rev ?? 0}
        institutionId={institutionId}
        week={week}
        settings={settings}
        entry={current}
      />
      <div>
        <Typography.Title level={4}>{t('weekly.past')}</Typography.Title>
        {past.length === 0 ? (
          <Empty description={t('weekly.noPast')} />
        ) : (
          <Collapse
            data-testid="weekly-past"
            items={past.map((entry) => {
              const days = weekDays(entry.week);
              return {
                key: entry.id,
                label: `${entry.week}${days ? `（${days.from} – ${days.to}）` : ''}`,
                children: <PastEntry institutionId={institutionId} entry={entry} />,
              };
            })}
          />
        )}
      </div>
    </Flex>
  );
}

/** The supervisor's list of managers in their units who have not entered the chosen week. */
function MissedWeekly({ institutionId, settings }: { institutionId: string; settings: CustomerSettings }) {
  const t = useCustomerT();
  const weeks = useMemo(() => recentWeeks(settings.timeZone, 12), [settings.timeZone]);
  const [week, setWeek] = useState(weeks[0] as string);
  const missed = useQuery(missedEntriesQuery(institutionId, week));
  const items = missed.data?.items ?? [];
  return (
    <Card title={t('missed.title')}>
      <Flex align="center" gap={8} style={{ marginBottom: 16 }}>
        <span>{t('missed.week')}</span>
        <Select
          style={{ width: 220 }}
          value={week}
          onChange={setWeek}
          options={weeks.map((w, i) => ({
            value: w,
            label: i === 0 ? t('missed.thisWeek', { week: w }) : w,
          }))}
          data-testid="missed-week"
        />
      </Flex>
      {missed.isError ? (
        <LoadError error={missed.error} onRetry={() => missed.refetch()} />
      ) : (
        <>
          {missed.data ? (
            <Typography.Paragraph data-testid="missed-summary">
              {items.length === 0
                ? t('missed.none', { week: missed.data.week })
                : t('missed.count', { week: missed.data.week, count: items.length })}
            </Typography.Paragraph>
          ) : null}
          <Table<MissedEntries['items'][number]>
            rowKey="id"
            size="small"
            data-testid="missed-list"
            loading={missed.isPending}
            dataSource={items}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            locale={{ emptyText: <Empty description={t('missed.none', { week })} /> }}
            onRow={(m) => ({ 'data-testid': `missed-${m.email}` }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('term.manager'), dataIndex: 'name', key: 'name' },
              { title: t('missed.email'), dataIndex: 'email', key: 'email' },
            ]}
          />
        </>
      )}
    </Card>
  );
}

function Weekly({ institutionId }: { institutionId: string }) {
  const user = useCurrentUser();
  const settings = useQuery(customerSettingsQuery(institutionId));
  if (settings.isError) return <LoadError error={settings.error} onRetry={() => settings.refetch()} />;
  if (settings.isPending) return <FullPageSpinner />;
  return user.role === 'manager' ? (
    <ManagerWeekly institutionId={institutionId} settings={settings.data} />
  ) : (
    <MissedWeekly institutionId={institutionId} settings={settings.data} />
  );
}

export default function WeeklyEntryPage() {
  const t = useCustomerT();
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="page-title">
        {t('weekly.title')}
      </Typography.Title>
      <RequireInstitution>{(institutionId) => <Weekly institutionId={institutionId} />}</RequireInstitution>
    </>
  );
}
