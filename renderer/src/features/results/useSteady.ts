import { useEffect, useRef, useState } from 'react';

/**
 * A live value shown at most once per `ms` while it keeps changing: the report of a sending campaign changes with
 * every page of statuses (4 a second at 1,000 a second), and redrawing its charts each time costs the window about
 * 40 ms for figures nobody can read that fast. `value` must belong to `stream` (another campaign, another week
 * range), or be undefined while it loads: a new stream's first value shows at once, and the last value always shows,
 * at most `ms` late.
 */
export function useSteady<T>(value: T, stream: string, ms = 1000): T {
  const [shown, setShown] = useState<{ value: T; stream: string }>({ value, stream });
  const lastShown = useRef(0);
  const fresh = shown.stream !== stream || shown.value === undefined;
  useEffect(() => {
    if (value === shown.value && stream === shown.stream) return;
    const show = () => {
      lastShown.current = performance.now();
      setShown({ value, stream });
    };
    const wait = fresh ? 0 : lastShown.current + ms - performance.now();
    if (wait <= 0) return show();
    const timer = window.setTimeout(show, wait);
    return () => window.clearTimeout(timer);
  }, [value, stream, ms, fresh, shown]);
  // A new stream never shows the previous stream's value, even for the one render before the effect.
  return fresh ? value : shown.value;
}
