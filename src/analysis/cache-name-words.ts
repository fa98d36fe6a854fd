// Names whose results must never sit in a shared cache: secrets (the cache store would hold them, keyed on
// the caller's arguments) and one-time values (a hit would hand an already used one to the next caller).
const SECRET_WORDS = new Set([
  "credential", "credentials", "creds", "secret", "secrets", "token", "tokens", "password", "passwords", "passwd", "apikey", "apikeys",
  "session", "sessions", "jwt", "privatekey",
]);
const ONE_TIME_WORDS = new Set(["nonce", "nonces", "iterator", "iterators", "cursor", "cursors", "lease", "leases", "lock", "locks", "otp", "qrcode", "captcha", "challenge"]);
// two-word spellings of a code made for one use: fetchQrCode (a fresh login QR code each time), getVerificationCode
const ONE_TIME_CODE_QUALIFIERS = new Set(["qr", "verification", "login", "magic", "pairing", "device", "auth", "authorization", "otp"]);
// two-word spellings: getApiKey, getAccessKey, getPrivateKey, getSigningKey
const SECRET_KEY_QUALIFIERS = new Set(["api", "access", "private", "secret", "signing", "encryption", "bot", "auth", "hmac", "master", "webhook", "license", "service"]);

const MEASURE_WORDS = new Set(["count", "counts", "max", "min", "total", "number", "revision", "id", "ids", "exists", "expiry", "age", "length", "size", "stats", "usage"]);

export type SensitiveName = { kind: "secret" | "one-time"; word: string };

/** What the name's words say the function hands out that a shared cache must not keep (undefined: nothing). */
export function sensitiveName(words: readonly string[]): SensitiveName | undefined {
  // getSessionsCount, getMaxTokenRevisionId: a number about secrets, not a secret
  if (words.some((w) => MEASURE_WORDS.has(w))) return undefined;
  for (const [i, w] of words.entries()) {
    if (SECRET_WORDS.has(w)) return { kind: "secret", word: w };
    if ((w === "key" || w === "keys") && i > 0 && SECRET_KEY_QUALIFIERS.has(words[i - 1]!)) return { kind: "secret", word: `${words[i - 1]} ${w}` };
    if (ONE_TIME_WORDS.has(w)) return { kind: "one-time", word: w };
    if ((w === "code" || w === "codes") && i > 0 && ONE_TIME_CODE_QUALIFIERS.has(words[i - 1]!)) return { kind: "one-time", word: `${words[i - 1]} ${w}` };
  }
  return undefined;
}

// a parameter, unlike a function, is named for what it holds: its last word (accessToken, clientSecret)
const SECRET_PARAM_WORDS = new Set(["auth", "authorization", "bearer", "cookie", "cookies"]);
const QUANTITY_WORDS = new Set(["max", "min", "num", "count", "total", "limit", "length", "size"]);

/** The secret a parameter's name says it holds (`accessToken` -> "token", `apiKey` -> "api key"); undefined: none. */
export function secretParamWord(words: readonly string[]): string | undefined {
  const last = words.at(-1);
  if (!last || words.some((w) => QUANTITY_WORDS.has(w))) return undefined;
  if (SECRET_PARAM_WORDS.has(last)) return last;
  const sensitive = sensitiveName(last === "key" || last === "keys" ? words.slice(-2) : [last]);
  return sensitive?.kind === "secret" ? sensitive.word : undefined;
}
