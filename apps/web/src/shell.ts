// The shell is lazy too, so that the first load is React, the router and antd's core only. It is
// fetched early when it will be needed: at boot for a browser that was signed in last time (in
// parallel with the session check), and on the sign-in page as soon as someone starts typing.
export const loadShell = () => import('./components/AppLayout');
const SIGNED_IN_HINT = 'yilian.signedIn';
export function preloadShell(): void {
  void loadShell();
}
export function rememberSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(SIGNED_IN_HINT, '1');
    else localStorage.removeItem(SIGNED_IN_HINT);
  } catch {
    // only a hint
  }
}
export function preloadShellIfSignedIn(): void {
  try {
    if (localStorage.getItem(SIGNED_IN_HINT)) preloadShell();
  } catch {
    // only a hint
  }
}
