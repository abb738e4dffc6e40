#!/usr/bin/env node
// What a kubelet would give one container of a rendered Deployment, as files, for deploy/image-smoke.sh:
//   node materialize.mjs RENDERED.yaml DEPLOYMENT-NAME OUT-DIR
// writes OUT-DIR/mounts/<n>/… (the content of each volume mount: ConfigMap keys, projected Secret items, emptyDir
// left out), OUT-DIR/mounts.txt ("<n> <mountPath> <ro|rw|tmpfs>" lines), OUT-DIR/env (NAME=value lines, secretKeyRef
// resolved from the rendered Secrets), OUT-DIR/args (one per line), OUT-DIR/user ("uid:gid" of the securityContext).
// Only Secrets rendered by the chart are known: a reference to an existing Secret is an error here.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseAllDocuments } from "yaml";

const [file, name, out] = process.argv.slice(2);
if (!out) {
  console.error("usage: node materialize.mjs RENDERED.yaml DEPLOYMENT-NAME OUT-DIR");
  process.exit(2);
}
const objects = parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJS()).filter(Boolean);
const find = (kind, n) => {
  const o = objects.find((x) => x.kind === kind && x.metadata?.name === n);
  if (!o) throw new Error(`${kind} ${n} is not in ${file} (an existing Secret? give the value instead)`);
  return o;
};
const secretValue = (secretName, key) => {
  const data = find("Secret", secretName).data ?? {};
  if (!(key in data)) throw new Error(`Secret ${secretName} has no key ${key}`);
  return Buffer.from(data[key], "base64");
};
const deployment = find("Deployment", name);
const pod = deployment.spec.template.spec;
const container = pod.containers[0];
mkdirSync(out, { recursive: true });

const env = [];
for (const e of container.env ?? []) {
  if ("value" in e) env.push(`${e.name}=${e.value}`);
  else if (e.valueFrom?.secretKeyRef) {
    env.push(`${e.name}=${secretValue(e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key).toString("utf8")}`);
  } else throw new Error(`env ${e.name}: only value and secretKeyRef are supported`);
}
writeFileSync(join(out, "env"), env.join("\n") + "\n");
writeFileSync(join(out, "args"), (container.args ?? []).join("\n") + "\n");
const sc = { ...(pod.securityContext ?? {}), ...(container.securityContext ?? {}) };
writeFileSync(join(out, "user"), `${sc.runAsUser ?? 0}:${sc.runAsGroup ?? 0}\n`);

const lines = [];
(container.volumeMounts ?? []).forEach((m, i) => {
  const volume = pod.volumes.find((v) => v.name === m.name);
  const dir = join(out, "mounts", String(i));
  mkdirSync(dir, { recursive: true });
  const write = (path, data) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), data);
  };
  if (volume.emptyDir) {
    lines.push(`${i} ${m.mountPath} tmpfs`);
    return;
  }
  if (volume.configMap) {
    const cm = find("ConfigMap", volume.configMap.name);
    for (const [k, v] of Object.entries(cm.data ?? {})) write(k, v);
  } else if (volume.projected) {
    for (const source of volume.projected.sources) {
      if (!source.secret) throw new Error(`volume ${m.name}: only Secret sources are supported`);
      for (const item of source.secret.items) write(item.path, secretValue(source.secret.name, item.key));
    }
  } else if (volume.secret) {
    const s = find("Secret", volume.secret.secretName);
    for (const k of Object.keys(s.data ?? {})) write(k, secretValue(volume.secret.secretName, k));
  } else {
    throw new Error(`volume ${m.name}: unsupported type`);
  }
  lines.push(`${i} ${m.mountPath} ${m.readOnly ? "ro" : "rw"}`);
});
writeFileSync(join(out, "mounts.txt"), lines.join("\n") + "\n");
console.log(`${name}: ${env.length} environment variables, ${lines.length} mounts, user ${sc.runAsUser}:${sc.runAsGroup}, `
  + `readOnlyRootFilesystem ${sc.readOnlyRootFilesystem === true}`);
