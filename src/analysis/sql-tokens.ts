// SQL text as tokens, for src/analysis/sql-tables.ts: comments dropped, string literals (with whatever they hold)
// one token, quoted identifiers ("users", `users`, [users]) unquoted. Enough of Postgres, MySQL, SQLite and
// SQL Server to find where tables are named; no grammar.

/** Stands for a `${…}` whose text is not known statically (src/analysis/raw-sql.ts puts it in). */
export const SQL_HOLE = "\uE000";

export type SqlToken =
  | { type: "word"; text: string; upper: string }
  | { type: "quoted"; text: string }
  | { type: "hole" }
  | { type: "punct"; text: "(" | ")" | "," | ";" | "." }
  | { type: "string" | "number" | "param" | "op"; text: string };

const WORD_START = /[A-Za-z_\u0080-\uDFFF\uE000]/;
const WORD_PART = /[\w$\u0080-\uDFFF\uE000]/;
const OPERATOR = /[-+*/<>=~!@#%^&|?:]/;

/** The end of a quoted run opened at `start` by `open`, closed by `close` (doubled to escape it). */
function quotedEnd(sql: string, start: number, close: string, backslash: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i]!;
    if (backslash && c === "\\") i += 2;
    else if (c === close && sql[i + 1] === close && close !== "]") i += 2;
    else if (c === close) return i + 1;
    else i++;
  }
  return sql.length;
}

export function sqlTokens(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "-" && next === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === "/" && next === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === "'" || ((c === "E" || c === "e" || c === "N" || c === "n") && next === "'" && !WORD_PART.test(sql[i - 1] ?? " "))) {
      // MySQL escapes with a backslash, standard SQL doubles the quote: both are read as escapes
      const start = c === "'" ? i : i + 1;
      const end = quotedEnd(sql, start, "'", true);
      tokens.push({ type: "string", text: sql.slice(start, end) });
      i = end;
    } else if (c === "$") {
      // Postgres dollar quoting ($$…$$, $body$…$body$) or a positional parameter ($1)
      const tag = /^\$([A-Za-z_]\w*)?\$/.exec(sql.slice(i))?.[0];
      if (tag) {
        const end = sql.indexOf(tag, i + tag.length);
        const stop = end < 0 ? sql.length : end + tag.length;
        tokens.push({ type: "string", text: sql.slice(i, stop) });
        i = stop;
      } else {
        const text = /^\$\w*/.exec(sql.slice(i))![0];
        tokens.push({ type: "param", text });
        i += text.length;
      }
    } else if (c === '"' || c === "`" || c === "[") {
      const end = quotedEnd(sql, i, c === "[" ? "]" : c, false);
      const inner = c === "[" ? sql.slice(i + 1, end - 1) : sql.slice(i + 1, end - 1).replaceAll(c + c, c);
      tokens.push(inner.includes(SQL_HOLE) ? { type: "hole" } : { type: "quoted", text: inner });
      i = end;
    } else if (WORD_START.test(c)) {
      let end = i + 1;
      while (end < sql.length && WORD_PART.test(sql[end]!)) end++;
      const text = sql.slice(i, end);
      tokens.push(text.includes(SQL_HOLE) ? { type: "hole" } : { type: "word", text, upper: text.toUpperCase() });
      i = end;
    } else if (/\d/.test(c)) {
      const text = /^[\d.]+(e[-+]?\d+)?/i.exec(sql.slice(i))![0];
      tokens.push({ type: "number", text });
      i += text.length;
    } else if ((c === ":" || c === "@") && /[A-Za-z_]/.test(next ?? "") && sql[i - 1] !== ":") {
      // named parameters: `:id` (Sequelize, Oracle), `@id` (SQL Server)
      const text = /^[:@][A-Za-z_]\w*/.exec(sql.slice(i))![0];
      tokens.push({ type: "param", text });
      i += text.length;
    } else if (c === "?") {
      // `?` and mysql's `??`, which stands for an identifier
      const text = next === "?" ? "??" : "?";
      tokens.push({ type: "param", text });
      i += text.length;
    } else if (c === "(" || c === ")" || c === "," || c === ";" || c === ".") {
      tokens.push({ type: "punct", text: c });
      i++;
    } else if (OPERATOR.test(c)) {
      let end = i + 1;
      while (end < sql.length && OPERATOR.test(sql[end]!) && sql[end] !== "?") end++;
      tokens.push({ type: "op", text: sql.slice(i, end) });
      i = end;
    } else {
      tokens.push({ type: "op", text: c });
      i++;
    }
  }
  return tokens;
}
