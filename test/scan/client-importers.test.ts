// A file only front-end code imports runs in the browser, where the runtime's Node modules cannot go: assess and
// migrate both refuse to wrap its reads (cache-client-code), naming an importer. Server code by its own say-so, a
// file a server file imports too, and a page's server half are not front end.
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
// imported by a component and by an API route: it runs on the server too
write("lib/getProfile.ts", reader("getProfile", "https://api.example.com/profile"));
write("components/Profile.tsx", `"use client";\nimport { getProfile } from "../lib/getProfile";\nexport const Profile = () => <button onClick={() => getProfile()}>load</button>;\n`);
write("pages/api/profile.ts", `import { getProfile } from "../../lib/getProfile";\nexport default async function handler(_req: unknown, res: { json(v: unknown): void }) {\n  res.json(await getProfile());\n}\n`);
// a server action, imported by a client component: it says it runs on the server
write("lib/actions.ts", `"use server";\n${reader("getPlans", "https://billing.example.com/plans")}`);
write("components/Plans.tsx", `"use client";\nimport { getPlans } from "../lib/actions";\nexport const Plans = () => <button onClick={() => getPlans()}>plans</button>;\n`);
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

const client = "the file is browser or mobile app code (only front-end code imports it: `layouts/MainLayout.tsx`, which calls React's `useState`), and the runtime is for Node servers";

describe("a file only front-end code imports (cache-client-code)", () => {
  it("assess: unsafe, naming an importer; the others stay safe", async () => {
    const assessment = await runAssessment({ root, paths: [root], workers: 0 });
    const finding = (file: string) => assessment.findings.find((f) => f.file === file && f.codemod === "cache-wrap");
    expect(finding("lib/client/getLatestAnnouncement.ts")).toMatchObject({ safety: "unsafe", reasons: [client] });
    for (const file of ["lib/getProfile.ts", "lib/actions.ts", "lib/getPosts.ts"]) expect(finding(file), file).toMatchObject({ safety: "safe" });
  });

  it("migrate: leaves it unwrapped with the same reason and wraps the others", async () => {
    const plan = await planMigration({ root, paths: [root], codemods: CODEMODS.filter((c) => c.name === "cache-wrap"), batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: true, workers: 0 });
    const file = (path: string) => plan.files.find((f) => f.path === path);
    expect(file("lib/client/getLatestAnnouncement.ts")?.updated).toBeUndefined();
    expect(file("lib/client/getLatestAnnouncement.ts")?.skips.map((s) => s.reasons.map((r) => r.message))).toEqual([[client]]);
    for (const path of ["lib/getProfile.ts", "lib/actions.ts", "lib/getPosts.ts"]) expect(file(path)?.updated, path).toContain("cached(");
  });
});
