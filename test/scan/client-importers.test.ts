// A module front-end or Edge code imports, directly or through other modules, is bundled with it, and the
// runtime's Node modules cannot load there: assess and migrate both refuse to wrap its reads (cache-client-code,
// cache-edge-code), naming the importer. A server action, a type-only import and a page's server half bring no
// such bundle along.
import { afterAll, describe, expect, it } from "vitest";
import { runAssessment } from "../../src/scan/assess.js";
import { planMigration } from "../../src/migrate/plan.js";
import { CODEMODS } from "../../codemods/index.js";
import { tempProject } from "../support/temp-project.js";

const { root, write, remove } = tempProject("optimigrate-client-importers-");
afterAll(remove);

const reader = (name: string, url: string) => `export async function ${name}(): Promise<{ id: string } | undefined> {
  const res = await fetch("${url}");
  return (await res.json()) as { id: string };
}
`;
// called from a layout's useEffect: browser code, though the file itself says nothing of it
write("lib/client/getLatestAnnouncement.ts", reader("getLatestAnnouncement", "https://example.com/blog/latest.json"));
write(
  "layouts/MainLayout.tsx",
  `import { useEffect, useState } from "react";
import { getLatestAnnouncement } from "../lib/client/getLatestAnnouncement";

export default function MainLayout() {
  const [announcement, setAnnouncement] = useState<{ id: string } | undefined>();
  useEffect(() => {
    getLatestAnnouncement().then(setAnnouncement);
  }, []);
  return <div>{announcement?.id}</div>;
}
`,
);
// a client component reaches it through a barrel: bundled for the browser as well, whoever else imports it
write("lib/profile/getProfile.ts", reader("getProfile", "https://api.example.com/profile"));
write("lib/profile/index.ts", `export { getProfile } from "./getProfile";\n`);
write("components/Profile.tsx", `"use client";\nimport { getProfile } from "../lib/profile";\nexport const Profile = () => <button onClick={() => getProfile()}>load</button>;\n`);
write("pages/api/profile.ts", `import { getProfile } from "../../lib/profile/getProfile";\nexport default async function handler(_req: unknown, res: { json(v: unknown): void }) {\n  res.json(await getProfile());\n}\n`);
// an Edge route: the runtime's node: imports cannot load there
write("lib/links.ts", reader("getLinkViaEdge", "https://links.example.com/l/abc"));
write("app/api/qr/route.ts", `import { getLinkViaEdge } from "../../../lib/links";\nexport const runtime = "edge";\nexport async function GET() {\n  return Response.json(await getLinkViaEdge());\n}\n`);
// a server action, imported by a client component: it says it runs on the server
write("lib/actions.ts", `"use server";\n${reader("getPlans", "https://billing.example.com/plans")}`);
write("components/Plans.tsx", `"use client";\nimport { getPlans } from "../lib/actions";\nexport const Plans = () => <button onClick={() => getPlans()}>plans</button>;\n`);
// a client component that imports only a type brings none of the module's code along
write("lib/users.ts", `export type User = { id: string };\n${reader("getUsers", "https://api.example.com/users")}`);
write("components/UserBadge.tsx", `"use client";\nimport type { User } from "../lib/users";\nexport const UserBadge = (props: { user: User }) => <b>{props.user.id}</b>;\n`);
// a page's server half calls it: the page uses hooks, but getServerSideProps runs on the server
write("lib/getPosts.ts", reader("getPosts", "https://cms.example.com/posts"));
write(
  "pages/posts.tsx",
  `import { useState } from "react";
import { getPosts } from "../lib/getPosts";

export async function getServerSideProps() {
  return { props: { posts: await getPosts() } };
}

export default function Posts(props: { posts: unknown }) {
  const [open] = useState(false);
  return <pre>{open ? JSON.stringify(props.posts) : null}</pre>;
}
`,
);

const reasons: Record<string, string> = {
  "lib/client/getLatestAnnouncement.ts": "the file is browser or mobile app code (front-end code imports it: `layouts/MainLayout.tsx`, which calls React's `useState`), and the runtime is for Node servers",
  "lib/profile/getProfile.ts": 'the file is browser or mobile app code (front-end code imports it: `components/Profile.tsx`, which says `"use client"`, through `lib/profile/index.ts`), and the runtime is for Node servers',
  "lib/links.ts": 'the file is bundled into Edge code (Edge code imports it: `app/api/qr/route.ts`, which declares `runtime = "edge"`), where the runtime\'s Node modules (`node:crypto`, `node:fs`) cannot load',
};
const wrapped = ["lib/actions.ts", "lib/users.ts", "lib/getPosts.ts"];

describe("a file front-end or Edge code bundles (cache-client-code, cache-edge-code)", () => {
  it("assess: unsafe, naming the importer; the others stay safe", async () => {
    const assessment = await runAssessment({ root, paths: [root], workers: 0 });
    const finding = (file: string) => assessment.findings.find((f) => f.file === file && f.codemod === "cache-wrap");
    for (const [file, why] of Object.entries(reasons)) expect(finding(file), file).toMatchObject({ safety: "unsafe", reasons: [why] });
    for (const file of wrapped) expect(finding(file), file).toMatchObject({ safety: "safe" });
  });

  it("migrate: leaves them unwrapped with the same reasons and wraps the others", async () => {
    const plan = await planMigration({ root, paths: [root], codemods: CODEMODS.filter((c) => c.name === "cache-wrap"), batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: true, workers: 0 });
    const file = (path: string) => plan.files.find((f) => f.path === path);
    for (const [path, why] of Object.entries(reasons)) {
      expect(file(path)?.updated, path).toBeUndefined();
      expect(file(path)?.skips.map((s) => s.reasons.map((r) => r.message)), path).toEqual([[why]]);
    }
    for (const path of wrapped) expect(file(path)?.updated, path).toContain("cached(");
  });
});
