// Reason messages: placeholders filled, code quoted so that it reads as one piece of code.
import { describe, expect, it } from "vitest";
import { orderReasons, reason, safetyOf } from "../../src/analysis/reasons.js";

describe("reason messages", () => {
  it("fills the placeholders", () => {
    expect(reason("known-write", { code: "axios.post()", library: "axios" }).message).toBe(
      "`axios.post()` writes (axios); run at the same time, several writes may land in a different order",
    );
  });

  it("quotes code that holds backticks with double backticks", () => {
    const message = reason("known-write", { code: "fetch(`${base}/links?id=…", library: "fetch" }).message;
    expect(message.startsWith("`` fetch(`${base}/links?id=… `` writes (fetch)")).toBe(true);
  });

  it("keeps the line it points at, and sorts review from unsafe", () => {
    expect(reason("break", {}, 12).line).toBe(12);
    expect(safetyOf([reason("opaque-call", { name: "x()" })])).toBe("review");
    expect(safetyOf([reason("opaque-call", { name: "x()" }), reason("break")])).toBe("unsafe");
  });

  it("folds reasons of one kind into the first, once, however often they are ordered", () => {
    const calls = ["a()", "b()", "c()", "d()"].map((name) => reason("opaque-call", { name }));
    const members = [orderReasons(calls.slice(0, 3)), orderReasons(calls.slice(3))].flat();
    const [group] = orderReasons(members);
    expect(group!.message).toBe(`${calls[0]!.message} (and 3 more like it)`);
  });
});
