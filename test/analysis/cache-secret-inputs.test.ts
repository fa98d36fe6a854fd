// cache-secret beyond the name: a secret in the key, secret fields in the body; and words that only look like one.
import { describe, expect, it } from "vitest";
import { CODEMODS } from "../../codemods/index.js";
import { planText } from "../../src/migrate/plan.js";
import { secretParamWord } from "../../src/analysis/cache-name-words.js";
import { nameWords } from "../../src/detect/operation.js";

const reasonIds = (source: string) =>
  planText("/repo/src/svc.ts", source, { codemods: CODEMODS.filter((c) => c.name === "cache-wrap"), batchSize: 10, batchStyle: "slices", cacheModule: "optimigrate/runtime", includeReview: false })
    .skips.flatMap((s) => s.reasons.map((r) => r.id));

describe("parameter names", () => {
  it.each(["accessToken", "token", "refreshToken", "apiKey", "clientSecret", "password", "credentials", "privateKey", "authorization", "auth", "bearer", "botKey", "serviceKey", "webhookKey"])("%s holds a secret", (name) => {
    expect(secretParamWord(nameWords(name))).toBeDefined();
  });
  it.each(["tokenCount", "maxTokens", "keywords", "sessionId", "tokenType", "key", "cacheKey", "passwordLength", "objectKey", "partitionKey"])("%s does not", (name) => {
    expect(secretParamWord(nameWords(name))).toBeUndefined();
  });
});

describe("cache-secret from the key and the body", () => {
  const fetchWith = (params: string, body: string) => `import axios from "axios";
import OpenAI from "openai";
export async function getProjects(${params}) {
${body}
}
`;
  it("a destructured token in the key", () => {
    expect(reasonIds(fetchWith("{ teamId, accessToken }: { teamId: string; accessToken: string }", "  return (await axios.get('https://x.io/p/' + teamId)).data;"))).toContain("cache-secret");
  });
  it("a number parameter named like a secret stays safe", () => {
    expect(reasonIds(fetchWith("teamId: string, maxTokens: number", "  return (await axios.get('https://x.io/p/' + teamId)).data;"))).not.toContain("cache-secret");
  });
  it.each([
    ["an error message", "  const { data } = await axios.get('https://x.io/p/' + id);\n  if (!data) throw new Error('wrong password');\n  return data;"],
    ["a client's options", "  const client = new OpenAI({ apiKey: process.env.KEY });\n  return (await axios.get('https://x.io/p/' + id)).data;"],
    ["a request's own parameters", "  return (await axios.get('https://x.io/p/' + id, { params: { api_key: 'k' } })).data;"],
  ])("%s naming a secret field stays safe", (_, body) => {
    expect(reasonIds(fetchWith("id: string", body))).not.toContain("cache-secret");
  });
  it("a select list naming a secret field is refused", () => {
    const source = `import { Model } from "mongoose";
export class Users {
  constructor(private readonly users: Model<unknown>) {}
  async getUser(id: string) {
    return this.users.findById(id).select("+password name");
  }
}
`;
    expect(reasonIds(source)).toContain("cache-secret");
  });
  it.each([
    ["a signing token", "recipient", "token"],
    ["a webhook's secret", "webhook", "secret"],
    ["a two-factor secret", "user", "twoFactorSecret"],
    ["backup codes", "user", "twoFactorBackupCodes"],
  ])("a Prisma select of %s is refused", (_, model, field) => {
    const source = `import { PrismaClient } from "@prisma/client";
const prisma = new PrismaClient();
export async function getRecipientDetails(id: number) {
  return prisma.${model}.findFirst({ where: { id }, select: { id: true, email: true, ${field}: true } });
}
`;
    expect(reasonIds(source)).toContain("cache-secret");
  });
  it("a field blanked out of the result is no secret", () => {
    const source = `import { PrismaClient } from "@prisma/client";
const prisma = new PrismaClient();
export async function getNextRecipient(id: number) {
  const recipient = await prisma.recipient.findFirst({ where: { id }, select: { id: true, email: true, name: true } });
  return recipient && { ...recipient, token: "", password: undefined, apiKey: null };
}
`;
    expect(reasonIds(source)).not.toContain("cache-secret");
  });
  it("a count of tokens and a page token are no secrets", () => {
    const source = `import { PrismaClient } from "@prisma/client";
import axios from "axios";
const prisma = new PrismaClient();
export async function getUsageSummary(id: number) {
  return prisma.usage.findFirst({ where: { id }, select: { id: true, tokens: true, tokenCount: true, tokenType: true } });
}
export async function getVideos(channel: string) {
  const { data } = await axios.get("https://videos.example.com/" + channel);
  const { items, nextPageToken } = data as { items: string[]; nextPageToken?: string };
  return { items, nextPageToken };
}
`;
    expect(reasonIds(source)).not.toContain("cache-secret");
  });
});

describe("a parameter that is a client's credential", () => {
  it.each([
    ["the first argument of a client class", `import { WebClient } from "@slack/web-api";
export const getSlackChannels = async (slack: string) => {
  const client = new WebClient(slack);
  const res = await client.conversations.list({ limit: 1000 });
  return (res.channels ?? []).map((c) => ({ id: c.id as string, name: c.name as string }));
};
`],
    ["a credential option", `import { Octokit } from "@octokit/rest";
export async function getRepos(org: string, pat: string) {
  const octokit = new Octokit({ auth: pat });
  const { data } = await octokit.repos.listForOrg({ org });
  return data.map((r) => r.full_name);
}
`],
  ])("%s is a secret in the key", (_, source) => {
    expect(reasonIds(source)).toContain("cache-secret");
  });
  it("a region or a number handed to a constructor is not", () => {
    const source = `import { S3Client, GetObjectCommand } from "@aws-sdk/client-s3";
import Decimal from "decimal.js";
export async function getObjectSize(region: string, bucket: string, key: string, scale: string) {
  const s3 = new S3Client({ region });
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return new Decimal(scale).times(out.ContentLength ?? 0).toNumber();
}
`;
    expect(reasonIds(source)).not.toContain("cache-secret");
  });
});
