// The tables SQL text reads and writes, from its tokens (src/analysis/sql-tokens.ts): reads are named after FROM
// (comma lists too), any JOIN, MERGE's and DELETE's USING and Postgres' `TABLE t`; writes after INSERT / REPLACE /
// UPSERT [INTO], UPDATE, DELETE FROM, MERGE INTO, TRUNCATE, ALTER TABLE and OPTIMIZE TABLE; subqueries and CTEs are read through, and a CTE's
// name is no table once its body is over. No grammar: what is not a table position is skipped.
//
// Keys: the bare table name, lower-cased. A schema or database prefix is dropped (`public.users`, `"app"."Users"`
// and `users` are one key): knex's and Kysely's table strings are keyed the same way (data-tables.ts), and two
// schemas holding a table of one name only cost a review, where keeping the prefix would miss `public.users`
// written as `users`.
//
// `unknown` when a table position holds a `${…}` whose text is not known, or such a `${…}` stands where it could
// hold a whole clause (`WHERE ${conditions}`, `FROM users ${joins}`): the tables named are then only some of them
// (enough to count a write, never to call a read's tables known). A `${…}` where a value goes (`id = ${id}`,
// `IN (${ids})`, `LIMIT ${n}`, inside a string literal) changes no table.
import { SQL_HOLE, sqlTokens, type SqlToken } from "./sql-tokens.js";

export { SQL_HOLE };

export interface SqlTables {
  reads: string[];
  writes: string[];
  /** A `${…}` may name more tables than these. */
  unknown: boolean;
}

type Use = "read" | "write";

interface Level {
  /** SELECT, UPDATE or DELETE at this depth: a FROM here lists tables (not `extract(year FROM d)`). */
  query: boolean;
  /** An open list of tables: a comma at this depth names another (FROM a, b; UPDATE a, b; TRUNCATE a, b). */
  list?: Use;
  /** What a JOINed table is: read, or written by MySQL's multi-table UPDATE and DELETE. */
  joinUse: Use;
  deleting?: "single" | "multi";
  merging?: boolean;
  /** The last clause keyword, which says what a `${…}` can be. */
  clause: string;
  /** This level is the body of that CTE. */
  cte?: { name: string; recursive: boolean };
  /** Just after a CTE's body: a comma starts the next one. */
  afterCte?: { recursive: boolean };
  /** Inside `x BETWEEN a AND b`: its AND joins two values, not two conditions. */
  between?: boolean;
  betweenAnd?: number;
}

