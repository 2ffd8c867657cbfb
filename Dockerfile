# syntax=docker/dockerfile:1
#
# okr as a container: a static binary (CGO_ENABLED=0; the SQLite driver,
# modernc.org/sqlite, is pure Go) on distroless/static, run as an
# unprivileged user. docs/deploy.md says how to run it.
#
#   docker build -t okr .
#   docker run -d -p 8080:8080 -v okr-data:/var/lib/okr \
#     -e OKR_BASE_URL=https://okr.example.com okr
#
# Every flag of `okr serve` can be set by its OKR_ environment variable
# (`docker run --rm okr serve --help` lists them).

ARG GO_VERSION=1.26

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
# Modules first, so that a change of the code does not download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
# The templ components' Go code is committed (*_templ.go): no generation here.
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /out/okr ./cmd/okr
# The data directory, owned by distroless's nonroot user (65532): a named
# volume mounted there starts with this owner.
RUN mkdir -p /out/var/lib/okr && chown 65532:65532 /out/var/lib/okr && chmod 700 /out/var/lib/okr

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/okr /usr/local/bin/okr
COPY --from=build --chown=65532:65532 /out/var/lib/okr /var/lib/okr
USER 65532:65532
# The SQLite file lives on the volume; set OKR_DATABASE_URL to a
# postgres:// URL for PostgreSQL (then the volume stays empty).
ENV OKR_ADDR=0.0.0.0:8080 \
    OKR_DATABASE_URL=/var/lib/okr/okr.db
VOLUME ["/var/lib/okr"]
EXPOSE 8080
# distroless has no shell or curl: okr asks itself (GET /readyz on OKR_ADDR,
# which also checks the database).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/okr", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/okr"]
CMD ["serve"]
