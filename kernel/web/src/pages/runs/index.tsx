// Runs: every execution, live status, per-record results. (Built by the sync pages' owner.)
import { Route, Routes } from "react-router-dom";
import { Placeholder } from "../../shell/States";

export default function RunPages() {
  return (
    <Routes>
      <Route index element={<Placeholder title="Runs" what="Every run of every sync will be listed here, with its counts and per-record errors." />} />
    </Routes>
  );
}
