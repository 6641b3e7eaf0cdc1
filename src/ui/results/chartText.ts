/**
 * Sizes the charts draw their text at, from the page mode: lecturer mode (?lecture=1) scales ticks, labels
 * and legend to ≥ 16 px for a projector, and widens the axis so "100%" and its label are never clipped.
 * useWidth measures a container, so a chart can turn its bars sideways on a phone.
 */
import { useEffect, useRef, useState } from 'react';
import { useUiStore } from '../stores/uiStore';

export interface ChartText {
  tick: number;
  legend: number;
  label: number;
  yAxisWidth: number;
}

export function useChartText(): ChartText {
  const lecture = useUiStore((s) => s.lecture);
  return lecture ? { tick: 16, legend: 17, label: 16, yAxisWidth: 92 } : { tick: 12, legend: 13, label: 12, yAxisWidth: 70 };
}

export function useWidth<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T | null>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.getBoundingClientRect().width);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => setWidth(entries[0]?.contentRect.width ?? 0));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}
