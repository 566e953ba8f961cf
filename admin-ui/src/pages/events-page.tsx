import { type ActivityEvent, formatDateTime, LoadError } from '@rapport/ui-shared';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Flex, Table, type TableColumnsType, Typography } from 'antd';
import { useParams } from 'react-router';
import { isAdminMessageKey, useAdminT } from '../admin-messages';
import { eventsQuery } from '../api/events';

export default function EventsPage() {
  const t = useAdminT();
  const { institutionId = '' } = useParams();
  const events = useInfiniteQuery(eventsQuery(institutionId));
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];

  // Actions and collections are open-ended (plugins add their own); unknown ones show their code.
  const label = (prefix: 'event' | 'collection', code: string) => {
    const key = `${prefix}.${code}`;
    return isAdminMessageKey(key) ? t(key) : code;
  };

  const columns: TableColumnsType<ActivityEvent> = [
    {
      title: t('events.at'),
      dataIndex: 'at',
      width: 170,
      render: (at: string) => formatDateTime(at),
    },
    {
      title: t('events.actor'),
      key: 'actor',
      render: (_, event) =>
        event.actor ? (
          <span title={event.actor.email}>{event.actor.name}</span>
        ) : (
          <Typography.Text type="secondary">{t('events.system')}</Typography.Text>
        ),
    },
    {
      title: t('events.action'),
      dataIndex: 'action',
      render: (action: string) => <span title={action}>{label('event', action)}</span>,
    },
    {
      title: t('events.target'),
      key: 'target',
      render: (_, event) => (
        <span>
          {label('collection', event.target.collection)}{' '}
          <Typography.Text type="secondary" code>
            {event.target.id}
          </Typography.Text>
        </span>
      ),
    },
    { title: t('events.summary'), dataIndex: 'summary', render: (summary?: string) => summary ?? '' },
  ];

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="page-title">
        {t('events.title')}
      </Typography.Title>
      {events.isError && items.length === 0 ? (
        <LoadError error={events.error} onRetry={() => events.refetch()} />
      ) : (
        <div data-testid="events-table">
          <Table<ActivityEvent>
            rowKey="id"
            columns={columns}
            dataSource={items}
            loading={events.isPending}
            pagination={false}
            scroll={{ x: 'max-content' }}
          />
        </div>
      )}
      {items.length > 0 ? (
        <Flex justify="center" style={{ marginTop: 16 }}>
          {events.hasNextPage ? (
            <Button
              onClick={() => events.fetchNextPage()}
              loading={events.isFetchingNextPage}
              data-testid="events-load-more"
            >
              {t('events.loadMore')}
            </Button>
          ) : (
            <Typography.Text type="secondary" data-testid="events-end">
              {t('events.end')}
            </Typography.Text>
          )}
        </Flex>
      ) : null}
    </>
  );
}
