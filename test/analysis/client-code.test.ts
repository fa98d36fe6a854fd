// sideOfText as a table: a file's text and import specifiers -> where it runs, as far as the text says.
import { describe, expect, it } from "vitest";
import { sideOfText } from "../../src/analysis/client-code.js";

describe("where a file runs, from its text", () => {
  it.each<[string, string, string[], ReturnType<typeof sideOfText>]>([
    ["a client directive after a comment", `// Copyright\n"use client";\nimport x from "./x";`, ["./x"], { client: '`"use client"`' }],
    ["a front-end library", `import { create } from "zustand";`, ["zustand"], { client: "it imports `zustand`" }],
    ["react-dom's browser side", `import { createPortal } from "react-dom";`, ["react-dom"], { client: "it imports react-dom's browser side" }],
    ["ReactDOM itself", `import ReactDOM from "react-dom";`, ["react-dom"], { client: "it imports react-dom's browser side" }],
    ["react-dom/client", `import { createRoot } from "react-dom/client";`, ["react-dom/client"], { client: "it imports `react-dom/client`" }],
    ["a server component's preload", `import { preload } from "react-dom";\nexport default async function Page() { preload("/a.png", { as: "image" }); }`, ["react-dom"], undefined],
    ["server rendering", `import { renderToStaticMarkup } from "react-dom/server";`, ["react-dom/server"], undefined],
    ["a comment that mentions importing react-dom", `// we import react-dom's preload here, nothing else\nimport { preload } from "react-dom";`, ["react-dom"], undefined],
    ["React hooks", `import { useEffect } from "react";\nexport function L() { useEffect(() => {}, []); }`, ["react"], { client: "it calls React's `useEffect`" }],
    ["React.useState", `import React from "react";\nexport function L() { React.useState(0); }`, ["react"], { client: "it calls React's `useState`" }],
    ["a page's server half beside its hooks", `import { useState } from "react";\nexport async function getServerSideProps() { return { props: {} }; }\nexport default function P() { useState(0); }`, ["react"], undefined],
    ["a Remix route's loader", `import { useLoaderData } from "@remix-run/react";\nimport { useState } from "react";\nexport const loader = async () => null;\nexport default function R() { useState(0); }`, ["@remix-run/react", "react"], undefined],
    ["a server action", `"use server";\nexport async function save() {}`, [], "server"],
    ["server-only", `import "server-only";\nexport async function load() {}`, ["server-only"], "server"],
    ["a hook-named function without React", `export function useEffect() {}\nuseEffect();`, [], undefined],
    ["nothing said", `export async function getUser(id: string) { return fetch("/u/" + id); }`, [], undefined],
    ["an Edge route", `export const runtime = "edge";\nexport async function GET() {}`, [], { edge: 'it declares `runtime = "edge"`' }],
  ])("%s", (_name, text, specifiers, side) => expect(sideOfText(text, specifiers)).toEqual(side));

  it.each<[string, string, string, string[], ReturnType<typeof sideOfText>]>([
    ["Next.js middleware", "src/middleware.ts", `import { NextResponse } from "next/server";\nexport function middleware() {}`, ["next/server"], { edge: "it is Next.js middleware, which runs on the Edge runtime" }],
    ["middleware told to run on Node", "middleware.ts", `import { NextResponse } from "next/server";\nexport const config = { runtime: "nodejs" };`, ["next/server"], undefined],
    ["an Express middleware file", "src/middleware.ts", `import type { Request } from "express";\nexport function auth(req: Request) {}`, ["express"], undefined],
  ])("%s", (_name, file, text, specifiers, side) => expect(sideOfText(text, specifiers, file)).toEqual(side));
});
