# syntax=docker/dockerfile:1
# The KubeTune operator image: the operator compiled with native AOT for linux-x64, no .NET runtime in the image.
# Build from the repository root (scripts/images.sh does this with docker or podman):
#   docker build -t ghcr.io/kubetune/operator:0.1.0 .
# Base tags are pinned to a .NET patch release; bump them together with global.json's SDK.

# ---- build: the SDK and the C toolchain exist only in this stage ----
FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS build
# The ILCompiler links with gcc (binutils' objcopy strips the symbols); zlib is linked from the ILCompiler's own libz.a.
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src

# Restore in its own layer (with the runtime identifier and PublishAot, so the ILCompiler packages come with it):
# it is rebuilt only when the project files or package versions change. Publish must pass the same properties.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY build/ build/
COPY src/Contracts/Contracts.csproj src/Contracts/
COPY src/Operator/Operator.csproj src/Operator/
RUN dotnet restore src/Operator/Operator.csproj --runtime linux-x64 -p:PublishAot=true

# Restore and publish share the repository's UseArtifactsOutput, so publish finds the restore's assets file.
COPY src/Contracts/ src/Contracts/
COPY src/Operator/ src/Operator/
RUN dotnet publish src/Operator/Operator.csproj --configuration Release --no-restore --runtime linux-x64 \
      -p:PublishAot=true -p:CppCompilerAndLinker=gcc --output /app

# ---- runtime: Ubuntu 24.04 chiseled runtime-deps (libc, libssl, CA certificates; no shell, no package manager) ----
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0.12-noble-chiseled AS runtime
WORKDIR /app
# The native binary and its settings only (no .dbg symbols, no .pdb).
COPY --from=build /app/KubeTune.Operator /app/appsettings*.json ./

# Kestrel listens on the operator's own ports (KUBETUNE_METRICSPORT, KUBETUNE_PROGRESSPORT), not the base's 8080 default.
# DOTNET_GCgen0size (hex, 8 MiB): the GC otherwise sizes gen0 from the L3 cache, about 130 MB on a 300 MB-L3 node, and
# the operator's RSS carries it; 8 MiB took 40-50 MB off at 10,000 jobs. No 0x prefix: the native AOT runtime reads
# only bare hex digits and ignores 0x800000. (Workstation GC is compiled in: ServerGarbageCollection in the csproj.)
# bench/operator runs with the DOTNET_ settings of this stage.
ENV ASPNETCORE_HTTP_PORTS="" \
    DOTNET_GCgen0size=800000
# 8080: /healthz, /readyz, /metrics. 8082: trainer progress reports.
EXPOSE 8080 8082

# The base image's non-root "app" user, numeric so that runAsNonRoot can be verified by the kubelet.
USER 1654:1654
ENTRYPOINT ["/app/KubeTune.Operator"]
