import { Button, Form, Input, Upload } from 'antd';
import type { FormInstance } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { clientJwks, type ClientJwks } from '@yilian/domain';
import { isApiError } from '../../api/client';

// The JWKS a client registers: pasted or read from a file, checked here with the shared schema so
// that what is wrong is said in the user's language before anything is sent.

const PRIVATE = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']);

/** The JWKS in the text, or the first problem with it, in the user's language. */
export function parseJwks(t: TFunction, text: string | undefined): { jwks: ClientJwks } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text ?? '');
  } catch {
    return { error: t('clients.jwksErrors.json') };
  }
  const r = clientJwks.safeParse(value);
  if (r.success) return { jwks: r.data };
  const issue = r.error.issues[0]!;
  const [top, index, member] = issue.path as (string | number)[];
  if (top !== 'keys' || typeof index !== 'number')
    return { error: t(top === 'keys' ? 'clients.jwksErrors.count' : 'clients.jwksErrors.shape') };
  const n = index + 1;
  const m = String(member ?? '');
  if (PRIVATE.has(m)) return { error: t('clients.jwksErrors.private', { n, member: m }) };
  if (m === 'kid')
    return {
      error: t(issue.code === 'custom' ? 'clients.jwksErrors.kidDuplicate' : 'clients.jwksErrors.kid', { n }),
    };
  if (m === 'alg') return { error: t('clients.jwksErrors.alg', { n }) };
  if (m === 'kty') return { error: t('clients.jwksErrors.kty', { n }) };
  if (m === 'n' || m === 'e') return { error: t('clients.jwksErrors.rsa', { n }) };
  if (m === 'crv') return { error: t('clients.jwksErrors.crv', { n }) };
  return { error: t('clients.jwksErrors.other', { n, field: m || 'key' }) };
}

/** A refusal by the server that names a key of the JWKS, put on the JWKS field; true if it was one. */
export function jwksServerError(t: TFunction, form: FormInstance, err: unknown): boolean {
  if (!isApiError(err)) return false;
  const e = err.problem.errors?.find((x) => x.field.startsWith('jwks'));
  if (!e) return false;
  const index = /^jwks\.keys\.(\d+)/.exec(e.field)?.[1];
  const message = index
    ? t('clients.jwksErrors.material', { n: Number(index) + 1 })
    : t('clients.jwksErrors.shape');
  form.setFields([{ name: 'jwksText', errors: [message] }]);
  return true;
}

export function JwksField({ form }: { form: FormInstance }) {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('clients.jwks')} extra={t('clients.jwksHint')} required>
      <Form.Item
        name="jwksText"
        noStyle
        rules={[
          {
            validator: async (_, v: string | undefined) => {
              const r = parseJwks(t, v);
              if ('error' in r) throw new Error(r.error);
            },
          },
        ]}
      >
        <Input.TextArea
          rows={8}
          spellCheck={false}
          style={{ fontFamily: 'monospace', fontSize: 12 }}
          placeholder='{"keys": [{"kty": "EC", "crv": "P-384", "alg": "ES384", "kid": "…", "x": "…", "y": "…"}]}'
          data-testid="jwks-text"
        />
      </Form.Item>
      <Upload
        accept=".json,.jwks,application/json"
        showUploadList={false}
        beforeUpload={async (file) => {
          form.setFieldValue('jwksText', await file.text());
          void form.validateFields(['jwksText']);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} size="small" style={{ marginTop: 8 }}>
          {t('clients.loadFile')}
        </Button>
      </Upload>
    </Form.Item>
  );
}
