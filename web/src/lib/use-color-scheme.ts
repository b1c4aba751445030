// The OS colour scheme as state, so canvas drawings (which cannot use CSS variables) redraw
// when it changes.
import { useEffect, useState } from 'preact/hooks';

const query = matchMedia('(prefers-color-scheme: dark)');

export function useColorScheme(): 'light' | 'dark' {
  const [dark, setDark] = useState(query.matches);
  useEffect(() => {
    const onChange = () => setDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return dark ? 'dark' : 'light';
}
