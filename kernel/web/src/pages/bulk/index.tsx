// Bulk syncs: list, builder, history. (Built by the sync pages' owner.)
import { Route, Routes } from "react-router-dom";
import { Placeholder } from "../../shell/States";

export default function BulkSyncPages() {
  return (
    <Routes>
      <Route index element={<Placeholder title="Bulk syncs" what="Bulk syncs copy whole tables from a source to a destination. The builder will be here." />} />
    </Routes>
  );
}
