// Starts a real redis-server on a free loopback port for the Redis tests, and stops it. When redis-server
// cannot be started the caller's test fails with a message saying so: these tests never skip.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, createConnection } from "node:net";

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops the server (SIGKILL when `abrupt`), waiting until the process has exited. */
  stop(opts?: { abrupt?: boolean }): Promise<void>;
  /** Starts it again on the same port (after stop). */
  restart(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
  });
}

function spawnServer(port: number): { child: ChildProcess; output: () => string; failed: Promise<Error> } {
  let output = "";
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const failed = new Promise<Error>((resolve) => {
    child.once("error", (error) => resolve(error));
    child.once("exit", (code, signal) => resolve(new Error(`redis-server exited early (code ${code}, signal ${signal})`)));
  });
  return { child, output: () => output, failed };
}

async function waitUntilUp(port: number, proc: ReturnType<typeof spawnServer>): Promise<void> {
  const deadline = Date.now() + 15_000;
  let early: Error | null = null;
  void proc.failed.then((e) => (early = e));
  while (Date.now() < deadline) {
    if (early) break;
    if (await ping(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  proc.child.kill("SIGKILL");
  const reason = early ? (early as Error).message : "it did not answer PING within 15 s";
  throw new Error(
    `Redis tests need a real redis-server and none could be started on 127.0.0.1:${port}: ${reason}. ` +
      `Install the Debian package redis-server (.ci/run does this). Output: ${proc.output().slice(0, 500)}`,
  );
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let proc = spawnServer(port);
  await waitUntilUp(port, proc);
  let running = true;
  const stop = async (opts: { abrupt?: boolean } = {}) => {
    if (!running) return;
    running = false;
    const exited = new Promise<void>((resolve) => proc.child.once("exit", () => resolve()));
    proc.child.kill(opts.abrupt ? "SIGKILL" : "SIGTERM");
    await exited;
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    async restart() {
      if (running) return;
      proc = spawnServer(port);
      await waitUntilUp(port, proc);
      running = true;
    },
  };
}
