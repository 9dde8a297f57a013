// Home: what failed recently, what runs now. (Built by the sync pages' owner.)
import { Placeholder } from "../../shell/States";

export default function HomePage() {
  return <Placeholder title="Home" what="What failed recently and what is running will be shown here. Start with Connections, then Models." />;
}
