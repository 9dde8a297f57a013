import { Route, Routes } from "react-router-dom";
import { Placeholder } from "../../shell/States";

export default function ConnectionPages() {
  return (
    <Routes>
      <Route index element={<Placeholder title="Connections" what="Add a connection from the catalog of loaded connectors." />} />
    </Routes>
  );
}
