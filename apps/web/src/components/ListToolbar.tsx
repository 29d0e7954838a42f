import { useEffect, useState, type ReactNode } from 'react';
import { Badge, Button, Flex, Input, Space } from 'antd';
import { FilterOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ListQuery } from '../hooks/useListQuery';
import { useIsMobile } from '../hooks/useIsMobile';

/**
 * Search box, filters and actions above a list, bound to a useListQuery. On a phone the
 * filters fold behind a button (open by themselves when one is set) and stack full width.
 */
export function ListToolbar<F extends string>({
  list,
  placeholder,
  filters,
  actions,
  search = true,
}: {
  list: ListQuery<F>;
  placeholder?: string;
  filters?: ReactNode;
  actions?: ReactNode;
  search?: boolean;
}) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const [text, setText] = useState(list.q);
  useEffect(() => setText(list.q), [list.q]);
  const active = Object.values(list.filters).filter(Boolean).length;
  const [showFilters, setShowFilters] = useState(active > 0);
  const filtersVisible = !mobile || showFilters || active > 0;

  return (
    <Flex
      className={mobile ? 'list-toolbar list-toolbar-mobile' : 'list-toolbar'}
      gap={8}
      wrap
      align="center"
      style={{ marginBottom: 12 }}
    >
      {search && (
        <Flex gap={8} style={{ width: mobile ? '100%' : 'auto' }}>
          <Space.Compact style={{ width: mobile ? undefined : 260, flex: mobile ? 1 : undefined }}>
            <Input
              allowClear
              type="search"
              enterKeyHint="search"
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                if (e.target.value === '' && list.q) list.setQ('');
              }}
              onPressEnter={() => list.setQ(text)}
              placeholder={placeholder ?? t('list.searchPlaceholder')}
              aria-label={t('list.search')}
              data-testid="list-search"
            />
            <Button icon={<SearchOutlined />} onClick={() => list.setQ(text)} aria-label={t('list.search')} />
          </Space.Compact>
          {mobile && filters && (
            <Badge count={active} size="small">
              <Button
                icon={<FilterOutlined />}
                onClick={() => setShowFilters((v) => !v)}
                aria-expanded={filtersVisible}
                aria-label={t('list.filters')}
                data-testid="list-filters-toggle"
              />
            </Badge>
          )}
        </Flex>
      )}
      {filtersVisible && filters}
      {filtersVisible && (active > 0 || list.q) && (
        <Button icon={<ReloadOutlined />} onClick={list.reset} className="list-reset">
          {t('list.reset')}
        </Button>
      )}
      {actions && <div className="list-actions">{actions}</div>}
    </Flex>
  );
}
