import { Grid } from 'antd';

/** Below antd's md breakpoint (768 px): phones. Side menu becomes a drawer, forms stack. */
export function useIsMobile(): boolean {
  const screens = Grid.useBreakpoint();
  // Before the first measurement every breakpoint is undefined: decide from the window.
  if (screens.md === undefined) return typeof window !== 'undefined' && window.innerWidth < 768;
  return !screens.md;
}
