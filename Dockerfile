# syntax=docker/dockerfile:1
# Carddesk: a static binary on a minimal, non-root runtime image.

# The toolchain go.mod names (go 1.26.10 at least, toolchain go1.27.3): the
# image's own Go, never one fetched at build time.
FROM golang:1.27.3-bookworm AS build
ENV GOTOOLCHAIN=local
WORKDIR /src
COPY go.mod go.sum ./
# The patched gofpdf lives in the repository (replace directive in go.mod).
COPY contracts/third_party/ contracts/third_party/
RUN go mod download
COPY . .
ARG VERSION=dev
# Pure-Go SQLite driver: no cgo, so the binary is fully static.
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/carddesk ./cmd/carddesk \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/carddesk /usr/local/bin/carddesk
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
ENV CARDDESK_ADDR=0.0.0.0:8080 \
    CARDDESK_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["/usr/local/bin/carddesk", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/carddesk"]
CMD ["serve"]
