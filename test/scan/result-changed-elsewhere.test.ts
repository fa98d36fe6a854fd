// A caller in another file that changes a function's awaited result (a controller sorting what a service returns)
// would throw once the function is cached, since the cached copy is frozen: assess and migrate both refuse the
// wrap, naming that caller, since only the whole run shows it.
import { afterAll, describe, expect, it } from "vitest";
import { runAssessment } from "../../src/scan/assess.js";
import { planMigration, type MigrationPlan } from "../../src/migrate/plan.js";
import { CODEMODS } from "../../codemods/index.js";
import { tempProject } from "../support/temp-project.js";
// Worker threads need the compiled worker script: the built copy (npm test builds first).
import { runAssessment as runBuiltAssessment } from "../../dist/src/scan/assess.js";

const { root, write, remove } = tempProject("optimigrate-result-changed-elsewhere-");
afterAll(remove);

// a module function, imported and sorted in place by another module
write(
  "src/categories.ts",
  `import { PrismaClient } from "@prisma/client";
const prisma = new PrismaClient();

export async function getCategories() {
  return prisma.category.findMany({ select: { id: true, name: true } });
}
`,
);
write(
  "src/menu.ts",
  `import { getCategories } from "./categories";

export async function categoryMenu() {
  const cats = await getCategories();
  cats.sort((a, b) => a.name.localeCompare(b.name));
  return cats;
}
`,
);
// a NestJS service method, pushed into by the controller it is injected into
write(
  "src/tags/tag.service.ts",
  `import { Injectable } from "@nestjs/common";
import { PrismaClient } from "@prisma/client";

@Injectable()
export class TagService {
  constructor(private readonly prisma: PrismaClient) {}

  async getTags(workspaceId: string) {
    return this.prisma.tag.findMany({ where: { workspaceId }, select: { id: true, name: true } });
  }
}
`,
);
write(
  "src/tags/tag.controller.ts",
  `import { Controller, Get, Param } from "@nestjs/common";
import { TagService } from "./tag.service";

@Controller("tags")
export class TagController {
  constructor(private readonly tags: TagService) {}

  @Get(":ws")
  async list(@Param("ws") ws: string) {
    const tags = await this.tags.getTags(ws);
    tags.push({ id: "untagged", name: "Untagged" });
    return tags;
  }
}
`,
);
// callers elsewhere that only read the result: an Express handler, a Koa one, a mapping, a test's assertion
write(
  "src/products.ts",
  `import { PrismaClient } from "@prisma/client";
const prisma = new PrismaClient();

export async function getProducts(shop: string) {
  return prisma.product.findMany({ where: { shop }, select: { id: true, title: true } });
}
`,
);
write(
  "src/routes/products.ts",
  `import type { Request, Response } from "express";
import type { Context } from "koa";
import { getProducts } from "../products";

export async function list(req: Request, res: Response) {
  res.status(200).json(await getProducts(req.params.shop));
}
export async function listKoa(ctx: Context) {
  ctx.body = await getProducts(ctx.params.shop);
}
export async function titles(shop: string) {
  const products = await getProducts(shop);
  return products.map((p) => p.title);
}
`,
);
write(
  "test/products.test.ts",
  `import { expect, it } from "vitest";
import { getProducts } from "../src/products";

it("lists products", async () => {
  expect(await getProducts("s1")).toEqual([]);
});
`,
);
// two functions named getOrders: a caller changes what the legacy one returns, and both stay unwrapped
write(
  "src/orders/order.service.ts",
  `import { PrismaClient } from "@prisma/client";

export class OrderService {
  constructor(private readonly prisma: PrismaClient) {}

  async getOrders(userId: string) {
    return this.prisma.order.findMany({ where: { userId }, select: { id: true, total: true } });
  }
}
`,
);
write(
  "src/legacy/orders.ts",
  `import axios from "axios";

export async function getOrders(userId: string) {
  const { data } = await axios.get("https://legacy.example.com/orders/" + userId);
  return data as { id: string; total: number }[];
}
`,
);
write(
  "src/legacy/report.ts",
  `import * as legacy from "./orders";

export async function report(userId: string) {
  const orders = await legacy.getOrders(userId);
  orders.reverse();
  return orders;
}
`,
);
// a function with a review reason of its own besides: the unsafe reason comes first in both
write(
  "src/stock.ts",
  `import axios from "axios";

export async function getStock(sku: string) {
  try {
    const { data } = await axios.get("https://stock.example.com/" + sku);
    return data as { sku: string; count: number };
  } catch {
    return { sku, count: 0 };
  }
}
`,
);
write(
  "src/stock-view.ts",
  `import { getStock } from "./stock";

export async function stockView(sku: string) {
  return Object.assign(await getStock(sku), { seen: true });
}
`,
);

