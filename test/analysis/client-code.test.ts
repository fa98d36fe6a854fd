// sideOfText as a table: a file's text and import specifiers -> where it runs, as far as the text says.
import { describe, expect, it } from "vitest";
import { sideOfText } from "../../src/analysis/client-code.js";

describe("where a file runs, from its text", () => {
  it.each<[string, string, string[], ReturnType<typeof sideOfText>]>([
    ["a client directive after a comment", `// Copyright\n"use client";\nimport x from "./x";`, ["./x"], { client: '`"use client"`' }],
    ["a front-end library", `import { create } from "zustand";`, ["zustand"], { client: "it imports `zustand`" }],
    ["React hooks", `import { useEffect } from "react";\nexport function L() { useEffect(() => {}, []); }`, ["react"], { client: "it calls React's `useEffect`" }],
    ["React.useState", `import React from "react";\nexport function L() { React.useState(0); }`, ["react"], { client: "it calls React's `useState`" }],
    ["a page's server half beside its hooks", `import { useState } from "react";\nexport async function getServerSideProps() { return { props: {} }; }\nexport default function P() { useState(0); }`, ["react"], undefined],
    ["a Remix route's loader", `import { useLoaderData } from "@remix-run/react";\nimport { useState } from "react";\nexport const loader = async () => null;\nexport default function R() { useState(0); }`, ["@remix-run/react", "react"], undefined],
    ["a server action", `"use server";\nexport async function save() {}`, [], "server"],
    ["server-only", `import "server-only";\nexport async function load() {}`, ["server-only"], "server"],
    ["a hook-named function without React", `export function useEffect() {}\nuseEffect();`, [], undefined],
    ["nothing said", `export async function getUser(id: string) { return fetch("/u/" + id); }`, [], undefined],
  ])("%s", (_name, text, specifiers, side) => expect(sideOfText(text, specifiers)).toEqual(side));
});
