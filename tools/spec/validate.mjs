// Validates an OpenAPI document with @apidevtools/swagger-parser (schema + $ref resolution).
// Usage: node tools/spec/validate.mjs openapi.yaml
import SwaggerParser from "@apidevtools/swagger-parser";

const file = process.argv[2] ?? "openapi.yaml";
try {
  const api = await SwaggerParser.validate(file);
  console.log(`${file}: valid (${api.info.title} ${api.info.version}, OpenAPI ${api.openapi})`);
} catch (err) {
  console.error(`${file}: ${err.message}`);
  process.exit(1);
}
