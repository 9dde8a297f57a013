// Admin: users, API keys, webhooks, notifications, audit log, licence, connectors.
// Pages whose API only admins may read say so to other roles (AdminOnly) instead
// of asking; API keys, the licence and the connectors are for every role.
import "./admin.css";
import { Navigate, Route, Routes } from "react-router-dom";
import { useMe } from "../../api/session";
import { Audit } from "./Audit";
import { Connectors } from "./Connectors";
import { Keys } from "./Keys";
import { Licence } from "./Licence";
import { Notifications } from "./Notifications";
import { Users } from "./Users";
import { Webhooks } from "./Webhooks";

export default function AdminPages() {
  const { data: me } = useMe();
  return (
    <Routes>
      <Route index element={<Navigate to={me?.role === "admin" ? "users" : "keys"} replace />} />
      <Route path="users" element={<Users />} />
      <Route path="keys" element={<Keys />} />
      <Route path="webhooks" element={<Webhooks />} />
      <Route path="notifications" element={<Notifications />} />
      <Route path="audit" element={<Audit />} />
      <Route path="licence" element={<Licence />} />
      <Route path="connectors" element={<Connectors />} />
    </Routes>
  );
}
