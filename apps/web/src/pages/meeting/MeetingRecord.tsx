import { useEffect, useState } from 'react';
import { App, Button, Card, Flex, Input, List, Popconfirm, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { MeetingDetail } from '@yilian/domain';
import { useApiError } from '../../utils/errors';
import { useMeetingWrite } from './api';

/** Minutes and resolutions: written while the meeting runs or once held, read by all after. */
export function MeetingRecord({ m }: { m: MeetingDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const write = useMeetingWrite(m.id);
  const showError = useApiError();
  const [minutes, setMinutes] = useState(m.minutes ?? '');
  const [resolution, setResolution] = useState('');
  useEffect(() => setMinutes(m.minutes ?? ''), [m.minutes]);
  const editable = m.canManage && (m.status === 'in_progress' || m.status === 'held');

  return (
    <>
      <Card size="small" title={t('meeting.minutes')} data-testid="minutes-card">
        {editable ? (
          <Flex vertical gap={8}>
            <Input.TextArea
              rows={6}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
              maxLength={50000}
              data-testid="minutes-input"
            />
            <Button
              style={{ alignSelf: 'flex-end' }}
              disabled={!minutes.trim() || minutes === m.minutes}
              loading={write.isPending}
              onClick={() =>
                write.mutate(
                  { path: 'minutes', method: 'PUT', body: { minutes } },
                  { onSuccess: () => void message.success(t('common.saved')), onError: (e) => showError(e) },
                )
              }
              data-testid="save-minutes"
            >
              {t('meeting.saveMinutes')}
            </Button>
          </Flex>
        ) : (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {m.minutes || t('meeting.none')}
          </Typography.Paragraph>
        )}
      </Card>
      <Card size="small" title={t('meeting.resolutions')}>
        <List
          size="small"
          dataSource={m.resolutions}
          locale={{ emptyText: t('meeting.none') }}
          renderItem={(r) => (
            <List.Item
              actions={
                editable
                  ? [
                      <Popconfirm
                        key="del"
                        title={t('common.confirmDelete')}
                        onConfirm={() =>
                          write.mutate(
                            { path: `resolutions/${r.id}`, method: 'DELETE' },
                            { onError: (e) => showError(e) },
                          )
                        }
                      >
                        <Button
                          size="small"
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('common.delete')}
                        />
                      </Popconfirm>,
                    ]
                  : []
              }
            >
              {r.position}. {r.text}
            </List.Item>
          )}
        />
        {editable && (
          <Flex gap={8} style={{ marginTop: 8 }}>
            <Input
              value={resolution}
              onChange={(e) => setResolution(e.target.value)}
              maxLength={2000}
              data-testid="resolution-input"
            />
            <Button
              icon={<PlusOutlined />}
              disabled={!resolution.trim()}
              onClick={() =>
                write.mutate(
                  { path: 'resolutions', body: { text: resolution } },
                  { onSuccess: () => setResolution(''), onError: (e) => showError(e) },
                )
              }
              data-testid="add-resolution"
            >
              {t('meeting.addResolution')}
            </Button>
          </Flex>
        )}
      </Card>
    </>
  );
}
