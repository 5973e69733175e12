#!/usr/bin/env bash
# Builds the operator image (./Dockerfile) and the CPU trainer image (src/TrainerImage/Dockerfile) with docker or podman,
# tagged as build/images.env says, and prints each one's build time and size.
#
# Where no registry answers (mcr.microsoft.com unreachable, as on the CI machines), it first makes stand-in base images
# from a debootstrap'd Debian 12 minbase (with this machine's /usr/share/dotnet for sdk, runtime and aspnet; chiseled
# down to a few libraries for runtime-deps), tagged with the exact base names the Dockerfiles use. That is a development
# and CI path only (docs/packaging.md); real images are built on the real bases.
#
#   scripts/images.sh                      # both images
#   KUBETUNE_ENGINE=podman scripts/images.sh
#   KUBETUNE_STANDIN_BASES=1 scripts/images.sh   # force the stand-ins (0: never make them)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../build/images.env
source build/images.env

say() { printf 'images: %s\n' "$*" >&2; }
fail() { printf 'images: error: %s\n' "$*" >&2; exit 1; }

OPERATOR_DOCKERFILE=Dockerfile
TRAINER_DOCKERFILE=src/TrainerImage/Dockerfile
STANDIN_ROOTFS_IMAGE=localhost/kubetune-standin/debian-bookworm-minbase:latest
STANDIN_SUITE=bookworm

pick_engine() {
  if [[ -n "${KUBETUNE_ENGINE:-}" ]]; then echo "$KUBETUNE_ENGINE"; return; fi
  # A docker client without a daemon is common here; only a daemon that answers counts.
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then echo docker; return; fi
  if command -v podman >/dev/null 2>&1; then echo podman; return; fi
  fail "neither a docker daemon nor podman is available (apt-get install podman runc)"
}
ENGINE=$(pick_engine)

image_exists() { "$ENGINE" image inspect "$1" >/dev/null 2>&1; }

# The base images the CPU images need, read from the Dockerfiles' FROM lines (the cuda stage is not built here).
base_images() {
  sed -n 's/^FROM \(mcr\.microsoft\.com\/dotnet\/[^ ]*\).*/\1/p' "$OPERATOR_DOCKERFILE" "$TRAINER_DOCKERFILE" | sort -u
}

registry_answers() {
  [[ "${KUBETUNE_STANDIN_BASES:-}" == 1 ]] && return 1
  [[ "${KUBETUNE_STANDIN_BASES:-}" == 0 ]] && return 0
  curl -sS --max-time 10 -o /dev/null https://mcr.microsoft.com/v2/ 2>/dev/null
}

debian_mirror() {
  local mirror
  mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
  [[ -n "$mirror" ]] || mirror=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
  [[ -n "$mirror" ]] || fail "no Debian mirror in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"
  echo "$mirror"
}

make_standin_rootfs() {
  image_exists "$STANDIN_ROOTFS_IMAGE" && return
  command -v debootstrap >/dev/null 2>&1 || fail "debootstrap is needed for the stand-in bases (apt-get install debootstrap)"
  local rootfs started
  rootfs=$(mktemp -d /tmp/kubetune-rootfs.XXXXXX)
  started=$SECONDS
  say "stand-in: debootstrap --variant=minbase $STANDIN_SUITE from $(debian_mirror) (about a minute)"
  debootstrap --variant=minbase "$STANDIN_SUITE" "$rootfs" "$(debian_mirror)" >/tmp/kubetune-debootstrap.log 2>&1 \
    || fail "debootstrap failed; see /tmp/kubetune-debootstrap.log"
  tar -C "$rootfs" -c . | "$ENGINE" import - "$STANDIN_ROOTFS_IMAGE" >/dev/null 2>&1 || fail "importing the stand-in root file system failed"
  rm -rf "$rootfs"
  say "stand-in: $STANDIN_ROOTFS_IMAGE in $((SECONDS - started)) s"
}

# One stand-in: the kind (sdk, runtime, aspnet, runtime-deps) decides which part of this machine's .NET goes in.
make_standin() {
  local name=$1 kind context started
  kind=$(sed 's|^mcr\.microsoft\.com/dotnet/\([^:]*\):.*|\1|' <<<"$name")
  context=$(mktemp -d /tmp/kubetune-standin.XXXXXX)
  case "$kind" in
    runtime-deps) runtime_deps_containerfile >"$context/Containerfile" ;;
    runtime | aspnet | sdk) dotnet_containerfile "$kind" "$context" >"$context/Containerfile" ;;
    *) rm -rf "$context"; fail "no stand-in for base image $name" ;;
  esac
  started=$SECONDS
  build_image "$name" "$context/Containerfile" "$context" --standin >/tmp/kubetune-standin-build.log 2>&1 \
    || { rm -rf "$context"; fail "building the stand-in $name failed; see /tmp/kubetune-standin-build.log"; }
  rm -rf "$context"
  say "stand-in: $name ($kind) in $((SECONDS - started)) s"
}

