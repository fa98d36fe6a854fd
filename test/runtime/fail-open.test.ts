// A cache must never make a call fail or return something different in kind from what the function returned.
// Plain data is cached and comes back as the same kinds (a Buffer stays a Buffer); anything else (arguments that
// cannot be a key, results that cannot be copied faithfully) runs uncached: the loader's own result, untouched.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ObjectId, Decimal128 } from "bson";
import { Decimal } from "decimal.js";
import { Cache } from "../../src/runtime/cache.js";

let cache: Cache;
let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  cache = new Cache({ redisUrl: null });
  warn = vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(async () => {
  await cache.close();
  vi.restoreAllMocks();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Shapes of what real apps pass and return.
class User {
  constructor(readonly dataValues: { id: string; name: string; jwtSecret: string }) {}
  get id(): string {
    return this.dataValues.id;
  }
  displayName(): string {
    return this.dataValues.name.toUpperCase();
  }
}
/** A Sequelize instance loaded with `include`: its options hold the included model, a class. */
class Document {
  dataValues = { id: "doc-1", title: "Hello" };
  _options = { include: [{ model: User, as: "createdBy" }], raw: false };
  get id(): string {
    return this.dataValues.id;
  }
}

describe("binary data keeps its kind", () => {
  it("a Buffer comes back a Buffer (miss and hit), typed arrays as their own kind", async () => {
    const checksum = Buffer.from("hello");
    const load = vi.fn(async () => ({
      id: 1,
      checksum,
      thumb: new Uint8Array([1, 2, 3]),
      floats: new Float64Array([1.5, -2]),
      big: new BigInt64Array([2n ** 40n]),
      view: new DataView(new Uint8Array([7, 8]).buffer),
      raw: new Uint8Array([9]).buffer,
    }));
    for (const round of ["miss", "hit"]) {
      const row = await cache.cached("asset", ["a1"], { ttl: 60 }, load);
      expect(Buffer.isBuffer(row.checksum), round).toBe(true);
      expect(row.checksum.toString("base64"), round).toBe("aGVsbG8=");
      expect(row.checksum, round).not.toBe(checksum);
      expect(row.thumb, round).toBeInstanceOf(Uint8Array);
      expect(Buffer.isBuffer(row.thumb), round).toBe(false);
      expect([...row.thumb], round).toEqual([1, 2, 3]);
      expect(row.floats, round).toBeInstanceOf(Float64Array);
      expect([...row.floats], round).toEqual([1.5, -2]);
      expect(row.big, round).toBeInstanceOf(BigInt64Array);
      expect(row.big[0], round).toBe(2n ** 40n);
      expect(row.view.getUint8(1), round).toBe(8);
      expect(row.raw, round).toBeInstanceOf(ArrayBuffer);
      expect(Object.isFrozen(row), round).toBe(false); // holds binary data: every caller gets its own copy
    }
    expect(load).toHaveBeenCalledTimes(1);
    expect(cache.getStats().prefixes.asset).toMatchObject({ hits: 1, misses: 1, uncacheable: 0 });
  });

  it("a Buffer returned on its own is cached and never frozen (Object.freeze would throw)", async () => {
    const load = vi.fn(async () => Buffer.from("bytes"));
    const a = await cache.cached("blob", [], { ttl: 60 }, load);
    a[0] = 0x42; // the caller owns its copy
    const b = await cache.cached("blob", [], { ttl: 60 }, load);
    expect(Buffer.isBuffer(b)).toBe(true);
    expect(b.toString()).toBe("bytes");
    expect(load).toHaveBeenCalledTimes(1);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe("arguments that cannot be a key: the call runs uncached", () => {
  it.each([
    ["a function", () => [(x: number) => x], /argument 0 is a function/],
    ["a class instance", () => ["en", new User({ id: "u1", name: "Ada", jwtSecret: "s3cret" })], /argument 1 is a User instance/],
    ["a Sequelize-like instance loaded with include", () => [new Document()], /argument 0 is a Document instance/],
    ["plain options holding a model class", () => [{ _options: { include: [{ model: User }] } }], /argument 0\._options\.include\[0\]\.model is a function/],
    ["a cycle", () => [(() => { const o: Record<string, unknown> = {}; o.self = o; return o; })()], /argument 0\.self is a cyclic reference/],
    [
      "an object whose getter throws",
      () => [{ get broken(): never { throw new Error("not loaded"); } }],
      /the arguments could not be read \(not loaded\)/,
    ],
  ])("%s: load every time, its own result, counted, one warning", async (_name, args, reason) => {
    const results: object[] = [];
    const load = vi.fn(async () => {
      const r = { recipients: [{ id: results.length }] };
      results.push(r);
      return r;
    });
    for (let i = 0; i < 3; i++) {
      const got = await cache.cached("notification_helper.recipients", args(), { ttl: 60 }, load);
      expect(got).toBe(results[i]); // the loader's own object: no copy
      expect(Object.isFrozen(got)).toBe(false);
    }
    expect(load).toHaveBeenCalledTimes(3);
    expect(cache.getStats().prefixes["notification_helper.recipients"]).toMatchObject({ uncacheable: 3, misses: 3, loads: 3, hits: 0 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/^\[optimigrate\] not caching "notification_helper\.recipients": /);
    expect(String(warn.mock.calls[0]![0])).toMatch(reason);
    expect(String(warn.mock.calls[0]![0])).toMatch(/only plain data can be a key/);
  });

  it("keeps the loader's failure as it was and counts it", async () => {
    const load = vi.fn(async () => Promise.reject(new Error("db down")));
    await expect(cache.cached("p", [new User({ id: "u", name: "n", jwtSecret: "x" })], { ttl: 60 }, load)).rejects.toThrow("db down");
    expect(cache.getStats().prefixes.p).toMatchObject({ uncacheable: 1, loads: 1, errors: 1 });
  });

  it("never puts an instance's properties (its secrets) into a key", async () => {
    await cache.cached("p", [new User({ id: "u", name: "n", jwtSecret: "s3cret" })], { ttl: 60 }, async () => 1);
    expect(cache.getStats().memory.entries).toBe(0);
  });

  it("warm skips such entries and invalidate has nothing to drop", async () => {
    const result = await cache.warm([{ prefix: "w", args: [new Document()], load: async () => 1 }]);
    expect(result).toMatchObject({ warmed: 0, failed: 0, skipped: 1 });
    await expect(cache.invalidate({ prefix: "w", args: [new Document()] })).resolves.toEqual({ memory: 0, redis: 0 });
  });

  it("still rejects what is a programming error, not data: a bad prefix, args that are not an array", async () => {
    await expect(cache.cached("bad prefix", [() => 1], { ttl: 1 }, async () => 1)).rejects.toThrow(/invalid cache prefix/);
    await expect(cache.cached("p", "x" as unknown as unknown[], { ttl: 1 }, async () => 1)).rejects.toThrow(/args must be an array/);
  });
});

describe("results that are not plain data: returned untouched, not cached", () => {
  it("class instances keep their prototype, getters and methods", async () => {
    const users: User[][] = [];
    const load = vi.fn(async () => {
      const list = [new User({ id: "u1", name: "ada", jwtSecret: "x" })];
      users.push(list);
      return list;
    });
    const first = await cache.cached("recipients", ["doc-1"], { ttl: 60 }, load);
    expect(first).toBe(users[0]);
    expect(first[0]!.id).toBe("u1");
    expect(first[0]!.displayName()).toBe("ADA");
    expect(Object.isFrozen(first[0])).toBe(false);
    const second = await cache.cached("recipients", ["doc-1"], { ttl: 60 }, load);
    expect(second).toBe(users[1]);
    expect(load).toHaveBeenCalledTimes(2);
    expect(cache.getStats().prefixes.recipients).toMatchObject({ uncacheable: 2, misses: 2, loads: 2, hits: 0 });
    expect(cache.getStats().memory.entries).toBe(0);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toBe(
      '[optimigrate] not caching "recipients": the result[0] is a User instance (only plain data is cached); these calls run uncached',
    );
  });

  it.each([
    ["a File", () => ({ name: "a.txt", file: new File([new Blob(["x"])], "a.txt") }), /the result\.file is a File instance/],
    ["a function", () => ({ format: () => "x" }), /the result\.format is a function/],
    ["a Promise", () => ({ later: Promise.resolve(1) }), /the result\.later is a Promise/],
    ["a class inside a Map", () => new Map([["u", new User({ id: "u", name: "n", jwtSecret: "x" })]]), /the result\.get\("u"\) is a User instance/],
    ["an Array subclass (a driver's result rows)", () => Object.assign(new (class Result extends Array {})(), { count: 0 }), /the result is a Result instance/],
    ["a symbol", () => Symbol("s"), /the result is a symbol/],
    ["an object whose getter throws", () => ({ get lazy(): never { throw new Error("not loaded"); } }), /the result could not be read \(not loaded\)/],
  ])("%s", async (_name, make, reason) => {
    const made: unknown[] = [];
    const load = vi.fn(async () => {
      const v = make();
      made.push(v);
      return v;
    });
    expect(await cache.cached("r", [], { ttl: 60 }, load)).toBe(made[0]);
    expect(await cache.cached("r", [], { ttl: 60 }, load)).toBe(made[1]);
    expect(load).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(reason);
  });

  it("concurrent callers each run their own load (an uncopyable result is never shared)", async () => {
    let n = 0;
    const load = async () => {
      const user = new User({ id: `u${n++}`, name: "n", jwtSecret: "x" });
      await sleep(10);
      return user;
    };
    const results = await Promise.all(Array.from({ length: 5 }, () => cache.cached("one_user", [1], { ttl: 60 }, load)));
    expect(new Set(results).size).toBe(5);
    expect(results.every((r) => r instanceof User)).toBe(true);
    expect(n).toBe(5);
    expect(cache.getStats().prefixes.one_user).toMatchObject({ misses: 5, uncacheable: 5, loads: 5, dedupes: 0, callsSaved: 0 });
  });

  it("counts uncacheable calls in the snapshot report and tune read", async () => {
    await cache.cached("r", [], { ttl: 60 }, async () => new User({ id: "u", name: "n", jwtSecret: "x" }));
    await cache.cached("r", [new Document()], { ttl: 60 }, async () => 1);
    expect(cache.statsSnapshot().prefixes.r).toMatchObject({ uncacheable: 2, misses: 2 });
    expect(cache.getStats().totals).toMatchObject({ uncacheable: 2 });
  });
});

describe("plain data is still cached, copied once and frozen", () => {
  it("objects, arrays, Map, Set, Date, RegExp, bigint, boxed values, null-prototype objects", async () => {
    const original = {
      list: [1, "two", null, undefined, 3n],
      nested: { deep: { x: 1 } },
      when: new Date(5),
      tags: new Set(["a"]),
      byId: new Map([[1, { name: "a" }]]),
      re: /ab+c/gi,
      boxed: Object("s") as string,
      bare: Object.assign(Object.create(null) as Record<string, number>, { k: 1 }),
    };
    const load = vi.fn(async () => original);
    const a = await cache.cached("plain", [], { ttl: 60 }, load);
    const b = await cache.cached("plain", [], { ttl: 60 }, load);
    expect(load).toHaveBeenCalledTimes(1);
    for (const v of [a, b]) {
      expect(v).not.toBe(original);
      expect(v).toEqual(original);
      expect(v.when).toBeInstanceOf(Date);
      expect(v.tags).toBeInstanceOf(Set);
      expect(v.byId.get(1)).toEqual({ name: "a" });
      expect(v.re).toBeInstanceOf(RegExp);
      expect(v.re.flags).toBe("gi");
      expect(Object.getPrototypeOf(v.bare)).toBe(null);
    }
    expect(a).not.toBe(b); // holds a Map/Set/Date: a copy per read
    expect(warn).not.toHaveBeenCalled();
  });

  it("a value without mutable built-ins is one frozen object shared by every caller", async () => {
    const load = vi.fn(async () => ({ user: { name: "Ada", roles: ["admin"] } }));
    const a = await cache.cached("frozen", [], { ttl: 60 }, load);
    const b = await cache.cached("frozen", [], { ttl: 60 }, load);
    expect(b).toBe(a);
    expect(Object.isFrozen(a.user.roles)).toBe(true);
    expect(() => a.user.roles.push("root")).toThrow(TypeError);
  });

  it("keeps shared references and cycles, and an own __proto__ key as a key", async () => {
    const shared = { id: 1 };
    const tree: Record<string, unknown> = { a: shared, b: shared };
    tree.self = tree;
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as Record<string, unknown>;
    const v = await cache.cached("graph", [], { ttl: 60 }, async () => ({ tree, parsed }));
    expect(v.tree.a).toBe(v.tree.b);
    expect(v.tree.self).toBe(v.tree);
    expect(Object.getPrototypeOf(v.parsed)).toBe(Object.prototype);
    expect(Object.keys(v.parsed)).toEqual(["__proto__", "ok"]);
    expect((v.parsed as { polluted?: boolean }).polluted).toBeUndefined();
  });
});

describe("database value objects are data: ObjectId, Decimal128, Prisma's Decimal", () => {
  it("a Mongo document with ObjectIds and decimals is cached and comes back with the same classes", async () => {
    const id = new ObjectId();
    const load = vi.fn(async (owner: ObjectId) => ({
      _id: id,
      owner,
      tags: [new ObjectId(), new ObjectId()],
      total: Decimal128.fromString("10.10"),
      price: new Decimal("0.1"),
    }));
    const owner = new ObjectId();
    for (const round of ["miss", "hit"]) {
      // an equal ObjectId made anew is the same key
      const doc = await cache.cached("order", [new ObjectId(owner.toHexString())], { ttl: 60 }, () => load(owner));
      expect(doc._id, round).toBeInstanceOf(ObjectId);
      expect(doc._id.equals(id), round).toBe(true);
      expect(doc.tags[1], round).toBeInstanceOf(ObjectId);
      expect(doc.total, round).toBeInstanceOf(Decimal128);
      expect(doc.total.toString(), round).toBe("10.10");
      expect(doc.price, round).toBeInstanceOf(Decimal);
      expect(doc.price.plus("0.2").toString(), round).toBe("0.3");
      expect(Object.isFrozen(doc), round).toBe(true);
    }
    expect(load).toHaveBeenCalledTimes(1);
    expect(cache.getStats().prefixes.order).toMatchObject({ hits: 1, misses: 1, uncacheable: 0 });
    expect(warn).not.toHaveBeenCalled();
  });

  it("another ObjectId is another key", async () => {
    const load = vi.fn(async () => 1);
    await cache.cached("order", [new ObjectId()], { ttl: 60 }, load);
    await cache.cached("order", [new ObjectId()], { ttl: 60 }, load);
    expect(load).toHaveBeenCalledTimes(2);
  });
});

describe("a prefix that has returned class instances", () => {
  it("runs uncached from then on, so an empty answer cached before does not outlive the rows", async () => {
    class Notification {
      constructor(readonly id: string) {}
      label(): string {
        return `#${this.id}`;
      }
    }
    const feeds = new Map<string, Notification[]>([["env-a", []], ["env-b", [new Notification("n1")]]]);
    const load = vi.fn(async (env: string) => feeds.get(env)!);
    const feed = (env: string) => cache.cached("feed", [env], { ttl: 300 }, () => load(env));
    expect(await feed("env-a")).toEqual([]); // plain: stored
    expect((await feed("env-b"))[0]).toBeInstanceOf(Notification); // instances: passed through
    feeds.get("env-a")!.push(new Notification("n2"));
    const after = await feed("env-a");
    expect(after).toHaveLength(1);
    expect(after[0]!.label()).toBe("#n2");
    expect(load).toHaveBeenCalledTimes(3);
    expect(warn).toHaveBeenCalledTimes(1);
    // nor does warming store for it
    const warmed = await cache.warm([{ prefix: "feed", args: ["env-c"], ttl: 300, load: async () => [] }]);
    expect(warmed).toMatchObject({ warmed: 0, skipped: 1 });
  });
});
