import { describe, expect, it } from "vitest";
import { ObjectId, Decimal128 } from "bson";
import { Decimal } from "decimal.js";
import { cacheKey, CacheKeyError, redisKeyFor, rolloutBucket, MAX_PLAIN_KEY_LENGTH } from "../../src/runtime/cache-key.js";

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}
class Other {
  constructor(
    public x: number,
    public y: number,
  ) {}
}
class Hidden {
  #secret: number;
  constructor(secret: number) {
    this.#secret = secret;
  }
  get secret(): number {
    return this.#secret;
  }
}
class WithJson {
  constructor(private readonly id: string) {}
  toJSON() {
    return { id: this.id };
  }
}

// Pairs of argument lists that must get different keys: every varying argument goes into the key.
const MUST_DIFFER: Array<[string, unknown[], unknown[]]> = [
  ["number vs string", [1], ["1"]],
  ["null vs undefined", [null], [undefined]],
  ["undefined vs no argument", [undefined], []],
  ["0 vs -0", [0], [-0]],
  ["NaN vs string NaN", [NaN], ["NaN"]],
  ["Infinity vs string", [Infinity], ["Infinity"]],
  ["bigint vs number", [1n], [1]],
  ["bigint vs string", [1n], ["1n"]],
  ["true vs string", [true], ["true"]],
  ["empty array vs empty object", [[]], [{}]],
  ["array vs joined string", [["a", "b"]], ["a,b"]],
  ["two args vs one array", ["a", "b"], [["a", "b"]]],
  ["comma inside string", ["a,b"], ["a", "b"]],
  ["quote injection", ['a","b'], ["a", "b"]],
  ["nesting", [[[1], 2]], [[1, [2]]]],
  ["object value types", [{ a: 1 }], [{ a: "1" }]],
  ["missing vs undefined property", [{ a: undefined }], [{}]],
  ["different keys", [{ a: 1 }], [{ b: 1 }]],
  ["Date vs its time", [new Date(0)], [0]],
  ["Date vs string spelling", [new Date(0)], ["Date(0)"]],
  ["different dates", [new Date(0)], [new Date(1)]],
  ["Map vs object", [new Map([["a", 1]])], [{ a: 1 }]],
  ["Map key types", [new Map([[1, "x"]])], [new Map([["1", "x"]])]],
  ["Set vs array", [new Set([1, 2])], [[1, 2]]],
  ["Set member types", [new Set([1])], [new Set(["1"])]],
  ["Uint8Array contents", [new Uint8Array([1, 2])], [new Uint8Array([1, 3])]],
  ["typed array kinds", [new Uint8Array([1])], [new Int8Array([1])]],
  ["Buffer vs Uint8Array", [Buffer.from([1, 2])], [new Uint8Array([1, 2])]],
  ["Buffer contents", [Buffer.from("a")], [Buffer.from("b")]],
  ["URLSearchParams", [new URLSearchParams("a=1")], [new URLSearchParams("a=2")]],
  ["RegExp flags", [/a/g], [/a/i]],
  ["URL", [new URL("https://a.example/x")], [new URL("https://a.example/y")]],
  ["boxed vs primitive", [Object("1")], ["1"]],
  ["sparse vs undefined vs null", [[null]], [[undefined]]],
  ["empty string vs nothing", [""], []],
  ["unicode", ["é"], ["e\u0301"]],
];

// Pairs that must share a key: the same call spelled differently.
const MUST_SHARE: Array<[string, unknown[], unknown[]]> = [
  ["object key order", [{ a: 1, b: 2 }], [{ b: 2, a: 1 }]],
  ["nested key order", [{ o: { x: 1, y: [1, { p: 1, q: 2 }] } }], [{ o: { y: [1, { q: 2, p: 1 }], x: 1 } }]],
  ["Map insertion order", [new Map<string, number>([["a", 1], ["b", 2]])], [new Map<string, number>([["b", 2], ["a", 1]])]],
  ["Set insertion order", [new Set([1, 2, 3])], [new Set([3, 2, 1])]],
  ["equal dates", [new Date(5)], [new Date(5)]],
  ["equal Buffers", [Buffer.from("abc")], [Buffer.from("abc")]],
  ["null-prototype object", [Object.assign(Object.create(null), { a: 1 })], [{ a: 1 }]],
  ["NaN is NaN", [NaN], [Number("x")]],
  ["equal bigints", [10n ** 20n], [100000000000000000000n]],
];

