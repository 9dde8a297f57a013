// Admin: users, API keys, webhooks, notifications, audit log, licence, connectors.
// (Built by the admin pages' owner.)
import { Navigate, Route, Routes } from "react-router-dom";
import { Placeholder } from "../../shell/States";

const pages: { path: string; title: string; what: string }[] = [
  { path: "users", title: "Users", what: "Add people by email with a role, change roles, remove them (the last admin stays)." },
  { path: "keys", title: "API keys", what: "Make an API key for yourself or the organization; it is shown once." },
  { path: "webhooks", title: "Webhooks", what: "Send sync events to an endpoint of yours, signed with a secret." },
  { path: "notifications", title: "Notifications", what: "Who gets an email when a sync fails." },
  { path: "audit", title: "Audit log", what: "Every change anyone made, filterable by action and person." },
  { path: "licence", title: "Licence", what: "The deployment key's status, entitlements and usage." },
  { path: "connectors", title: "Connectors", what: "The loaded connectors and the plugins refused, with their SDK versions and reasons." },
];

export default function AdminPages() {
  return (
    <Routes>
      <Route index element={<Navigate to="users" replace />} />
      {pages.map((p) => (
        <Route key={p.path} path={p.path} element={<Placeholder title={p.title} what={p.what} />} />
      ))}
    </Routes>
  );
}
