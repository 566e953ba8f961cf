import { ArrowLeftOutlined } from '@ant-design/icons';
import { localisedName, useCurrentUser, useLanguage, useT } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Flex, Tabs, Tag, Typography } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router';
import { useAdminT } from '../admin-messages';
import { institutionQuery } from '../api/institutions';
import { useInstitutionSections } from './institution-sections';

/** Title of an institution's pages, with a tab for each of its pages. */
export function InstitutionHeader({ institutionId }: { institutionId: string }) {
  const t = useAdminT();
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
  const sections = useInstitutionSections();
  const active = sections.some((s) => s.key === section) ? section : 'users';

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
        items={sections.map((s) => ({
          key: s.key,
          label: <span data-testid={`tab-${s.key}`}>{s.label}</span>,
        }))}
      />
    </div>
  );
}
