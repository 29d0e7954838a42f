import '../../i18n/governance';
import { useEffect, useRef } from 'react';
import { Button, Result, Spin } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../utils/errors';
import { useMeetingWrite } from './api';

/** Where the door's QR code leads: a signed-in person's phone signs them in at once. */
export default function MeetingCheckInPage() {
  const { id = '' } = useParams();
  const [sp] = useSearchParams();
  const token = sp.get('token') ?? '';
  const { t } = useTranslation();
  const write = useMeetingWrite(id);
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current || !token) return;
    sent.current = true;
    write.mutate({ path: 'sign-in', body: { token } });
  }, [token, write]);

  if (!token) return <Result status="warning" title={t('meeting.checkInFailed')} />;
  if (write.isPending || write.isIdle) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  const back = (
    <Link to={`/meetings/${id}`}>
      <Button type="primary">{t('meeting.backToMeeting')}</Button>
    </Link>
  );
  if (write.isError)
    return (
      <Result
        status="error"
        title={t('meeting.checkInFailed')}
        subTitle={describeError(t, write.error)}
        extra={back}
        data-testid="check-in-failed"
      />
    );
  return (
    <Result
      status="success"
      title={t('meeting.checkInDone')}
      subTitle={write.data?.title}
      extra={back}
      data-testid="check-in-done"
    />
  );
}
