# syntax=docker/dockerfile:1
# The KubeTune operator image. Build from the repository root (scripts/images.sh does this with docker or podman):
#   docker build -t ghcr.io/kubetune/operator:0.1.0 .
# Base tags are pinned to a .NET patch release; bump them together with global.json's SDK.

# ---- build: the SDK exists only in this stage ----
FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS build
WORKDIR /src

# Restore in its own layer: it is rebuilt only when the project files or package versions change.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY build/ build/
COPY src/Contracts/Contracts.csproj src/Contracts/
COPY src/Operator/Operator.csproj src/Operator/
RUN dotnet restore src/Operator/Operator.csproj

# Restore and publish share the repository's UseArtifactsOutput, so publish finds the restore's assets file.
COPY src/Contracts/ src/Contracts/
COPY src/Operator/ src/Operator/
RUN dotnet publish src/Operator/Operator.csproj --configuration Release --no-restore --output /app -p:UseAppHost=false

# ---- runtime: ASP.NET Core runtime only, no SDK ----
FROM mcr.microsoft.com/dotnet/aspnet:10.0.12-noble AS runtime
WORKDIR /app
COPY --from=build /app ./

# Kestrel listens on the operator's own ports (KUBETUNE_METRICSPORT, KUBETUNE_PROGRESSPORT).
# DOTNET_GCgen0size (hex, 8 MiB): the GC otherwise sizes gen0 from the L3 cache, about 130 MB on a 300 MB-L3 node, and
# the operator's RSS carries it; 8 MiB took 40-50 MB off at 10,000 jobs for no throughput (bench/operator runs with the
# DOTNET_ settings of this stage).
ENV ASPNETCORE_HTTP_PORTS="" \
    DOTNET_gcServer=0 \
    DOTNET_GCgen0size=0x800000 \
    DOTNET_NOLOGO=1
# 8080: /healthz, /readyz, /metrics. 8082: trainer progress reports.
EXPOSE 8080 8082

# The image's non-root "app" user, numeric so that runAsNonRoot can be verified by the kubelet.
USER 1654:1654
ENTRYPOINT ["dotnet", "KubeTune.Operator.dll"]
