import { localisedName, useLanguage } from '@rapport/ui-shared';
import { Alert, Modal, Table } from 'antd';
import type { LaunchReport } from '../api/cycles';
import { useCycleT } from './cycle-messages';

/** What a launch did: appraisals made, and every manager of the population left out with why. */
export function LaunchReportModal({ report, onClose }: { report: LaunchReport | null; onClose: () => void }) {
  const t = useCycleT();
  const language = useLanguage();
  return (
    <Modal
      open={report !== null}
      title={t('launch.reportTitle')}
      onCancel={onClose}
      onOk={onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
      width={640}
    >
      {report ? (
        <div data-testid="launch-report">
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('launch.done', { appraisals: report.appraisals, created: report.created })}
          />
          {report.skipped.length === 0 ? (
            <Alert type="info" title={t('launch.noneSkipped')} />
          ) : (
            <Table
              size="small"
              rowKey="managerId"
              pagination={false}
              title={() => t('launch.skipped')}
              dataSource={report.skipped}
              data-testid="launch-skipped"
              columns={[
                { title: t('term.manager'), dataIndex: 'name' },
                {
                  title: t('launch.reason'),
                  key: 'reason',
                  render: (_, row) => localisedName(row.reason, language),
                },
              ]}
            />
          )}
        </div>
      ) : null}
    </Modal>
  );
}
