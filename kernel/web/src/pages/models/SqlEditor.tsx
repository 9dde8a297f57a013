// The SQL editor of a model: CodeMirror 6 with SQL highlighting (its own chunk,
// loaded with the model pages). Its styles are adopted style sheets, which the
// Content-Security-Policy does not govern; nothing inline.
import { sql, PostgreSQL } from "@codemirror/lang-sql";
import { EditorView, basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { useEffect, useRef } from "react";

export interface SqlEditorProps {
  value: string;
  onChange: (value: string) => void;
  label: string;
  readOnly?: boolean;
  /// Tables of the connection, for completion.
  tables?: string[];
}

export default function SqlEditor({ value, onChange, label, readOnly, tables }: SqlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>();
  const latest = useRef(onChange);
  latest.current = onChange;

  useEffect(() => {
    const schema = Object.fromEntries((tables ?? []).map((t) => [t, [] as string[]]));
    view.current = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          sql({ dialect: PostgreSQL, schema, upperCaseKeywords: true }),
          EditorView.lineWrapping,
          EditorState.readOnly.of(Boolean(readOnly)),
          EditorView.contentAttributes.of({ "aria-label": label, "aria-multiline": "true" }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current(update.state.doc.toString());
          }),
          EditorView.theme({ "&": { minHeight: "160px", border: "1px solid var(--mantine-color-gray-4)", borderRadius: "4px" }, ".cm-scroller": { fontFamily: "var(--mantine-font-family-monospace)" } }),
        ],
      }),
    });
    return () => view.current?.destroy();
    // The editor is made once; value changes from outside are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [readOnly, (tables ?? []).join(",")]);

  useEffect(() => {
    const current = view.current;
    if (current && current.state.doc.toString() !== value) current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: value } });
  }, [value]);

  return <div ref={host} data-testid="sql-editor" />;
}
