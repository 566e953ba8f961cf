import { FormOutlined } from '@ant-design/icons';
import { LoadError, localisedName, useForms, useLanguage } from '@rapport/ui-shared';
import { Card, Empty, List, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { RequireInstitution } from '../components/require-institution';
import { usePortalT } from '../portal-messages';

function FillableForms({ institutionId }: { institutionId: string }) {
  const t = usePortalT();
  const language = useLanguage();
  const forms = useForms(institutionId, { fillable: true });

  if (forms.isError) return <LoadError error={forms.error} onRetry={() => forms.refetch()} />;
  return (
    <div data-testid="fillable-forms">
      <List
        loading={forms.isPending}
        dataSource={forms.data ?? []}
        rowKey="id"
        grid={{ gutter: 16, xs: 1, md: 2, xl: 3 }}
        locale={{ emptyText: <Empty description={t('forms.empty')} /> }}
        renderItem={(form) => (
          <List.Item>
            <Card
              title={localisedName(form.title, language)}
              extra={
                form.latestVersion ? <Tag>{t('forms.version', { version: form.latestVersion })}</Tag> : null
              }
              actions={[
                <Link
                  key="fill"
                  to={`/forms/${encodeURIComponent(form.id)}/fill`}
                  data-testid={`fill-form-${form.key}`}
                >
                  <FormOutlined /> {t('forms.fill')}
                </Link>,
              ]}
            >
              <Typography.Paragraph type="secondary" ellipsis={{ rows: 3 }} style={{ marginBottom: 0 }}>
                {localisedName(form.description, language)}
              </Typography.Paragraph>
            </Card>
          </List.Item>
        )}
      />
    </div>
  );
}

export default function FormsPage() {
  const t = usePortalT();
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="page-title">
        {t('forms.title')}
      </Typography.Title>
      <RequireInstitution>
        {(institutionId) => <FillableForms institutionId={institutionId} />}
      </RequireInstitution>
    </>
  );
}
