import { useEffect, useState } from 'react';
import { ConfigProvider } from 'antd';
import type { Locale } from 'antd/es/locale';
import zhCN from 'antd/locale/zh_CN';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from './api/client';
import { ME_KEY } from './api/auth';
import { router } from './router';
import { preloadShellIfSignedIn } from './shell';

/** A 401 on any call means the session has ended: forget the user, RequireAuth sends to sign-in.
 *  (A wrong password on sign-in or on the password page is also a 401, and is not an expiry.) */
function onSessionError(err: unknown) {
  if (isApiError(err) && err.status === 401 && err.code !== 'invalid_credentials') {
    if (queryClient.getQueryData(ME_KEY)) queryClient.setQueryData(ME_KEY, null);
  }
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onSessionError }),
  mutationCache: new MutationCache({ onError: onSessionError }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      retry: (count, err) => !(isApiError(err) && err.status > 0 && err.status < 500) && count < 2,
    },
    mutations: { retry: false },
  },
});

function useAntdLocale(): Locale {
  const { i18n } = useTranslation();
  const lng = i18n.resolvedLanguage;
  const [en, setEn] = useState<Locale | null>(null);
  useEffect(() => {
    if (lng === 'en' && !en) void import('antd/locale/en_US').then((m) => setEn(m.default));
  }, [lng, en]);
  return lng === 'en' && en ? en : zhCN;
}

export function App() {
  const locale = useAntdLocale();
  const { t, i18n } = useTranslation();
  useEffect(() => {
    document.title = t('app.title');
  }, [t, i18n.resolvedLanguage]);
  useEffect(preloadShellIfSignedIn, []);
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider
        locale={locale}
        theme={{
          token: { colorPrimary: '#0b6e4f', colorLink: '#0b6e4f', borderRadius: 6 },
          components: {
            Layout: { headerBg: '#ffffff', siderBg: '#ffffff', headerPadding: '0 16px' },
            Menu: { itemSelectedBg: '#e3f1eb', itemSelectedColor: '#0b6e4f', itemActiveBg: '#eef6f2' },
          },
        }}
      >
        <RouterProvider router={router} />
      </ConfigProvider>
    </QueryClientProvider>
  );
}
