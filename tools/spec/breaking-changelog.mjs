// Checks that CHANGELOG.md's "## [Unreleased]" section announces every breaking change oasdiff found.
// Used by tools/spec/spec-diff.sh; the rule is documented there.
//
// Usage: node tools/spec/breaking-changelog.mjs OASDIFF_JSON CHANGELOG
// Prints one line per ERR-level change (OK when announced, MISSING when not); exits 1 if any is missing.
import { existsSync, readFileSync } from "node:fs";

const [changesFile, changelogFile] = process.argv.slice(2);
const changes = JSON.parse(readFileSync(changesFile, "utf8") || "[]").filter((c) => c.level === 3);

let section = null;
if (existsSync(changelogFile)) {
  const lines = readFileSync(changelogFile, "utf8").split(/\r?\n/);
  const start = lines.findIndex((l) => /^## \[Unreleased\]/i.test(l));
  if (start >= 0) {
    const end = lines.findIndex((l, i) => i > start && /^## /.test(l));
    section = entries(lines.slice(start + 1, end < 0 ? undefined : end));
  }
}

// entries joins each list item with its indented continuation lines, so that an announcement may wrap.
function entries(lines) {
  const out = [];
  for (const line of lines) {
    if (/^\s+\S/.test(line) && !/^\s*[-*] /.test(line) && out.length > 0 && out[out.length - 1] !== "") {
      out[out.length - 1] += " " + line.trim();
    } else {
      out.push(line.trim() === "" ? "" : line);
    }
  }
  return out;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// An operationId or rule id as a whole word; a path not followed by more path characters.
const wordRe = (w) => new RegExp(`(?<![A-Za-z0-9_-])${escape(w)}(?![A-Za-z0-9_-])`);
const pathRe = (p) => new RegExp(`${escape(p)}(?![A-Za-z0-9_{}/-])`);

function announced(change) {
  const names = [];
  if (change.operationId) names.push(["operationId", change.operationId, wordRe(change.operationId)]);
  if (change.path) names.push(["path", change.path, pathRe(change.path)]);
  if (names.length === 0) names.push(["rule id", change.id, wordRe(change.id)]);
  for (const line of section ?? []) {
    const at = line.indexOf("BREAKING");
    if (at >= 0 && names.some(([, , re]) => re.test(line.slice(at + "BREAKING".length)))) return true;
  }
  return false;
}

let missing = 0;
for (const c of changes) {
  const what = [c.operation, c.path].filter(Boolean).join(" ") || "(document)";
  const name = c.operationId ? ` (${c.operationId})` : "";
  const ok = section !== null && announced(c);
  if (!ok) missing++;
  console.log(`${ok ? "OK     " : "MISSING"} [${c.id}] ${what}${name}: ${c.text}`);
}
if (changes.length && section === null) {
  console.log(`${changelogFile} has no "## [Unreleased]" section to announce these breaking changes in.`);
}
if (missing) {
  console.log(
    `${missing} breaking change(s) not announced: add a line with "BREAKING" followed by the operationId or ` +
      `path of each to the "## [Unreleased]" section of ${changelogFile}.`,
  );
  process.exit(1);
}
