// Model syncs: list, the guided builder, a sync's history. (Built by the sync pages' owner.)
import { Route, Routes } from "react-router-dom";
import { Placeholder } from "../../shell/States";

export default function SyncPages() {
  return (
    <Routes>
      <Route index element={<Placeholder title="Model syncs" what="Model syncs write a model's records into a target. The builder will be here." />} />
    </Routes>
  );
}
