// Model syncs: the list, the guided builder (new and edit) and one sync with its
// history. The builder and the sync page (with the chart library) are their own chunks.
import { lazy, Suspense, type ReactNode } from "react";
import { Route, Routes } from "react-router-dom";
import { Loading } from "../../shell/States";
import { SyncList } from "./SyncList";

const SyncBuilder = lazy(() => import("./SyncBuilder"));
const SyncPage = lazy(() => import("./SyncPage"));

const lazily = (what: string, page: ReactNode) => <Suspense fallback={<Loading what={what} />}>{page}</Suspense>;

export default function SyncPages() {
  return (
    <Routes>
      <Route index element={<SyncList />} />
      <Route path="new" element={lazily("the sync builder", <SyncBuilder />)} />
      <Route path=":id/edit" element={lazily("the sync builder", <SyncBuilder />)} />
      <Route path=":id" element={lazily("the sync", <SyncPage />)} />
    </Routes>
  );
}
