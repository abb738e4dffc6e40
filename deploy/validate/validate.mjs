#!/usr/bin/env node
// Validates Kubernetes manifests (the output of `helm template`) offline, like kubeconform -strict:
//  1. every object's apiVersion/kind must have a schema: kubernetes-models (the Kubernetes 1.35 OpenAPI schemas) or,
//     for the prometheus-operator CRDs (ServiceMonitor…), @kubernetes-models/prometheus-operator; an object of any
//     other kind fails. A CRD kind whose models package is not installed is SKIPPED, and said so, never passed;
//  2. `new Kind(object).validate()`: the JSON schema (types, required fields, enums, formats);
//  3. unknown fields, which the JSON schemas accept silently (a typo such as `securityContxt`), are refused: the
//     field names are read from the models' TypeScript declarations, level by level.
// Usage: node validate.mjs FILE… (or - for standard input). Exit status 1 when any object fails.
import { readFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");

// API groups served by CRDs, and the models package holding their schemas.
const crdPackages = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

function modelModule(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (!/^[A-Za-z0-9.-]*$/.test(group) || !/^[a-z0-9]+$/.test(version) || !/^[A-Za-z0-9]+$/.test(kind)) {
    return null;
  }
  if (crdPackages[group]) {
    return { pkg: crdPackages[group], path: `${group}/${version}/${kind}`, crd: true };
  }
  return { pkg: "kubernetes-models", path: group ? `${group}/${version}/${kind}` : `${version}/${kind}`, crd: false };
}

// ---- unknown fields, from the TypeScript declarations ----
const declarations = new Map();

function declarationFile(specifier, fromFile) {
  let base;
  if (specifier.startsWith(".")) {
    base = resolve(dirname(fromFile), specifier);
  } else {
    base = join(modules, specifier);
  }
  base = base.replace(/\.js$/, "");
  return `${base}.d.ts`;
}

// Splits the body of an object type ("{ ... }") into [name, optional, typeText] members.
function members(body) {
  const out = [];
  let i = 0;
  while (i < body.length) {
    const m = /^\s*(?:\/\*\*[\s\S]*?\*\/\s*)?("([^"]+)"|\[key: string\])(\??):\s*/.exec(body.slice(i));
    if (!m) {
      break;
    }
    i += m[0].length;
    let depth = 0;
    let j = i;
    for (; j < body.length; j++) {
      const ch = body[j];
      if (ch === "{" || ch === "<" || ch === "(" || ch === "[") depth++;
      else if (ch === "}" || ch === ">" || ch === ")" || ch === "]") depth--;
      else if (ch === ";" && depth === 0) break;
    }
    out.push({ name: m[2] ?? "[key]", type: body.slice(i, j).trim() });
    i = j + 1;
  }
  return out;
}

