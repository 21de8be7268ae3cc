// Validate FHIR R4 JSON files with FHIR.js (the `fhir` npm package): structure, cardinality,
// data types, required value-set bindings and unexpected elements, against the R4 core
// definitions it ships. Usage: node validate.js FILE.json... (a file may hold one resource, or
// NDJSON: one resource a line). Prints one JSON line per file, {"file", "valid", "errors"};
// exits 1 when any file has an error (warnings and information are printed, not fatal).
"use strict";
const fs = require("fs");
const { Fhir } = require("fhir");

const fhir = new Fhir();
let failed = false;
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, "utf8");
  const resources = file.endsWith(".ndjson")
    ? text.split("\n").filter((line) => line.trim()).map((line) => JSON.parse(line))
    : [JSON.parse(text)];
  const errors = [];
  const notes = [];
  resources.forEach((resource, index) => {
    const result = fhir.validate(resource, { errorOnUnexpected: true });
    for (const message of result.messages) {
      const where = `${resources.length > 1 ? `[${index}] ` : ""}${message.resourceId || ""} ${message.location || ""}`;
      const line = `${where.trim()}: ${message.message}`;
      if (message.severity === "error" || message.severity === "fatal") errors.push(line);
      else notes.push(line);
    }
  });
  if (errors.length) failed = true;
  console.log(JSON.stringify({ file, valid: errors.length === 0, errors, notes }));
}
process.exit(failed ? 1 : 0);
