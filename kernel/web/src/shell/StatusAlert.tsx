// A Mantine Alert for a status message (a key made, a test passed, the licence's
// banner): role="status", which screen readers announce politely. Mantine's Alert
// writes role="alert" after the props it is given, so a role prop never reaches
// the element; the role is set on the element itself before the browser paints.
import { Alert, type AlertProps } from "@mantine/core";
import { useLayoutEffect, useRef } from "react";

export function StatusAlert(props: AlertProps & { "data-testid"?: string; "aria-label"?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    ref.current?.setAttribute("role", "status");
  });
  return <Alert ref={ref} {...props} />;
}