function loadDeclarations(file) {
  if (declarations.has(file)) {
    return declarations.get(file);
  }
  const info = { imports: new Map(), interfaces: new Map(), file };
  declarations.set(file, info);
  if (!existsSync(file)) {
    return info;
  }
  const text = readFileSync(file, "utf8").replace(/\/\*\*[\s\S]*?\*\//g, "");
  for (const m of text.matchAll(/import (?:type )?\{([^}]*)\} from "([^"]+)";/g)) {
    for (const name of m[1].split(",").map((s) => s.trim()).filter(Boolean)) {
      const [orig, alias] = name.split(/\s+as\s+/);
      info.imports.set(alias ?? orig, { name: orig, file: declarationFile(m[2], file) });
    }
  }
  for (const m of text.matchAll(/export interface (\w+)(?: extends [\w, ]+)? \{/g)) {
    const start = m.index + m[0].length;
    let depth = 1;
    let j = start;
    for (; j < text.length && depth > 0; j++) {
      if (text[j] === "{") depth++;
      else if (text[j] === "}") depth--;
    }
    info.interfaces.set(m[1], members(text.slice(start, j - 1)));
  }
  for (const m of text.matchAll(/export type \{ (\w+) as (\w+)/g)) {
    info.interfaces.set(m[2], info.interfaces.get(m[1]));
  }
  return info;
}

// A type, as text, in the context of a declaration file → a checker description.
function typeOf(text, info) {
  text = text.trim();
  let m = /^Array<([\s\S]+)>$/.exec(text);
  if (m) {
    return { array: typeOf(m[1], info) };
  }
  if (text.startsWith("{")) {
    const body = text.slice(1, -1);
    const ms = members(body);
    if (ms.length === 1 && ms[0].name === "[key]") {
      return { map: typeOf(ms[0].type, info) };
    }
    return { object: ms, info };
  }
  if (/^\w+$/.test(text)) {
    if (info.interfaces.has(text)) {
      return { object: info.interfaces.get(text), info };
    }
    const imported = info.imports.get(text);
    if (imported) {
      const target = loadDeclarations(imported.file);
      const found = target.interfaces.get(imported.name);
      if (found) {
        return { object: found, info: target };
      }
    }
  }
  return { any: true }; // primitives, unions, aliases (IntOrString, Quantity…): the JSON schema checks them
}

function unknownFields(value, type, path, errors) {
  if (value === null || value === undefined || type.any) {
    return;
  }
  if (type.array) {
    if (Array.isArray(value)) value.forEach((v, i) => unknownFields(v, type.array, `${path}/${i}`, errors));
    return;
  }
  if (type.map) {
    if (typeof value === "object") for (const [k, v] of Object.entries(value)) unknownFields(v, type.map, `${path}/${k}`, errors);
    return;
  }
  if (type.object && typeof value === "object" && !Array.isArray(value)) {
    const known = new Map(type.object.map((mem) => [mem.name, mem]));
    if (known.has("[key]")) {
      return; // open object
    }
    for (const [k, v] of Object.entries(value)) {
      const mem = known.get(k);
      if (!mem) {
        errors.push(`${path}/${k}: unknown field (not in the schema)`);
      } else {
        unknownFields(v, typeOf(mem.type, type.info), `${path}/${k}`, errors);
      }
    }
  }
}

// ---- main ----
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs FILE... (- for standard input)");
  process.exit(2);
}
let valid = 0;
let invalid = 0;
let skipped = 0;
for (const file of files) {
  const text = readFileSync(file === "-" ? 0 : file, "utf8");
  const docs = parseAllDocuments(text);
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      console.log(`FAIL ${file}: YAML error: ${doc.errors[0].message}`);
      invalid++;
      continue;
    }
    const obj = doc.toJS();
    if (obj === null || obj === undefined) {
      continue; // an empty document (a template that rendered nothing)
    }
    const { apiVersion, kind } = obj;
    const name = `${kind ?? "?"} ${obj.metadata?.name ?? "?"} (${apiVersion ?? "?"})`;
    if (typeof apiVersion !== "string" || typeof kind !== "string") {
      console.log(`FAIL ${file}: ${name}: apiVersion and kind are required`);
      invalid++;
      continue;
    }
    const where = modelModule(apiVersion, kind);
    let Model;
    let declFile;
    if (where) {
      const spec = `${where.pkg}/${where.path}`;
      declFile = join(modules, where.pkg, `${where.path}.d.ts`);
      try {
        Model = (await import(spec))[kind];
      } catch (ex) {
        if (where.crd && ex.code === "ERR_MODULE_NOT_FOUND" && !existsSync(join(modules, where.pkg))) {
          console.log(`SKIP ${file}: ${name}: no schema for this CRD (npm package ${where.pkg} not installed)`);
          skipped++;
          continue;
        }
        Model = undefined;
      }
    }
    if (typeof Model !== "function") {
      console.log(`FAIL ${file}: ${name}: unknown kind, no schema to validate it against`);
      invalid++;
      continue;
    }
    const errors = [];
    try {
      new Model(obj).validate();
    } catch (ex) {
      errors.push(ex.message);
    }
    const decl = loadDeclarations(declFile);
    const root = [...decl.interfaces.entries()].find(([n]) => n === `I${kind}`);
    if (root) {
      unknownFields(obj, { object: root[1], info: decl }, "", errors);
    } else {
      errors.push(`no TypeScript declaration of ${kind} to check field names against`);
    }
    if (errors.length > 0) {
      console.log(`FAIL ${file}: ${name}`);
      for (const e of errors) console.log(`     ${e}`);
      invalid++;
    } else {
      valid++;
    }
  }
}
console.log(`${files.join(" ")}: ${valid} valid, ${invalid} invalid, ${skipped} skipped (no schema)`);
process.exit(invalid > 0 ? 1 : 0);
