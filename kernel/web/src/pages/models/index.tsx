import { Route, Routes } from "react-router-dom";
import { Placeholder } from "../../shell/States";

export default function ModelPages() {
  return (
    <Routes>
      <Route index element={<Placeholder title="Models" what="Write a SQL query or pick a table of a connection." />} />
    </Routes>
  );
}
