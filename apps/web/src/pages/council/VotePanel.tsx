import { App, Alert, Button, Descriptions, Flex, Progress, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { VOTE_CHOICES, type DocumentVersion, type VoteChoice } from '@yilian/domain';
import { useCan } from '../../hooks/useAuth';
import { useApiError } from '../../utils/errors';
import { useCastBallot } from './api';
import { GovTag, useGovLabel } from './parts';

/**
 * The tally of a version's vote against its rule: how many of the members in office voted, for,
 * against and abstaining, whether the quorum is reached and whether it would pass; the ballot of
 * a member in office while it is open (changeable until it closes); and each member's ballot.
 */
export function VotePanel({ version }: { version: DocumentVersion }) {
  const { t } = useTranslation();
  const label = useGovLabel();
  const can = useCan();
  const { message } = App.useApp();
  const onError = useApiError();
  const cast = useCastBallot();
  const v = version.vote;
  if (!v) return null;
  const open = !v.closedAt && version.status === 'voting';
  const pct = (n: number) => (v.eligible ? Math.round((n / v.eligible) * 100) : 0);

  const vote = async (choice: VoteChoice) => {
    try {
      await cast.mutateAsync({ versionId: version.id, choice });
      void message.success(t('council.vote.voted'));
    } catch (e) {
      onError(e);
    }
  };

  return (
    <Flex vertical gap={12} data-testid="vote-panel">
      <Flex gap={8} wrap align="center">
        <Tag color={v.quorumReached ? 'green' : 'orange'} data-testid="vote-quorum">
          {t(v.quorumReached ? 'council.vote.quorumReached' : 'council.vote.quorumNotReached')}
        </Tag>
        {v.outcome ? (
          <GovTag ns="voteOutcome" value={v.outcome} testId="vote-outcome" />
        ) : (
          <Tag color={v.passing ? 'green' : 'default'}>
            {t(v.passing ? 'council.vote.passing' : 'council.vote.notPassing')}
          </Tag>
        )}
        <Typography.Text type="secondary">
          {t(v.rule.passStrict ? 'council.rules.passStrict' : 'council.rules.passAtLeast', {
            num: v.rule.passNum,
            den: v.rule.passDen,
          })}
          {'；'}
          {t('council.rules.quorumText', { num: v.rule.quorumNum, den: v.rule.quorumDen })}
        </Typography.Text>
      </Flex>
      <Progress
        percent={pct(v.cast)}
        success={{ percent: pct(v.for) }}
        format={() => `${v.cast}/${v.eligible}`}
        aria-label={t('council.vote.cast')}
      />
      <Descriptions size="small" column={{ xs: 2, md: 5 }} data-testid="vote-tally">
        <Descriptions.Item label={t('council.vote.eligible')}>{v.eligible}</Descriptions.Item>
        <Descriptions.Item label={t('council.vote.cast')}>
          <span data-testid="vote-cast">{v.cast}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('council.vote.for')}>{v.for}</Descriptions.Item>
        <Descriptions.Item label={t('council.vote.against')}>{v.against}</Descriptions.Item>
        <Descriptions.Item label={t('council.vote.abstain')}>{v.abstain}</Descriptions.Item>
        <Descriptions.Item label={t('council.vote.openedAt')}>
          {dayjs(v.openedAt).format('YYYY-MM-DD HH:mm')}
        </Descriptions.Item>
        {v.closedAt && (
          <Descriptions.Item label={t('council.vote.closedAt')}>
            {dayjs(v.closedAt).format('YYYY-MM-DD HH:mm')}
          </Descriptions.Item>
        )}
      </Descriptions>
      {open && can('council.vote') && v.myMemberId && (
        <Flex gap={8} align="center" wrap>
          <Typography.Text strong>{t('council.vote.myVote')}</Typography.Text>
          <Space.Compact data-testid="ballot">
            {VOTE_CHOICES.map((c) => (
              <Button
                key={c}
                type={v.myChoice === c ? 'primary' : 'default'}
                loading={cast.isPending && cast.variables?.choice === c}
                onClick={() => void vote(c)}
                data-testid={`ballot-${c}`}
              >
                {label('voteChoice', c)}
              </Button>
            ))}
          </Space.Compact>
          <Typography.Text type="secondary">
            {v.myChoice ? t('council.vote.castHint') : t('council.vote.notVoted')}
          </Typography.Text>
        </Flex>
      )}
      {open && !v.myMemberId && <Alert type="info" showIcon message={t('council.vote.notMember')} />}
      {v.ballots.length > 0 && (
        <Table
          size="small"
          rowKey="memberId"
          pagination={false}
          dataSource={v.ballots}
          title={() => t('council.vote.ballots')}
          columns={[
            { title: t('council.members.name'), dataIndex: 'name' },
            {
              title: t('council.members.position'),
              dataIndex: 'position',
              render: (p: string) => label('councilPosition', p),
            },
            {
              title: t('council.vote.title'),
              dataIndex: 'choice',
              render: (c: string) => <GovTag ns="voteChoice" value={c} />,
            },
            { title: '', dataIndex: 'castAt', render: (a: string) => dayjs(a).format('MM-DD HH:mm') },
          ]}
        />
      )}
    </Flex>
  );
}
