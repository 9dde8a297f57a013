// Bulk syncs: the list, the builder and one bulk sync with its history (their own chunks).
import { lazy, Suspense, type ReactNode } from "react";
import { Route, Routes } from "react-router-dom";
import { Loading } from "../../shell/States";
import { BulkList } from "./BulkList";

const BulkBuilder = lazy(() => import("./BulkBuilder"));
const BulkPage = lazy(() => import("./BulkPage"));

const lazily = (what: string, page: ReactNode) => <Suspense fallback={<Loading what={what} />}>{page}</Suspense>;

export default function BulkPages() {
  return (
    <Routes>
      <Route index element={<BulkList />} />
      <Route path="new" element={lazily("the bulk sync builder", <BulkBuilder />)} />
      <Route path=":id/edit" element={lazily("the bulk sync editor", <BulkBuilder />)} />
      <Route path=":id" element={lazily("the bulk sync", <BulkPage />)} />
    </Routes>
  );
}
