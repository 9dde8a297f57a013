// Models: the list, and one model (new or existing). The editor, with CodeMirror,
// is its own chunk.
import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router-dom";
import { Loading } from "../../shell/States";
import { ModelList } from "./ModelList";

const ModelEditor = lazy(() => import("./ModelEditor"));

export default function ModelPages() {
  const editor = (
    <Suspense fallback={<Loading what="the model editor" />}>
      <ModelEditor />
    </Suspense>
  );
  return (
    <Routes>
      <Route index element={<ModelList />} />
      <Route path="new" element={editor} />
      <Route path=":id" element={editor} />
    </Routes>
  );
}
