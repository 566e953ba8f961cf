import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useApiErrorHandler } from '@rapport/ui-shared';
import { Alert, Button, Drawer, Flex, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import {
  IMPORT_COLUMNS,
  type ImportProblem,
  type ImportReport,
  importProblems,
  useImportFacts,
} from '../api/customers';
import { useCustomerT } from './customers-messages';

/** A template with the header and two example rows, as a data: URL (no server round trip). */
const TEMPLATE = `data:text/csv;charset=utf-8,${encodeURIComponent(
  `\uFEFF${[
    IMPORT_COLUMNS.join(','),
    'C001,2025-03-31,volume,150000,deposit,BANK-20250331-001',
    'C001,2025-03-31,transaction,1,deposit,BANK-20250331-002',
  ].join('\r\n')}\r\n`,
)}`;

type Outcome =
  | { kind: 'checked'; report: ImportReport }
  | { kind: 'imported'; report: ImportReport }
  | { kind: 'rejected'; problems: ImportProblem[] };

/**
 * Facts import for supervisors: a file is checked first (dry run) and the row report shown; only a
 * file that checks clean can then be imported. The server imports all rows or none.
 */
export function FactsImportDrawer({
  institutionId,
  open,
  onClose,
}: {
  institutionId: string;
  open: boolean;
  onClose: () => void;
}) {
  const t = useCustomerT();
  const handleApiError = useApiErrorHandler();
  const importFacts = useImportFacts(institutionId);
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setOutcome(null);
    try {
      const report = await importFacts.mutateAsync({ file, dryRun });
      setOutcome({ kind: dryRun ? 'checked' : 'imported', report });
    } catch (error) {
      const problems = importProblems(error);
      if (problems) setOutcome({ kind: 'rejected', problems });
      else handleApiError(error);
    }
  };

  return (
    <Drawer
      title={t('import.title')}
      open={open}
      onClose={onClose}
      size={720}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (!visible) {
          setFile(null);
          setOutcome(null);
        }
      }}
    >
      <Typography.Paragraph type="secondary">{t('import.help')}</Typography.Paragraph>
      <Button
        icon={<DownloadOutlined />}
        href={TEMPLATE}
        download="facts-template.csv"
        data-testid="import-template"
      >
        {t('import.template')}
      </Button>
      <Upload.Dragger
        accept=".csv,.xlsx"
        maxCount={1}
        height={140}
        style={{ marginTop: 16 }}
        fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
        beforeUpload={(chosen) => {
          setFile(chosen);
          setOutcome(null);
          return false;
        }}
        onRemove={() => {
          setFile(null);
          setOutcome(null);
        }}
        data-testid="import-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('import.choose')}</p>
      </Upload.Dragger>
      <Flex gap={8} style={{ marginTop: 16 }}>
        <Button
          onClick={() => run(true)}
          disabled={!file}
          loading={importFacts.isPending && importFacts.variables?.dryRun === true}
          data-testid="import-check"
        >
          {t('import.check')}
        </Button>
        <Button
          type="primary"
          onClick={() => run(false)}
          disabled={outcome?.kind !== 'checked'}
          loading={importFacts.isPending && importFacts.variables?.dryRun === false}
          data-testid="import-run"
        >
          {t('import.run')}
        </Button>
      </Flex>
      <div style={{ marginTop: 16 }} data-testid="import-outcome">
        {outcome?.kind === 'checked' ? (
          <Alert
            type="info"
            showIcon
            title={t('import.checked', {
              rows: outcome.report.rows,
              fresh: outcome.report.imported,
              already: outcome.report.alreadyImported,
            })}
          />
        ) : null}
        {outcome?.kind === 'imported' ? (
          <Alert
            type="success"
            showIcon
            title={t('import.done', {
              imported: outcome.report.imported,
              already: outcome.report.alreadyImported,
              reclassified: outcome.report.customersReclassified,
            })}
          />
        ) : null}
        {outcome?.kind === 'rejected' ? (
          <>
            <Alert type="error" showIcon title={t('import.rejected', { count: outcome.problems.length })} />
            <Table<ImportProblem>
              style={{ marginTop: 8 }}
              size="small"
              data-testid="import-problems"
              rowKey={(p) => `${p.row}-${p.column}-${p.message}`}
              dataSource={outcome.problems}
              pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
              columns={[
                { title: t('import.row'), dataIndex: 'row', key: 'row', width: 64 },
                { title: t('import.column'), dataIndex: 'column', key: 'column' },
                {
                  title: t('import.value'),
                  dataIndex: 'value',
                  key: 'value',
                  render: (v?: string) => v ?? '',
                },
                { title: t('import.reason'), dataIndex: 'message', key: 'message' },
              ]}
            />
          </>
        ) : null}
      </div>
    </Drawer>
  );
}
