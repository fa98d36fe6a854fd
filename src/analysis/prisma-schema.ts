// The relations of a Prisma schema, as far as cache-wrap needs them: which model each relation field of a model
// leads to (`members TeamMember[]` on Team leads to TeamMember), so that a nested write
// (`prisma.team.update({ data: { members: { create: … } } })`) is known to write TeamMember rows.
// Models are keyed lower-case, as src/analysis/data-tables.ts keys them (`prisma:teammember`). `@@map` and `@map`
// rename tables and columns in the database only: the client's `prisma.teamMember` keeps the model's name, so they do
// not matter here (they would for raw SQL, whose `FROM "team_members"` is matched by the model's default table name).

/**
 * By model (lower-case), each of its relation fields and the models (lower-case) it leads to: one, unless several
 * schemas of the project define the model differently. Every model of the schema has an entry, relations or not.
 * Under SECRET_FIELDS (a key no field can have), the model's fields whose names say they hold a secret.
 * Plain data: worker threads get a copy.
 */
export type PrismaRelations = Record<string, Record<string, string[]>>;

const SECRET_FIELDS = "\0secrets";
/** Under this key (no model can have it), the schema's views (lower-case): `view BookingTimeStatus { … }`. */
const VIEWS = "\0views";
// `password`, `passwordHash`, `hashedPassword`, `secret`, `webhookSecret`, `refreshToken`, `apiKey`, `privateKey`, `salt`
const SECRET_FIELD = /^(hashed)?(password|secret|token|salt)(hash)?$|(Secret|Token|Password|PasswordHash)$|^(api|private|secret)_?key$|(Api|Private|Secret)Key$/i;

const BLOCK_START = /^(model|view|type|enum|datasource|generator)\s+(\w+)\s*\{/;
// `name Type`, `name Type?`, `name Type[]`: a field's name and its type's name
const FIELD = /^(\w+)\s+(\w+)(?:\[\])?\??(?:\s|$)/;

interface Block {
  kind: string;
  name: string;
  fields: [string, string][];
}

/** The models of the schema files' texts (a multi-file schema, or the schemas of a monorepo's packages), and their relations. */
export function parsePrismaSchema(texts: readonly string[]): PrismaRelations {
  const blocks = texts.flatMap(blocksOf);
  const models = new Map(blocks.filter((b) => b.kind === "model").map((b) => [b.name, b.name.toLowerCase()]));
  const relations = new Map<string, Map<string, string[]>>();
  for (const block of blocks) {
    if (block.kind !== "model") continue;
    const key = block.name.toLowerCase();
    const own = relations.get(key) ?? new Map<string, string[]>();
    relations.set(key, own);
    for (const [field, type] of block.fields) {
      const target = models.get(type);
      if (target === undefined) {
        if (SECRET_FIELD.test(field) && /^(String|Bytes)$/.test(type)) (own.get(SECRET_FIELDS) ?? own.set(SECRET_FIELDS, []).get(SECRET_FIELDS)!).push(field);
        continue;
      }
      const targets = own.get(field) ?? [];
      own.set(field, targets);
      if (!targets.includes(target)) targets.push(target);
    }
  }
  const views = blocks.filter((b) => b.kind === "view").map((b): [string, string[]] => [b.name.toLowerCase(), []]);
  // Object.fromEntries makes own properties of any name (a model or field called `constructor` or `__proto__`)
  return Object.fromEntries([...[...relations].map(([model, fields]) => [model, Object.fromEntries(fields)]), ...(views.length ? [[VIEWS, Object.fromEntries(views)]] : [])]);
}

/** Whether the schema declares the name (lower-case) as a view: its rows come from tables the schema does not name. */
export function isView(relations: PrismaRelations | undefined, model: string): boolean {
  const views = relations && Object.hasOwn(relations, VIEWS) ? relations[VIEWS]! : undefined;
  return Boolean(views && Object.hasOwn(views, model));
}

/** Whether the schema defines the model (lower-case). */
export function hasModel(relations: PrismaRelations, model: string): boolean {
  return Object.hasOwn(relations, model);
}

/** The fields of a model (lower-case) whose names say they hold a secret: `password`, `webhookSecret`, `apiKey`. */
export function secretFields(relations: PrismaRelations, model: string): readonly string[] {
  const fields = Object.hasOwn(relations, model) ? relations[model]! : undefined;
  return (fields && Object.hasOwn(fields, SECRET_FIELDS) ? fields[SECRET_FIELDS] : undefined) ?? [];
}

/** The models (lower-case) a relation field of a model leads to; undefined when the field is no relation (a scalar, a Json or composite field). */
export function relatedModels(relations: PrismaRelations, model: string, field: string): readonly string[] | undefined {
  const fields = Object.hasOwn(relations, model) ? relations[model]! : undefined;
  return fields && Object.hasOwn(fields, field) ? fields[field] : undefined;
}

function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = withoutComment(raw).trim();
    if (!current) {
      const start = BLOCK_START.exec(line);
      if (start) blocks.push((current = { kind: start[1]!, name: start[2]!, fields: [] }));
      continue;
    }
    if (line.startsWith("}")) {
      current = undefined;
      continue;
    }
    const field = FIELD.exec(line);
    if (field) current.fields.push([field[1]!, field[2]!]);
  }
  return blocks;
}

/** The line up to a `//` comment (`///` doc comments too) that is not inside a string (`@default("http://…")`). */
function withoutComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "\\" && inString) i++;
    else if (c === '"') inString = !inString;
    else if (c === "/" && line[i + 1] === "/" && !inString) return line.slice(0, i);
  }
  return line;
}
