// A table that scrolls sideways at narrow widths and holds nothing focusable: the
// scrolled region itself takes focus, so the keyboard can scroll it (axe
// "scrollable-region-focusable").
import type { ReactNode } from "react";

export function Scroll({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    <div className="admin-scroll" tabIndex={0} role="region" aria-label={label}>
      <div style={{ minWidth }}>{children}</div>
    </div>
  );
}