# sdk, runtime, aspnet: Debian minbase with the .NET libraries' dependencies and this machine's .NET (copied to $2).
dotnet_containerfile() {
  local kind=$1 context=$2 extra_packages=""
  mkdir -p "$context/dotnet/shared"
  cp -a /usr/share/dotnet/dotnet /usr/share/dotnet/host "$context/dotnet/"
  cp -a /usr/share/dotnet/shared/Microsoft.NETCore.App "$context/dotnet/shared/"
  case "$kind" in
    aspnet) cp -a /usr/share/dotnet/shared/Microsoft.AspNetCore.App "$context/dotnet/shared/" ;;
    sdk)
      cp -a /usr/share/dotnet/. "$context/dotnet/"
      # Debian 12's libstdc++ lacks GLIBCXX_3.4.32, so the build's TorchSharp patch (build/elf_weaken_version.py) runs.
      extra_packages=python3-minimal ;;
  esac
  cat <<CONTAINERFILE
FROM $STANDIN_ROOTFS_IMAGE
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends libicu72 ca-certificates libssl3 zlib1g $extra_packages \\
 && rm -rf /var/lib/apt/lists/* \\
 && groupadd --gid 1654 app && useradd --uid 1654 --gid 1654 --no-create-home --shell /usr/sbin/nologin app
COPY dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_RUNNING_IN_CONTAINER=true
LABEL io.kubetune.standin="debootstrap $STANDIN_SUITE minbase + this machine's /usr/share/dotnet; development and CI only"
CONTAINERFILE
}

# runtime-deps (chiseled): like Microsoft's chisel build, only the files of the packages a native AOT binary loads
# (libc, libgcc, libstdc++, libssl, zlib, CA certificates) and the users root and app, on an empty image: no shell, no
# package manager, no .NET. The ENV is the real image's.
runtime_deps_containerfile() {
  cat <<CONTAINERFILE
FROM $STANDIN_ROOTFS_IMAGE AS packages
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends ca-certificates libssl3 \\
 && mkdir -p /rootfs/usr/bin /rootfs/usr/sbin /rootfs/usr/lib /rootfs/usr/lib64 /rootfs/tmp /rootfs/home/app \\
 && cp -a /bin /sbin /lib /lib64 /rootfs/ && chmod 1777 /rootfs/tmp && chown 1654:1654 /rootfs/home/app \\
 && dpkg -L base-files libc6 libgcc-s1 libstdc++6 libssl3 zlib1g ca-certificates \\
    | grep -v -e '^/usr/share/doc/' -e '^/usr/share/man/' -e '^/usr/share/lintian/' -e '^/usr/share/locale/' \\
    | while read -r path; do [ -d "\$path" ] || echo "\${path#/}"; done \\
    | tar -C / -c --no-recursion -T - etc/ssl/certs | tar -x -C /rootfs \\
 && printf 'root:x:0:0:root:/root:/usr/sbin/nologin\\napp:x:1654:1654::/home/app:/usr/sbin/nologin\\n' >/rootfs/etc/passwd \\
 && printf 'root:x:0:\\napp:x:1654:\\n' >/rootfs/etc/group
FROM scratch
COPY --from=packages /rootfs /
ENV APP_UID=1654 ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true
USER 1654
LABEL io.kubetune.standin="debootstrap $STANDIN_SUITE minbase packages, chiseled by hand; development and CI only"
CONTAINERFILE
}

build_image() {
  local tag=$1 file=$2 context=$3; shift 3
  if [[ "$ENGINE" == podman ]]; then
    # chroot isolation and the host network are what work here; the machine's CA bundle lets NuGet restores inside the
    # build verify TLS (not for the stand-ins themselves, whose ca-certificates package writes that folder).
    local certs=(-v /etc/ssl/certs:/etc/ssl/certs:ro)
    if [[ "${1:-}" == --standin ]]; then certs=(); shift; fi
    podman build --isolation chroot --network host "${certs[@]}" --layers -t "$tag" -f "$file" "$@" "$context"
  else
    [[ "${1:-}" == --standin ]] && shift
    docker build -t "$tag" -f "$file" "$@" "$context"
  fi
}

image_size() {
  local bytes
  bytes=$("$ENGINE" image inspect --format '{{.Size}}' "$1")
  awk -v b="$bytes" 'BEGIN { printf "%.0f MB", b / 1000000 }'
}

if ! registry_answers; then
  say "no registry answers (or KUBETUNE_STANDIN_BASES=1): using stand-in bases, for development and CI only"
  missing=()
  for base in $(base_images); do image_exists "$base" || missing+=("$base"); done
  if ((${#missing[@]} == 0)); then
    say "stand-in: all bases present, reused ($(base_images | tr '\n' ' '))"
  else
    make_standin_rootfs
    for base in "${missing[@]}"; do make_standin "$base"; done
  fi
fi

summary=()
build_one() {
  local tag=$1 file=$2; shift 2
  local started=$SECONDS
  say "building $tag from $file with $ENGINE"
  build_image "$tag" "$file" . "$@" || fail "building $tag from $file failed"
  summary+=("$(printf '%-40s %5d s  %s' "$tag" $((SECONDS - started)) "$(image_size "$tag")")")
}
build_one "$OPERATOR_IMAGE" "$OPERATOR_DOCKERFILE"
build_one "$TRAINER_IMAGE" "$TRAINER_DOCKERFILE" --target cpu

printf 'images: built with %s\n' "$ENGINE"
printf 'images: %-40s %7s  %s\n' image "build" size
for line in "${summary[@]}"; do printf 'images: %s\n' "$line"; done
