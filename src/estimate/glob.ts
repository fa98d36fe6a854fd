// A small path glob (`**`, `*`, `?`, `{a,b}`) for matching finding paths in config rules; `/` separators only.

const cache = new Map<string, RegExp>();

function escape(char: string): string {
  return /[\\^$.*+?()[\]{}|]/.test(char) ? `\\${char}` : char;
}

export function globToRegExp(glob: string): RegExp {
  const cached = cache.get(glob);
  if (cached) return cached;
  let source = "";
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === "*") {
      if (glob[i + 1] === "*") {
        const slashAfter = glob[i + 2] === "/";
        const atSegmentStart = i === 0 || glob[i - 1] === "/";
        if (atSegmentStart && slashAfter) {
          source += "(?:.*/)?"; // `**/` matches zero or more whole directories
          i += 2;
        } else {
          source += ".*";
          i += 1;
        }
      } else {
        source += "[^/]*";
      }
    } else if (char === "?") source += "[^/]";
    else if (char === "{") {
      braces++;
      source += "(?:";
    } else if (char === "}" && braces > 0) {
      braces--;
      source += ")";
    } else if (char === "," && braces > 0) source += "|";
    else source += escape(char);
  }
  const regexp = new RegExp(`^${source}$`);
  cache.set(glob, regexp);
  return regexp;
}

/** A glob without a `/` matches the file name in any directory, as in .gitignore. */
export function matchesGlob(path: string, glob: string): boolean {
  if (!glob.includes("/")) return globToRegExp(glob).test(path.slice(path.lastIndexOf("/") + 1)) || globToRegExp(glob).test(path);
  return globToRegExp(glob.startsWith("./") ? glob.slice(2) : glob).test(path);
}