// words after which a `${…}` is a value (or a column), never a table or a clause
const VALUE_WORDS = new Set([
  "SELECT", "DISTINCT", "BY", "LIKE", "ILIKE", "IN", "IS", "BETWEEN", "LIMIT", "OFFSET", "THEN", "ELSE", "WHEN", "CASE", "AS", "RETURNING",
  "VALUES", "SET", "INTERVAL", "ESCAPE", "TOP", "FIRST", "NEXT", "TO", "ARRAY", "ZONE", "DEFAULT", "ROWS",
]);
// clauses whose `${…}` are columns or directions (`ORDER BY ${column} ${direction}`)
const COLUMN_CLAUSES = new Set(["ORDER", "GROUP"]);
// clause keywords that end a list of tables
const CLAUSE_WORDS = new Set(["WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET", "RETURNING", "WINDOW", "UNION", "INTERSECT", "EXCEPT", "SET", "VALUES", "FOR", "FETCH"]);
const INSERT_MODIFIERS = ["IGNORE", "LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "OR", "REPLACE", "ABORT", "FAIL", "ROLLBACK", "INTO"];
const NOT_A_TABLE = ["SELECT", "WITH", "VALUES", "WHERE", "SET", "DEFAULT"];

function isPunct(t: SqlToken | undefined, text: string): boolean {
  return t?.type === "punct" && t.text === text;
}

function isWord(t: SqlToken | undefined, ...upper: string[]): boolean {
  return t?.type === "word" && upper.includes(t.upper);
}

function nameOf(t: SqlToken | undefined): string | undefined {
  if (t?.type === "word" || t?.type === "quoted") return t.text;
  if (t?.type === "string" && t.text.startsWith("'")) return t.text.slice(1, -1); // SQLite takes 'users' for a name
  return undefined;
}

class Extractor {
  private readonly reads = new Set<string>();
  private readonly writes = new Set<string>();
  private unknown = false;
  private levels: Level[] = [newLevel()];
  private ctes: { name: string; depth: number }[] = [];
  private pendingCte?: { name: string; recursive: boolean };
  private pendingGroup?: Use;

  constructor(private readonly tokens: SqlToken[]) {}

  run(): SqlTables {
    let i = 0;
    while (i < this.tokens.length) i = this.step(i);
    return { reads: [...this.reads], writes: [...this.writes], unknown: this.unknown };
  }

  private get level(): Level {
    return this.levels.at(-1)!;
  }

  /** A statement can start here: UPDATE after `FOR`, `DO` or `KEY` (locks, upserts) is none. */
  private isHead(i: number): boolean {
    const prev = this.tokens[i - 1];
    return !prev || isPunct(prev, "(") || isPunct(prev, ")") || isPunct(prev, ";");
  }

  private step(i: number): number {
    const t = this.tokens[i]!;
    const level = this.level;
    const afterCte = level.afterCte;
    level.afterCte = undefined;
    if (t.type === "punct") {
      if (t.text === "(") return this.open(i);
      if (t.text === ")") return this.close(i);
      if (t.text === ";") {
        this.levels = [newLevel()];
        this.ctes = [];
      }
      if (t.text === "," && afterCte) return this.cteDefinition(i + 1, afterCte.recursive);
      if (t.text === "," && level.list) return this.tableRef(i + 1, level.list);
      return i + 1;
    }
    if (t.type === "hole") {
      if (!this.holdsValue(i)) this.unknown = true;
      return i + 1;
    }
    if (t.type !== "word") return i + 1;
    switch (t.upper) {
      case "SELECT":
        level.query = true;
        level.clause = "SELECT";
        level.list = undefined;
        return i + 1;
      case "FROM": {
        if (!level.query || this.isDistinctFrom(i)) return i + 1;
        const use: Use = level.deleting ? "write" : "read";
        level.list = use;
        level.joinUse = level.deleting === "multi" ? "write" : "read";
        level.clause = "FROM";
        return this.tableRef(i + 1, use);
      }
      case "JOIN":
      case "STRAIGHT_JOIN":
        return this.tableRef(i + 1, level.joinUse);
      case "USING":
        if (level.merging) {
          level.merging = false;
          return this.tableRef(i + 1, "read");
        }
        if (level.deleting) {
          level.list = "read";
          return this.tableRef(i + 1, "read");
        }
        return i + 1;
      case "BETWEEN":
        level.between = true;
        return i + 1;
      case "AND":
        if (level.between) level.betweenAnd = i;
        level.between = false;
        return i + 1;
      case "WITH":
        return this.isHead(i) ? this.withClause(i + 1) : i + 1;
    }
    if (CLAUSE_WORDS.has(t.upper)) {
      level.list = undefined;
      level.clause = t.upper;
      return i + 1;
    }
    return this.isHead(i) ? this.statement(i, t.upper, level) : i + 1;
  }

  /** The statements that name the tables they write (and Postgres' `TABLE t`). */
  private statement(i: number, word: string, level: Level): number {
    let j = i + 1;
    const skip = (words: readonly string[]) => {
      while (isWord(this.tokens[j], ...words)) j++;
    };
    switch (word) {
      case "INSERT":
      case "REPLACE":
      case "UPSERT":
        skip(INSERT_MODIFIERS);
        level.clause = "INSERT";
        level.list = undefined;
        return this.tableRef(j, "write", true);
      case "UPDATE":
        skip(["LOW_PRIORITY", "IGNORE"]);
        Object.assign(level, { query: true, deleting: undefined, list: "write", joinUse: "write", clause: "UPDATE" });
        return this.tableRef(j, "write");
      case "DELETE":
        skip(["LOW_PRIORITY", "QUICK", "IGNORE"]);
        // `DELETE t1 FROM t1 JOIN t2`: MySQL deletes from the tables it names before FROM, by alias too
        Object.assign(level, { query: true, deleting: isWord(this.tokens[j], "FROM") ? "single" : "multi", clause: "DELETE" });
        return j;
      case "MERGE":
        skip(["INTO"]);
        level.merging = true;
        level.clause = "MERGE";
        return this.tableRef(j, "write", true);
      case "TRUNCATE":
        skip(["TABLE"]);
        level.list = "write";
        level.clause = "TRUNCATE";
        return this.tableRef(j, "write");
      case "TABLE":
        return this.tableRef(j, "read");
      // a schema change, ClickHouse's mutations (`ALTER TABLE events DELETE WHERE …`) and merges (`OPTIMIZE TABLE t
      // FINAL`, which changes what a ReplacingMergeTree answers) change what reads of the table see
      case "ALTER":
      case "OPTIMIZE":
        if (!isWord(this.tokens[j], "TABLE")) return j;
        j++;
        skip(["IF", "EXISTS", "ONLY"]);
        level.clause = word;
        return this.tableRef(j, "write");
    }
    return j;
  }

  private open(i: number): number {
    const level = newLevel();
    if (this.pendingCte) level.cte = this.pendingCte;
    this.pendingCte = undefined;
    const group = this.pendingGroup;
    this.pendingGroup = undefined;
    this.levels.push(level);
    // `FROM (users u JOIN orgs o ON …)`: a parenthesised join, not a subquery
    const next = this.tokens[i + 1];
    if (group && (next?.type === "word" || next?.type === "quoted") && !isWord(next, ...NOT_A_TABLE)) {
      level.list = group;
      level.joinUse = group;
      return this.tableRef(i + 1, group);
    }
    return i + 1;
  }

  private close(i: number): number {
    if (this.levels.length === 1) return i + 1;
    const closed = this.levels.pop()!;
    this.ctes = this.ctes.filter((c) => c.depth <= this.levels.length);
    if (closed.cte) {
      if (!closed.cte.recursive) this.ctes.push({ name: closed.cte.name, depth: this.levels.length });
      this.level.afterCte = { recursive: closed.cte.recursive };
    }
    return i + 1;
  }

  /** `WITH [RECURSIVE] name [(columns)] AS [NOT] [MATERIALIZED] (…)`; any other WITH is left alone. */
  private withClause(j: number): number {
    const recursive = isWord(this.tokens[j], "RECURSIVE");
    if (recursive) j++;
    const after = this.tokens[j + 1];
    if (!nameOf(this.tokens[j]) || !(isWord(after, "AS") || isPunct(after, "("))) return j;
    return this.cteDefinition(j, recursive);
  }

  private cteDefinition(j: number, recursive: boolean): number {
    const name = nameOf(this.tokens[j]);
    if (!name) return j;
    let k = j + 1;
    if (isPunct(this.tokens[k], "(")) {
      while (k < this.tokens.length && !isPunct(this.tokens[k], ")")) k++;
      k++;
    }
    if (!isWord(this.tokens[k], "AS")) return k;
    k++;
    while (isWord(this.tokens[k], "NOT", "MATERIALIZED")) k++;
    if (!isPunct(this.tokens[k], "(")) return k;
    const cte = { name: name.toLowerCase(), recursive };
    this.pendingCte = cte;
    // a recursive CTE names itself inside its body
    if (recursive) this.ctes.push({ name: cte.name, depth: this.levels.length });
    return k;
  }

  /** The table named at `i` (after FROM, JOIN, INTO, …): recorded, or a subquery or function left to the scan. */
  private tableRef(i: number, use: Use, target = false): number {
    let j = i;
    while (isWord(this.tokens[j], "ONLY", "LATERAL")) j++;
    const t = this.tokens[j];
    if (!t) return j;
    if (isPunct(t, "(")) {
      this.pendingGroup = use;
      return j;
    }
    if (t.type === "hole" || t.type === "param") {
      this.unknown = true;
      return j + 1;
    }
    if (isWord(t, ...NOT_A_TABLE)) return j;
    const first = nameOf(t);
    if (first === undefined) return j;
    const parts = [first];
    let k = j + 1;
    while (isPunct(this.tokens[k], ".")) {
      const part = this.tokens[k + 1];
      if (part?.type === "hole") {
        this.unknown = true;
        return k + 2;
      }
      const name = nameOf(part);
      if (name === undefined) break;
      parts.push(name);
      k += 2;
    }
    // `FROM generate_series(…)`, `JOIN unnest($1)`: a function; INSERT INTO t (…) lists columns
    if (!target && isPunct(this.tokens[k], "(")) return k;
    this.record(parts, use);
    return k;
  }

  private record(parts: string[], use: Use): void {
    const name = parts.at(-1)!.toLowerCase();
    if (parts.length === 1 && name === "dual") return;
    if (use === "read" && parts.length === 1 && this.ctes.some((c) => c.name === name)) return;
    (use === "read" ? this.reads : this.writes).add(name);
  }

  /** `a IS DISTINCT FROM b`, `IS NOT DISTINCT FROM`. */
  private isDistinctFrom(i: number): boolean {
    return isWord(this.tokens[i - 1], "DISTINCT") && isWord(this.tokens[i - 2], "IS", "NOT");
  }

  /** A `${…}` (not in a table position) where only a value or a column can stand. */
  private holdsValue(i: number): boolean {
    const prev = this.tokens[i - 1];
    const level = this.level;
    if (!prev) return false;
    // `*` is also SELECT's star: `SELECT * ${rest}` may hold the FROM
    if (prev.type === "op") return prev.text !== "*" || COLUMN_CLAUSES.has(level.clause);
    if (isPunct(prev, "(") || isPunct(prev, ",")) return true;
    if (prev.type === "word" && VALUE_WORDS.has(prev.upper)) return true;
    if (isWord(prev, "AND") && level.betweenAnd === i - 1) return true;
    return COLUMN_CLAUSES.has(level.clause);
  }
}

function newLevel(): Level {
  return { query: false, joinUse: "read", clause: "" };
}

/** The tables the SQL reads and writes, and whether a `${…}` (SQL_HOLE) may name others. */
export function sqlTables(sql: string): SqlTables {
  return new Extractor(sqlTokens(sql)).run();
}
