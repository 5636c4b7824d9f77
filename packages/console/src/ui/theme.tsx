import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { Theme } from '@radix-ui/themes';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'tessera-theme';
const DARK = '(prefers-color-scheme: dark)';

const ThemeChoiceContext = createContext<{ choice: ThemeChoice; setChoice: (c: ThemeChoice) => void }>({ choice: 'system', setChoice: () => {} });
export const useThemeChoice = () => useContext(ThemeChoiceContext);

/**
 * Light or dark as the system says (prefers-color-scheme, followed live), unless the person picks
 * one in the account menu: only that explicit choice is kept (localStorage), nothing else.
 */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const [choice, setChoiceState] = useState<ThemeChoice>(() => {
    const saved = localStorage.getItem(KEY);
    return saved === 'light' || saved === 'dark' ? saved : 'system';
  });
  const [systemDark, setSystemDark] = useState(() => window.matchMedia(DARK).matches);
  useEffect(() => {
    const mq = window.matchMedia(DARK);
    const on = () => setSystemDark(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  const setChoice = (c: ThemeChoice) => {
    if (c === 'system') localStorage.removeItem(KEY); else localStorage.setItem(KEY, c);
    setChoiceState(c);
  };
  const appearance = choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
  useEffect(() => { document.documentElement.style.colorScheme = appearance; }, [appearance]);
  return (
    <ThemeChoiceContext.Provider value={{ choice, setChoice }}>
      <Theme appearance={appearance} accentColor="indigo" grayColor="slate" radius="medium" scaling="100%">{children}</Theme>
    </ThemeChoiceContext.Provider>
  );
}