const cacheWrap = CODEMODS.filter((c) => c.name === "cache-wrap");
const plan = () => planMigration({ root, paths: [root], codemods: cacheWrap, batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: true, workers: 0 });
const skipsOf = (p: MigrationPlan, path: string) => p.files.find((f) => f.path === path)?.skips.map((s) => [s.line, s.reasons.map((r) => r.id)]) ?? [];
const updatedOf = (p: MigrationPlan, path: string) => p.files.find((f) => f.path === path)?.updated;

describe("a caller in another file that changes the result (cache-result-changed-elsewhere)", () => {
  it("assess: unsafe, naming the caller's file, line and code", async () => {
    const assessment = await runAssessment({ root, paths: [root], workers: 0 });
    const finding = (file: string) => assessment.findings.find((f) => f.file === file && f.codemod === "cache-wrap");
    expect(finding("src/categories.ts")).toMatchObject({
      safety: "unsafe",
      reasons: [
        "a caller in `src/menu.ts:5` changes the result of its call to `getCategories` or hands it to code that may (`cats.sort((a, b) => a.name.localeCompare(b.name))`); the cached copy is frozen, so that caller would throw a `TypeError` (callers in other files are found by the name they call)",
      ],
    });
    expect(finding("src/tags/tag.service.ts")).toMatchObject({ safety: "unsafe" });
    expect(finding("src/tags/tag.service.ts")!.reasons![0]).toContain('a caller in `src/tags/tag.controller.ts:11` changes the result of its call to `getTags` or hands it to code that may (`tags.push({ id: "untagged", name: "Untagged" })`)');
  });

  it("migrate: leaves both functions unwrapped with the reason, even with --include-review", async () => {
    const p = await plan();
    expect(skipsOf(p, "src/categories.ts")).toEqual([[4, ["cache-result-changed-elsewhere"]]]);
    expect(skipsOf(p, "src/tags/tag.service.ts")).toEqual([[8, ["cache-result-changed-elsewhere"]]]);
    expect(updatedOf(p, "src/categories.ts")).toBeUndefined();
    expect(updatedOf(p, "src/tags/tag.service.ts")).toBeUndefined();
  });

  it("callers that only read, return, serialize or assert on the result do not block the wrap", async () => {
    const assessment = await runAssessment({ root, paths: [root], workers: 0 });
    expect(assessment.findings.find((f) => f.file === "src/products.ts")).toMatchObject({ codemod: "cache-wrap", safety: "safe" });
    expect(updatedOf(await plan(), "src/products.ts")).toContain('cached("products", [shop]');
  });

  it("matches callers by name: a change to another getOrders's result keeps every getOrders unwrapped", async () => {
    const assessment = await runAssessment({ root, paths: [root], workers: 0 });
    for (const file of ["src/orders/order.service.ts", "src/legacy/orders.ts"]) {
      const finding = assessment.findings.find((f) => f.file === file && f.codemod === "cache-wrap")!;
      expect(finding.safety).toBe("unsafe");
      expect(finding.reasons![0]).toContain("a caller in `src/legacy/report.ts:5` changes the result of its call to `getOrders`");
    }
    const p = await plan();
    expect(skipsOf(p, "src/orders/order.service.ts")).toEqual([[6, ["cache-result-changed-elsewhere"]]]);
    expect(skipsOf(p, "src/legacy/orders.ts")).toEqual([[3, ["cache-result-changed-elsewhere"]]]);
  });

  it("assess and migrate give the same reasons, with worker threads too", async () => {
    const assessment = await runAssessment({ root, paths: [root], workers: 0 });
    expect((await runBuiltAssessment({ root, paths: [root], workers: 2 })).findings).toEqual(assessment.findings);
    const p = await plan();
    for (const file of p.files) {
      for (const skip of file.skips) {
        const finding = assessment.findings.find((f) => f.file === file.path && f.codemod === "cache-wrap" && f.function?.endsWith(skip.code.match(/(get\w+)/)![1]!));
        expect(finding?.reasons).toEqual(skip.reasons.map((r) => r.message));
      }
    }
    expect(p.files.flatMap((f) => f.skips)).toHaveLength(5);
    expect(skipsOf(p, "src/stock.ts")).toEqual([[3, ["cache-result-changed-elsewhere", "cache-swallows-errors"]]]);
  });
});
