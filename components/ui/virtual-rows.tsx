"use client";

import { type ReactNode, useRef, useState } from "react";

/**
 * A list of fixed-height rows that renders only what is in view (plus a margin): a 1,000-object
 * table costs a few dozen DOM rows.
 */
export function VirtualRows<T>({
  items,
  rowHeight,
  height,
  render,
  label,
}: {
  items: readonly T[];
  rowHeight: number;
  height: number | string;
  render: (item: T, index: number) => ReactNode;
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(800);
  const overscan = 10;
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return (
    <div
      ref={ref}
      role="rowgroup"
      aria-label={label}
      className="overflow-auto"
      style={{ height }}
      onScroll={(e) => {
        setScrollTop(e.currentTarget.scrollTop);
        setViewport(e.currentTarget.clientHeight);
      }}
    >
      <div style={{ height: items.length * rowHeight, position: "relative" }}>
        <div style={{ transform: `translateY(${first * rowHeight}px)` }}>
          {items.slice(first, last).map((item, i) => render(item, first + i))}
        </div>
      </div>
    </div>
  );
}
