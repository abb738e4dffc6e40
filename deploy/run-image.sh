#!/usr/bin/env bash
# Runs a container image tarball (docker-archive, as written by `jib:buildTar`) without a container runtime, the way
# the chart's securityContext asks: its layers unpacked into a root file system mounted READ-ONLY, a tmpfs on /tmp,
# the volumes of a materialized pod (deploy/validate/materialize.mjs) bound on their mount paths, the image's
# entrypoint run as the pod's user (65532) with only the image's and the pod's environment. Needs root (mount
# namespace, chroot); shares the host's network, so the ports must be free on 127.0.0.1.
#
#   deploy/run-image.sh IMAGE.tar ROOTFS-DIR POD-DIR [LOG]      # foreground; prints nothing else
set -euo pipefail
# The system Python (a version manager's shim can take seconds per start on a loaded machine).
PY="$(command -v /usr/bin/python3 || command -v python3)"
image="$1" rootfs="$2" pod="$3" log="${4:-/dev/stdout}"
[[ $(id -u) == 0 ]] || { echo "run-image: needs root (mount namespace, chroot)" >&2; exit 1; }

rm -rf "$rootfs"
mkdir -p "$rootfs"
# Unpack the layers in order (Jib writes no whiteouts) and read the image's configuration.
"$PY" - "$image" "$rootfs" <<'PY'
import json, sys, tarfile
image, root = sys.argv[1], sys.argv[2]
with tarfile.open(image) as outer:
    manifest = json.load(outer.extractfile("manifest.json"))[0]
    config = json.load(outer.extractfile(manifest["Config"]))["config"]
    for layer in manifest["Layers"]:
        with tarfile.open(fileobj=outer.extractfile(layer), mode="r:*") as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(root, filter="tar")
            else:
                tar.extractall(root)
for name, lines in (("entrypoint", config.get("Entrypoint") or []), ("env", config.get("Env") or []),
                    ("user", [config.get("User") or "0:0"])):
    with open(f"{root}.{name}", "w") as f:
        f.write("".join(line + "\n" for line in lines))
PY
mapfile -t entrypoint < "$rootfs.entrypoint"
mapfile -t image_env < "$rootfs.env"
user="$(tr -d '\n' < "$pod/user")"
[[ "$user" == 0:* ]] && user="$(tr -d '\n' < "$rootfs.user")"
mapfile -t args < "$pod/args"
pod_env=()
while IFS= read -r line; do [[ -n "$line" ]] && pod_env+=("$line"); done < "$pod/env"

# Mount points (a container runtime creates them too).
mkdir -p "$rootfs/proc" "$rootfs/dev" "$rootfs/tmp" "$rootfs/etc"
touch "$rootfs/etc/resolv.conf" "$rootfs/etc/hosts"
while read -r n path mode; do
  [[ -n "$n" ]] && mkdir -p "$rootfs$path"
done < "$pod/mounts.txt"

mounts=$(cat <<EOF
set -e
mount --bind "$rootfs" "$rootfs"
mount --rbind /dev "$rootfs/dev"
mount -t proc proc "$rootfs/proc"
# Like a kubelet: the node's resolver configuration and a hosts file.
mount --bind /etc/resolv.conf "$rootfs/etc/resolv.conf"
mount --bind /etc/hosts "$rootfs/etc/hosts"
while read -r n path mode; do
  [[ -z "\$n" ]] && continue
  if [[ "\$mode" == tmpfs ]]; then
    mount -t tmpfs -o size=128m,mode=1777,nosuid,nodev tmpfs "$rootfs\$path"
  else
    mount --bind "$pod/mounts/\$n" "$rootfs\$path"
    [[ "\$mode" == ro ]] && mount -o remount,bind,ro "$rootfs\$path"
  fi
done < "$pod/mounts.txt"
mount -o remount,bind,ro "$rootfs"
exec /usr/bin/env -i "\$@"
EOF
)
exec unshare --mount --propagation private -- bash -c "$mounts" run-image \
  "${image_env[@]}" "${pod_env[@]}" /usr/sbin/chroot --userspec="$user" "$rootfs" \
  "${entrypoint[@]}" "${args[@]}" >> "$log" 2>&1