describe("cacheKey", () => {
  it.each(MUST_DIFFER)("keeps apart: %s", (_name, a, b) => {
    expect(cacheKey("p", a)).not.toBe(cacheKey("p", b));
  });

  it.each(MUST_SHARE)("shares: %s", (_name, a, b) => {
    expect(cacheKey("p", a)).toBe(cacheKey("p", b));
  });

  it("takes the drivers' value objects by their text: ObjectId, Decimal128, Decimal", () => {
    const hex = "65f1a2b3c4d5e6f708192a3b";
    expect(cacheKey("user", [new ObjectId(hex)])).toBe(`user:[ObjectId(${hex})]`);
    expect(cacheKey("user", [{ id: new ObjectId(hex) }])).toBe(cacheKey("user", [{ id: new ObjectId(hex) }]));
    expect(cacheKey("user", [new ObjectId(hex)])).not.toBe(cacheKey("user", [new ObjectId()]));
    expect(cacheKey("user", [new ObjectId(hex)])).not.toBe(cacheKey("user", [hex]));
    expect(cacheKey("price", [Decimal128.fromString("1.10")])).toBe("price:[Decimal128(1.10)]");
    expect(cacheKey("price", [new Decimal("0.1")])).toBe("price:[Decimal(0.1)]");
    expect(cacheKey("price", [new Decimal("0.1")])).not.toBe(cacheKey("price", [new Decimal("0.10000001")]));
  });

  it("keeps prefixes apart", () => {
    expect(cacheKey("a", [1])).not.toBe(cacheKey("b", [1]));
    expect(cacheKey("user", ["x"])).toBe('user:["x"]');
  });

  it("allows the same object twice (shared, not cyclic)", () => {
    const shared = { a: 1 };
    expect(cacheKey("p", [shared, [shared, shared]])).toBe('p:[{"a":1},[{"a":1},{"a":1}]]');
  });

  it.each([
    ["a function", [() => 1], /argument 0 is a function/],
    ["a symbol", [1, Symbol("s")], /argument 1 is a symbol/],
    ["a nested function", [{ cb: { fn() {} } }], /argument 0\.cb\.fn is a function/],
    ["a cycle", [(() => { const o: Record<string, unknown> = {}; o.self = o; return o; })()], /argument 0\.self is a cyclic reference/],
    ["a cycle through an array", [(() => { const a: unknown[] = []; a.push([a]); return a; })()], /cyclic/],
    ["a Promise", [Promise.resolve(1)], /Promise/],
    ["an instance with hidden state", [new Hidden(1)], /argument 0 is a Hidden instance/],
    ["a WeakMap", [new WeakMap()], /WeakMap/],
    // Class instances are not keys, whatever their own properties or toJSON say (an ORM row's own properties
    // can hold credentials, and would go into a key stored in plain text).
    ["a class instance", [new Point(1, 2)], /argument 0 is a Point instance/],
    ["an instance with toJSON", [1, new WithJson("a")], /argument 1 is a WithJson instance/],
    ["a nested instance", [{ where: { owner: new Other(1, 2) } }], /argument 0\.where\.owner is an Other instance/],
    ["an Array subclass", [new (class Rows extends Array {})()], /Rows instance/],
    ["a Map subclass", [new (class Registry extends Map {})()], /Registry instance/],
    [
      "a class inside plain options (Sequelize include)",
      [{ _options: { include: [{ model: class User {} }] } }],
      /argument 0\._options\.include\[0\]\.model is a function/,
    ],
  ])("rejects %s with an error naming the prefix", (_name, args, message) => {
    expect(() => cacheKey("user_profile", args as unknown[])).toThrowError(CacheKeyError);
    expect(() => cacheKey("user_profile", args as unknown[])).toThrowError(/"user_profile"/);
    expect(() => cacheKey("user_profile", args as unknown[])).toThrowError(message);
  });

  it("hashes long keys for Redis and keeps short ones readable", () => {
    const short = cacheKey("p", [1]);
    expect(redisKeyFor("ns", "p", short)).toEqual({ redisKey: `ns:c:${short}`, hashed: false });
    const long = cacheKey("p", ["x".repeat(MAX_PLAIN_KEY_LENGTH)]);
    const { redisKey, hashed } = redisKeyFor("ns", "p", long);
    expect(hashed).toBe(true);
    expect(redisKey).toMatch(/^ns:c:p:#[A-Za-z0-9_-]{43}$/);
    expect(redisKeyFor("ns", "p", long).redisKey).toBe(redisKey);
    expect(redisKeyFor("ns", "p", cacheKey("p", ["y".repeat(MAX_PLAIN_KEY_LENGTH)])).redisKey).not.toBe(redisKey);
  });

  it("gives each key a stable rollout bucket in 0..99", () => {
    const buckets = Array.from({ length: 2000 }, (_, i) => rolloutBucket(cacheKey("p", [i])));
    expect(buckets.every((b) => Number.isInteger(b) && b >= 0 && b < 100)).toBe(true);
    expect(rolloutBucket('p:[1]')).toBe(rolloutBucket('p:[1]'));
    // Roughly uniform: every decile gets a fair share.
    for (let d = 0; d < 10; d++) {
      const n = buckets.filter((b) => Math.floor(b / 10) === d).length;
      expect(n).toBeGreaterThan(120);
      expect(n).toBeLessThan(280);
    }
  });
});
