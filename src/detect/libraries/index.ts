// The call-shape catalog: every library optimigrate recognises, one module each.
import type { LibraryEntry } from "../catalog.js";
import { fetchLibrary } from "./fetch.js";
import { axiosLibrary } from "./axios.js";
import { nestjsAxiosLibrary } from "./nestjs-axios.js";
import { undiciLibrary } from "./undici.js";
import { gotLibrary, kyLibrary } from "./got.js";
import { superagentLibrary } from "./superagent.js";
import { apolloLibrary, graphqlRequestLibrary } from "./graphql.js";
import { anthropicLibrary, openaiLibrary } from "./openai.js";
import { cohereLibrary, googleGenAiLibrary, googleGenerativeAiLibrary, groqLibrary, mistralLibrary, ollamaLibrary } from "./llm-sdks.js";
import { vercelAiLibrary } from "./vercel-ai.js";
import { langchainLibrary } from "./langchain.js";
import { awsSdkLibrary } from "./aws-sdk.js";
import { actionsGithubLibrary, octokitLibrary, probotLibrary } from "./octokit.js";
import { stripeLibrary } from "./stripe.js";
import { googleapisLibrary } from "./googleapis.js";
import { twilioLibrary } from "./twilio.js";
import { slackLibrary } from "./slack.js";
import { nodemailerLibrary } from "./nodemailer.js";
import { betterSqliteLibrary, mysqlLibrary, pgLibrary, planetscaleLibrary, postgresJsLibrary, sqlite3Library } from "./sql-drivers.js";
import { prismaLibrary } from "./prisma.js";
import { knexLibrary } from "./knex.js";
import { kyselyLibrary } from "./kysely.js";
import { drizzleLibrary } from "./drizzle.js";
import { typeormLibrary } from "./typeorm.js";
import { sequelizeLibrary } from "./sequelize.js";
import { mongodbLibrary, mongooseLibrary } from "./mongo.js";
import { redisLibrary } from "./redis.js";
import { supabaseLibrary } from "./supabase.js";
import { clickhouseLibrary } from "./clickhouse.js";
import { slonikLibrary } from "./slonik.js";

export const BUILTIN_LIBRARIES: readonly LibraryEntry[] = [
  fetchLibrary,
  axiosLibrary,
  nestjsAxiosLibrary,
  undiciLibrary,
  gotLibrary,
  kyLibrary,
  superagentLibrary,
  graphqlRequestLibrary,
  apolloLibrary,
  openaiLibrary,
  anthropicLibrary,
  groqLibrary,
  cohereLibrary,
  googleGenerativeAiLibrary,
  googleGenAiLibrary,
  ollamaLibrary,
  mistralLibrary,
  vercelAiLibrary,
  langchainLibrary,
  awsSdkLibrary,
  octokitLibrary,
  actionsGithubLibrary,
  probotLibrary,
  stripeLibrary,
  googleapisLibrary,
  twilioLibrary,
  slackLibrary,
  nodemailerLibrary,
  pgLibrary,
  mysqlLibrary,
  betterSqliteLibrary,
  sqlite3Library,
  postgresJsLibrary,
  planetscaleLibrary,
  prismaLibrary,
  knexLibrary,
  kyselyLibrary,
  drizzleLibrary,
  typeormLibrary,
  sequelizeLibrary,
  mongooseLibrary,
  mongodbLibrary,
  redisLibrary,
  supabaseLibrary,
  clickhouseLibrary,
  slonikLibrary,
];

/** A client library named in the config: every export is a client whose methods read or write by name. */
export function configuredLibrary(module: string, kind: "api" | "db"): LibraryEntry {
  return {
    name: module,
    kind: kind === "api" ? "api-call" : "db-query",
    modules: [module],
    exports: { default: "client", "*": "client" },
    exportPattern: [{ pattern: /.*/, role: "client" }],
    roles: {
      client: {
        call: { op: "unknown", returns: "client" },
        construct: "client",
        instance: "client",
        anyProp: "client",
        anyMethod: { op: "verb", returns: "client" },
      },
    },
  };
}
