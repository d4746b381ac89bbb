// Reads `redocly lint --format=json` output on stdin and prints one line per problem.
// Exits 1 if there is any error or warning (redocly itself exits 0 on warnings), 2 if the input is not
// redocly's JSON report.
import { readFileSync } from "node:fs";

let report;
try {
  report = JSON.parse(readFileSync(0, "utf8"));
} catch (err) {
  console.error(`redocly wrote no JSON report (${err.message}):`);
  process.exit(2);
}
const { errors = 0, warnings = 0, ignored = 0 } = report.totals ?? {};
for (const p of report.problems ?? []) {
  const loc = p.location?.[0] ?? {};
  const where = `${loc.source?.ref ?? "?"}:${loc.start?.line ?? "?"}:${loc.start?.col ?? "?"}`;
  console.log(`${where} ${p.severity} ${p.ruleId} ${p.message} (${loc.pointer ?? ""})`);
}
console.log(`redocly: ${errors} error(s), ${warnings} warning(s), ${ignored} ignored`);
process.exit(errors + warnings > 0 ? 1 : 0);
