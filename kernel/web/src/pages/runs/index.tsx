// Runs: the list, and one run of a model sync or of a bulk sync (their own chunks).
import { lazy, Suspense, type ReactNode } from "react";
import { Route, Routes } from "react-router-dom";
import { Loading } from "../../shell/States";
import { RunsList } from "./RunsList";

const RunPage = lazy(() => import("./RunPage"));
const BulkRunPage = lazy(() => import("./BulkRunPage"));

const lazily = (page: ReactNode) => <Suspense fallback={<Loading what="the run" />}>{page}</Suspense>;

export default function RunPages() {
  return (
    <Routes>
      <Route index element={<RunsList />} />
      <Route path="syncs/:syncId/:execId" element={lazily(<RunPage />)} />
      <Route path="bulk/:syncId/:execId" element={lazily(<BulkRunPage />)} />
    </Routes>
  );
}
