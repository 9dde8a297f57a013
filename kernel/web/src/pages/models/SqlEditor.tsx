// The SQL editor of a model: CodeMirror 6 with SQL highlighting (its own chunk,
// loaded with the model pages). It lives in an open shadow root: there CodeMirror
// adopts constructed style sheets, which the Content-Security-Policy allows, where in
// the document itself it would write a <style> element, which the policy refuses.
import { sql, PostgreSQL } from "@codemirror/lang-sql";
import { Compartment, EditorState } from "@codemirror/state";
import { EditorView, basicSetup } from "codemirror";
import { useEffect, useRef } from "react";

export interface SqlEditorProps {
  value: string;
  onChange: (value: string) => void;
  label: string;
  readOnly?: boolean;
  /// Tables of the connection, for completion.
  tables?: string[];
}

function language(tables: string[]) {
  return sql({ dialect: PostgreSQL, schema: Object.fromEntries(tables.map((t) => [t, [] as string[]])), upperCaseKeywords: true });
}

export default function SqlEditor({ value, onChange, label, readOnly, tables }: SqlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>();
  const latest = useRef(onChange);
  latest.current = onChange;
  // Reconfigured in place: a new editor would lose what is being typed.
  const languageSlot = useRef(new Compartment());
  const readOnlySlot = useRef(new Compartment());

  useEffect(() => {
    const shadow = host.current!.shadowRoot ?? host.current!.attachShadow({ mode: "open" });
    shadow.replaceChildren();
    const parent = document.createElement("div");
    shadow.appendChild(parent);
    view.current = new EditorView({
      root: shadow,
      parent,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          languageSlot.current.of(language(tables ?? [])),
          readOnlySlot.current.of(EditorState.readOnly.of(Boolean(readOnly))),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ "aria-label": label, "aria-multiline": "true" }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current(update.state.doc.toString());
          }),
          EditorView.theme({
            "&": { minHeight: "160px", border: "1px solid var(--mantine-color-gray-5)", borderRadius: "4px", backgroundColor: "var(--mantine-color-white)" },
            "&.cm-focused": { outline: "2px solid var(--mantine-color-blue-8)" },
            ".cm-scroller": { fontFamily: "var(--mantine-font-family-monospace)", fontSize: "14px" },
          }),
        ],
      }),
    });
    return () => view.current?.destroy();
    // Made once; the props below reconfigure it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const tableKey = (tables ?? []).join(",");
  useEffect(() => {
    view.current?.dispatch({ effects: languageSlot.current.reconfigure(language(tables ?? [])) });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tableKey]);

  useEffect(() => {
    view.current?.dispatch({ effects: readOnlySlot.current.reconfigure(EditorState.readOnly.of(Boolean(readOnly))) });
  }, [readOnly]);

  useEffect(() => {
    const current = view.current;
    if (current && current.state.doc.toString() !== value) current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: value } });
  }, [value]);

  return <div ref={host} data-testid="sql-editor" />;
}
