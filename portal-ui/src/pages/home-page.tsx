import {
  AuditOutlined,
  CheckSquareOutlined,
  FileDoneOutlined,
  FormOutlined,
  SettingOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import { isAdminRole, localisedName, roleLabel, useCurrentUser, useLanguage, useT } from '@rapport/ui-shared';
import { Button, Card, Col, Flex, Row, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { usePortalT } from '../portal-messages';

type Feature = 'tasks' | 'forms' | 'results' | 'audits';

const FEATURES: { key: Feature; icon: ReactNode; testId: string }[] = [
  { key: 'tasks', icon: <CheckSquareOutlined />, testId: 'card-my-tasks' },
  { key: 'forms', icon: <FormOutlined />, testId: 'card-my-forms' },
  { key: 'results', icon: <TrophyOutlined />, testId: 'card-my-results' },
  { key: 'audits', icon: <AuditOutlined />, testId: 'card-my-audits' },
];

export default function HomePage() {
  const t = usePortalT();
  const tShared = useT();
  const language = useLanguage();
  const user = useCurrentUser();
  const institution = user.institution
    ? localisedName(user.institution.name, language)
    : tShared('common.noInstitution');

  return (
    <>
      <Flex justify="space-between" align="flex-start" wrap gap={16} style={{ marginBottom: 24 }}>
        <div>
          <Typography.Title level={2} style={{ marginTop: 0, marginBottom: 4 }} data-testid="home-greeting">
            {t('home.greeting', { name: user.name })}
          </Typography.Title>
          <Typography.Text type="secondary" data-testid="home-role">
            {t('home.roleAt', { role: roleLabel(tShared, user.role), institution })}
          </Typography.Text>
        </div>
        {isAdminRole(user.role) ? (
          // The admin console is a separate app under /admin/, outside this router.
          <Button icon={<SettingOutlined />} href="/admin/" data-testid="go-admin">
            {t('home.adminConsole')}
          </Button>
        ) : null}
      </Flex>
      <Typography.Paragraph type="secondary">{t('home.comingSoonNote')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {FEATURES.map((feature) => (
          <Col key={feature.key} xs={24} sm={12} xl={6}>
            <Card
              title={
                <Flex gap={8} align="center">
                  {feature.icon}
                  {t(`home.${feature.key}.title`)}
                </Flex>
              }
              style={{ height: '100%' }}
              data-testid={feature.testId}
            >
              {feature.key === 'forms' || feature.key === 'tasks' ? null : (
                <Tag style={{ marginBottom: 12 }}>{t('home.comingSoon')}</Tag>
              )}
              <Typography.Paragraph
                type="secondary"
                style={{ marginBottom: feature.key === 'forms' || feature.key === 'tasks' ? 12 : 0 }}
              >
                {t(`home.${feature.key}.description`)}
              </Typography.Paragraph>
              {feature.key === 'forms' ? (
                <Flex vertical gap={4}>
                  <Link to="/forms" data-testid="home-forms-fill">
                    <FormOutlined /> {t('home.forms.fill')}
                  </Link>
                  <Link to="/submissions" data-testid="home-forms-submissions">
                    <FileDoneOutlined /> {t('home.forms.submissions')}
                  </Link>
                </Flex>
              ) : null}
              {feature.key === 'tasks' ? (
                <Link to="/inbox" data-testid="home-tasks-open">
                  <CheckSquareOutlined /> {t('home.tasks.open')}
                </Link>
              ) : null}
            </Card>
          </Col>
        ))}
      </Row>
    </>
  );
}
