import { ArrowLeftOutlined } from '@ant-design/icons';
import { localisedName, useCurrentUser, useLanguage, useT } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Flex, Tabs, Tag, Typography } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router';
import { useAdminT } from '../admin-messages';
import { institutionQuery } from '../api/institutions';
import { useCycleT } from '../cycles/cycle-messages';
import { useBuilderT } from '../form-builder/builder-messages';
import { useDesignerT } from '../workflow-designer/designer-messages';

/** Title of an institution's pages, with a tab for each of its pages. */
export function InstitutionHeader({ institutionId }: { institutionId: string }) {
  const t = useAdminT();
  const tBuilder = useBuilderT();
  const tDesigner = useDesignerT();
  const tCycles = useCycleT();
  const tShared = useT();
  const language = useLanguage();
  const user = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  const isPlatformAdmin = user.role === 'platform_admin';
  // An institution admin's own institution comes with /api/auth/me; only fetch what we lack.
  const known = user.institution?.id === institutionId ? user.institution : undefined;
  const fetched = useQuery({ ...institutionQuery(institutionId), enabled: !known });
  const institution = known ?? fetched.data;
  const disabled = fetched.data?.disabled ?? false;
  const base = `/institutions/${institutionId}`;
  const section = location.pathname.split('/')[3];
  const sections = ['events', 'forms', 'workflows', 'org', 'managers', 'grades', 'cycles'];
  const active = section && sections.includes(section) ? section : 'users';

  return (
    <div style={{ marginBottom: 8 }}>
      {isPlatformAdmin ? (
        <Link to="/institutions" data-testid="back-to-institutions">
          <ArrowLeftOutlined /> {t('institutions.back')}
        </Link>
      ) : null}
      <Flex align="center" gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="institution-name">
          {institution ? localisedName(institution.name, language) : '\u00a0'}
        </Typography.Title>
        {institution ? <Tag data-testid="institution-code">{institution.code}</Tag> : null}
        {disabled ? <Tag color="red">{tShared('status.disabled')}</Tag> : null}
      </Flex>
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(`${base}/${key}`)}
        items={[
          { key: 'users', label: <span data-testid="tab-users">{t('admin.nav.users')}</span> },
          { key: 'org', label: <span data-testid="tab-org">{t('admin.nav.org')}</span> },
          { key: 'managers', label: <span data-testid="tab-managers">{t('admin.nav.managers')}</span> },
          { key: 'grades', label: <span data-testid="tab-grades">{t('admin.nav.grades')}</span> },
          { key: 'events', label: <span data-testid="tab-events">{t('admin.nav.events')}</span> },
          { key: 'forms', label: <span data-testid="tab-forms">{tBuilder('forms.nav')}</span> },
          {
            key: 'workflows',
            label: <span data-testid="tab-workflows">{tDesigner('workflows.nav')}</span>,
          },
          { key: 'cycles', label: <span data-testid="tab-cycles">{tCycles('cycles.title')}</span> },
        ]}
      />
    </div>
  );
}
