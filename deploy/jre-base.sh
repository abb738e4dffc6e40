#!/usr/bin/env bash
# Builds, offline, a minimal Java 17 base image as a tarball Jib accepts as `tar://` base: a jlink runtime of the local
# JDK (Debian's openjdk-17, with its jmods) in /opt/java/openjdk, the shared libraries it links against (glibc,
# libstdc++, zlib…), /etc/passwd with the nonroot user 65532, /tmp. No registry, no Docker daemon.
#
#   bash deploy/jre-base.sh [OUT.tar]            # default target/jre-base/jre-base.tar
#   mvn -pl auth-server -am package jib:buildTar -Djib.from.image=tar://$PWD/target/jre-base/jre-base.tar
#
# For releases, prefer a maintained base (the default eclipse-temurin:17-jre, or a distroless java17 image) pulled
# from a registry: this one gets no security updates but the ones of the machine that built it.
set -euo pipefail
# The system Python (a version manager's shim can take seconds per start on a loaded machine).
PY="$(command -v /usr/bin/python3 || command -v python3)"
cd "$(dirname "$0")/.."
out="${1:-target/jre-base/jre-base.tar}"
java_home="${JRE_BASE_JDK:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
[[ -d "$java_home/jmods" ]] || { echo "jre-base: $java_home has no jmods (Debian: apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }

work="$(dirname "$out")/work"
rm -rf "$work"
mkdir -p "$work/rootfs/opt/java" "$(dirname "$out")"
root="$work/rootfs"

# java.desktop only for java.beans (Spring); its native AWT libraries are never loaded (headless) and not copied.
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http
modules+=,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml
modules+=,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.jfr,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs
modules+=,jdk.localedata
"$java_home/bin/jlink" --add-modules "$modules" --include-locales=en,fr --strip-debug --no-man-pages \
  --no-header-files --compress=2 --output "$root/opt/java/openjdk"
# Debian's cacerts is a link to /etc/ssl/certs/java/cacerts: take the file itself.
if [[ -f /etc/ssl/certs/java/cacerts ]]; then
  cp -L /etc/ssl/certs/java/cacerts "$root/opt/java/openjdk/lib/security/cacerts"
fi

# Shared libraries of the launcher, the JVM and the non-graphical JDK libraries, at their own paths.
jre="$root/opt/java/openjdk"
elves=("$jre/bin/java" "$jre/lib/server/libjvm.so")
for lib in java net nio zip jimage verify jli management management_ext extnet j2pkcs11 j2gss jaas prefs rmi instrument \
  attach jsig; do
  [[ -f "$jre/lib/lib$lib.so" ]] && elves+=("$jre/lib/lib$lib.so")
done
for f in "${elves[@]}"; do
  ldd "$f" | awk '/=> \//{print $3} /^\s*\/lib/{print $1}'
done | sort -u | while read -r lib; do
  [[ "$lib" == "$jre"* ]] && continue
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
ldso=$(ldd "$jre/bin/java" | awk '/ld-linux/{print $1}')
mkdir -p "$root$(dirname "$ldso")" && cp -L "$ldso" "$root$ldso"

mkdir -p "$root/etc" "$root/tmp" "$root/bin"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/tmp:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost\n' > "$root/etc/hosts"

"$PY" - "$root" "$out" <<'PY'
import gzip, hashlib, io, json, os, sys, tarfile
root, out = sys.argv[1], sys.argv[2]
raw = io.BytesIO()
with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
    paths = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel = os.path.relpath(dirpath, root)
        if rel != ".":
            paths.append(rel)
        paths.extend(os.path.normpath(os.path.join(rel, f)) for f in sorted(filenames))
    for rel in paths:
        info = tar.gettarinfo(os.path.join(root, rel), arcname=rel)
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mtime = 1
        if info.isfile():
            with open(os.path.join(root, rel), "rb") as f:
                tar.addfile(info, f)
        else:
            tar.addfile(info)
layer = raw.getvalue()
diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
gz = gzip.compress(layer, mtime=0)
layer_name = hashlib.sha256(gz).hexdigest() + ".tar.gz"
config = {
    "architecture": "amd64", "os": "linux", "created": "1970-01-01T00:00:00Z",
    "config": {"Env": ["PATH=/opt/java/openjdk/bin:/usr/local/bin:/usr/bin:/bin", "JAVA_HOME=/opt/java/openjdk",
                       "LANG=C.UTF-8"], "User": "65532:65532", "WorkingDir": "/tmp"},
    "rootfs": {"type": "layers", "diff_ids": [diff_id]},
    "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "deploy/jre-base.sh (jlink)"}],
}
config_bytes = json.dumps(config, separators=(",", ":")).encode()
manifest = [{"Config": "config.json", "RepoTags": ["sesame/jre-base:17"], "Layers": [layer_name]}]
with tarfile.open(out, "w") as tar:
    for name, data in (("config.json", config_bytes), (layer_name, gz),
                       ("manifest.json", json.dumps(manifest).encode())):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mtime = 1
        tar.addfile(info, io.BytesIO(data))
print(f"jre-base: {out} ({len(gz) // 1048576} MiB compressed, {len(layer) // 1048576} MiB), layer {diff_id}")
PY
