// A sync's runs as a chart: records written per run as bars coloured by outcome,
// the run's duration as a line (recharts; its own chunk, loaded with the sync page).
import { Group, Paper, Text } from "@mantine/core";
import { Bar, CartesianGrid, Cell, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { duration, outcomeOf, type Execution } from "./api";

export const OUTCOME_COLORS: Record<ReturnType<typeof outcomeOf>, string> = {
  completed: "#2f9e44",
  "with errors": "#f08c00",
  failed: "#e03131",
  canceled: "#868e96",
  running: "#1c7ed6",
};

export interface HistoryPoint {
  label: string;
  records: number;
  seconds: number;
  outcome: ReturnType<typeof outcomeOf>;
}

export function historyPoints(runs: Execution[]): HistoryPoint[] {
  return [...runs].reverse().map((e, i) => ({
    label: `#${i + 1}`,
    records: e.counts?.total ?? 0,
    seconds: Math.round((duration(e) ?? 0) * 10) / 10,
    outcome: outcomeOf(e),
  }));
}

export default function HistoryChart({ runs, records = "Records" }: { runs: Execution[]; records?: string }) {
  const points = historyPoints(runs);
  const summary = points.map((p) => `${p.label}: ${p.records} records, ${p.seconds} s, ${p.outcome}`).join("; ");
  return (
    <Paper withBorder p="sm">
      <figure style={{ margin: 0 }} data-testid="history-chart" data-points={points.length}>
        <figcaption>
          <Group gap="md" wrap="wrap" mb="xs">
            <Text size="sm" fw={500}>
              {records} and duration per run
            </Text>
            {Object.entries(OUTCOME_COLORS).map(([outcome, color]) => (
              <Group gap={4} key={outcome}>
                <span aria-hidden style={{ display: "inline-block", width: 10, height: 10, background: color, borderRadius: 2 }} />
                <Text size="xs">{outcome}</Text>
              </Group>
            ))}
          </Group>
        </figcaption>
        <div role="img" aria-label={`Run history: ${summary}`} style={{ width: "100%", height: 220 }}>
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={points} margin={{ top: 5, right: 5, left: 0, bottom: 5 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" />
              <YAxis yAxisId="records" allowDecimals={false} width={48} />
              <YAxis yAxisId="seconds" orientation="right" width={40} unit="s" />
              <Tooltip />
              <Bar yAxisId="records" dataKey="records" name={records} isAnimationActive={false}>
                {points.map((p, i) => (
                  <Cell key={i} fill={OUTCOME_COLORS[p.outcome]} data-outcome={p.outcome} />
                ))}
              </Bar>
              <Line yAxisId="seconds" dataKey="seconds" name="Seconds" stroke="#495057" dot isAnimationActive={false} />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </Paper>
  );
}
