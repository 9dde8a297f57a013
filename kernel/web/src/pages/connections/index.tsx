// Connections: the list, the catalog of loaded connection types, and the form of
// one connection (new or existing), and where an OAuth sign-in comes back. The form
// (rjsf) is its own chunk.
import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router-dom";
import { Loading } from "../../shell/States";
import { Catalog } from "./Catalog";
import { Connected } from "./Connected";
import { ConnectionList } from "./ConnectionList";

const ConnectionEditor = lazy(() => import("./ConnectionEditor"));

export default function ConnectionPages() {
  const editor = (
    <Suspense fallback={<Loading what="the connection form" />}>
      <ConnectionEditor />
    </Suspense>
  );
  return (
    <Routes>
      <Route index element={<ConnectionList />} />
      <Route path="new" element={<Catalog />} />
      <Route path="connected" element={<Connected />} />
      <Route path="new/:type" element={editor} />
      <Route path=":id" element={editor} />
    </Routes>
  );
}
