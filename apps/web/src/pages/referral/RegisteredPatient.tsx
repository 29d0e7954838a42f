import '../../i18n/referral';
import { Alert, Checkbox, Form, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { isValidResidentId, type IdDocumentType, type PatientLookup } from '@yilian/domain';
import { usePatientLookup } from '../../api/referrals';
import { useEnumLabel } from '../../components/EnumSelect';
import { useDebounced } from '../../hooks/useDebounced';

// A new referral's identity number may belong to a patient already registered in the consortium.
// The registered identity stays as it is: the form says so at once (with the masked name, sex and
// birth year when the sender's institution already treated the patient) and asks the sender to
// confirm it, or to correct the number.

/** The lookup's question once the number is complete and valid, else null (nothing asked). */
function useLookupBody(form: FormInstance): PatientLookup | null {
  const idType = (Form.useWatch(['patient', 'idType'], form) as IdDocumentType | undefined) ?? 'resident_id';
  const raw = Form.useWatch(['patient', 'idNumber'], form) as string | undefined;
  const toInstitutionId = Form.useWatch('toInstitutionId', form) as string | undefined;
  const idNumber = (raw ?? '').trim().toUpperCase();
  const complete =
    idType === 'resident_id' ? isValidResidentId(idNumber) : /^[0-9A-Z-]{4,32}$/.test(idNumber);
  // Other documents have no check digit: wait until the typing stops (each look is audited).
  const key = useDebounced(
    complete ? [idType, idNumber, toInstitutionId ?? ''].join('|') : '',
    idType === 'resident_id' ? 0 : 800,
  );
  if (!key) return null;
  const [type, number, to] = key.split('|');
  return { idType: type as IdDocumentType, idNumber: number!, ...(to ? { toInstitutionId: to } : {}) };
}

/** Whether the number is registered, with the notice and the confirmation the form shows. */
export function RegisteredPatientNotice({ form }: { form: FormInstance }) {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const lookup = usePatientLookup(useLookupBody(form));
  const found = lookup.data;
  if (!found?.registered) return null;
  const d = found.details;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="registered-patient"
      style={{ marginBottom: 12 }}
      title={t('referral.registeredTitle')}
      description={
        <>
          <Typography.Paragraph style={{ marginBottom: 4 }} data-testid="registered-patient-details">
            {d
              ? t('referral.registeredDetails', { name: d.name, sex: label('sex', d.sex), year: d.birthYear })
              : t('referral.registeredNoDetails')}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
            {t('referral.registeredExplain')}
          </Typography.Paragraph>
          <Form.Item
            name="confirmRegisteredPatient"
            valuePropName="checked"
            style={{ marginBottom: 0 }}
            rules={[
              {
                validator: async (_: unknown, v: boolean | undefined) => {
                  if (!v) throw new Error(t('referral.registeredConfirmRequired'));
                },
              },
            ]}
          >
            <Checkbox data-testid="confirm-registered-patient">{t('referral.registeredConfirm')}</Checkbox>
          </Form.Item>
        </>
      }
    />
  );
}

/** The lookup's answer for the page: send the confirmation only for a registered number. */
export function useIsRegistered(form: FormInstance): boolean {
  return !!usePatientLookup(useLookupBody(form)).data?.registered;
}
