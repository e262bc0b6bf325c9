namespace Mao.Tools.Tests.Dockerfile;

/// <summary>
/// For every rule: a Dockerfile that must trigger it (and the lines it must be reported on), and a near miss that
/// must not. <see cref="RuleExampleTests"/> checks both and that no rule is left without examples.
/// </summary>
internal static class RuleExamples
{
    public sealed record Example(string[] Firing, int[] Lines, string[] Clean);

    public static readonly IReadOnlyDictionary<string, Example> ById = new Dictionary<string, Example>(StringComparer.Ordinal)
    {
        ["DL3000"] = new(["FROM alpine:3.20", "WORKDIR app"], [2], ["FROM alpine:3.20", "ARG DIR=/srv", "WORKDIR $DIR/app", "WORKDIR C:\\\\app", "WORKDIR $UNSET"]),
        ["DL3001"] = new(["FROM alpine:3.20", "RUN ps aux"], [2], ["FROM alpine:3.20", "RUN echo ps top kill"]),
        ["DL3002"] = new(["FROM alpine:3.20", "USER app", "USER 0:0"], [3], ["FROM alpine:3.20", "USER root", "RUN apk upgrade", "USER app"]),
        ["DL3003"] = new(["FROM alpine:3.20", "RUN cd /tmp && make"], [2], ["FROM alpine:3.20", "WORKDIR /tmp", "RUN make cd"]),
        ["DL3004"] = new(["FROM debian:12", "RUN sudo apt-get update"], [2], ["FROM debian:12", "RUN gosu root echo sudo"]),
        ["DL3006"] = new(["ARG BASE=ubuntu", "FROM ${BASE}", "FROM debian"], [2, 3], ["FROM golang:1.26 AS build", "FROM build", "FROM scratch", "FROM debian@sha256:0123", "ARG UNSET", "FROM ${UNSET}"]),
        ["DL3007"] = new(["FROM alpine:latest"], [1], ["FROM alpine:latest@sha256:0123", "FROM alpine:3.20"]),
        ["DL3008"] = new(["FROM debian:12", "RUN apt-get update && apt-get install -y --no-install-recommends curl=8.* git && rm -rf /var/lib/apt/lists/*"], [2],
            ["FROM debian:12", "RUN apt-get update && apt-get install -y --no-install-recommends -t bookworm-backports curl=8.5 git/bookworm ./local.deb && rm -rf /var/lib/apt/lists/*"]),
        ["DL3009"] = new(["FROM debian:12", "RUN apt-get update && apt-get install -y --no-install-recommends curl=8.5 && rm -rf /tmp/*"], [2],
            ["FROM debian:12", "RUN apt-get update && apt-get install -y --no-install-recommends curl=8.5 && rm -rf /var/lib/apt/lists/*",
             "RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update"]),
        ["DL3011"] = new(["FROM alpine:3.20", "EXPOSE 80 65536/tcp"], [2], ["FROM alpine:3.20", "EXPOSE 80 65535/udp 8000-8080 $PORT"]),
        ["DL3012"] = new(["FROM alpine:3.20", "HEALTHCHECK CMD [\"true\"]", "HEALTHCHECK NONE"], [3], ["FROM alpine:3.20 AS a", "HEALTHCHECK NONE", "FROM alpine:3.20", "HEALTHCHECK CMD [\"true\"]"]),
        ["DL3013"] = new(["FROM python:3.13", "RUN pip install --no-cache-dir requests==2.32.3 flask"], [2],
            ["FROM python:3.13", "RUN pip install --no-cache-dir -r requirements.txt && python -m pip install --no-cache-dir 'flask>=3' ./wheels/x.whl git+https://github.com/a/b@v1 ."]),
        ["DL3014"] = new(["FROM debian:12", "RUN apt-get install --no-install-recommends curl=8.5"], [2], ["FROM debian:12", "RUN apt-get -qq install --no-install-recommends curl=8.5 && apt-get --yes install --no-install-recommends git=1"]),
        ["DL3015"] = new(["FROM debian:12", "RUN apt-get install -y curl=8.5"], [2], ["FROM debian:12", "RUN apt-get install -y -o APT::Install-Recommends=false curl=8.5"]),
        ["DL3016"] = new(["FROM node:22", "RUN npm install -g --loglevel warn @angular/cli express@4.19.2"], [2],
            ["FROM node:22", "RUN npm install && npm install -g @angular/cli@18.0.0 git+https://github.com/a/b#v1 ./local ../pkg.tgz && npm ci"]),
        ["DL3018"] = new(["FROM alpine:3.20", "RUN apk add --no-cache --virtual .deps gcc curl=8.5.0-r0"], [2], ["FROM alpine:3.20", "RUN apk add --no-cache --virtual .deps 'gcc>13' curl~8.5 ./local.apk"]),
        ["DL3019"] = new(["FROM alpine:3.20", "RUN apk add --update curl=8.5.0-r0"], [2], ["FROM alpine:3.20", "RUN apk add --no-cache curl=8.5.0-r0", "RUN --mount=type=cache,target=/var/cache/apk apk add curl=8.5.0-r0"]),
        ["DL3020"] = new(["FROM alpine:3.20", "ADD app.py /srv/"], [2], ["FROM alpine:3.20", "ADD https://example.com/x.tgz /srv/", "ADD rootfs.tar.xz /", "COPY app.py /srv/"]),
        ["DL3021"] = new(["FROM alpine:3.20", "COPY a b /dest"], [2], ["FROM alpine:3.20", "COPY a b /dest/", "COPY [\"a\", \"/dest\"]"]),
        ["DL3022"] = new(["FROM golang:1.26 AS build", "FROM alpine:3.20", "COPY --from=biuld /out /bin/"], [3],
            ["FROM golang:1.26 AS build", "FROM alpine:3.20", "COPY --from=build /out /bin/", "COPY --from=0 /out /bin/", "COPY --from=nginx:1.27 /etc/nginx /etc/nginx"]),
        ["DL3023"] = new(["FROM alpine:3.20 AS app", "COPY --from=app /a /b"], [2], ["FROM alpine:3.20 AS base", "FROM base AS app", "COPY --from=base /a /b"]),
        ["DL3024"] = new(["FROM alpine:3.20 AS x", "FROM alpine:3.20 AS X"], [2], ["FROM alpine:3.20 AS x", "FROM alpine:3.20 AS y"]),
        ["DL3025"] = new(["FROM alpine:3.20", "ENTRYPOINT /bin/app", "CMD run --fast", "HEALTHCHECK CMD curl -f http://localhost/"], [2, 3, 4],
            ["FROM alpine:3.20", "ENTRYPOINT [\"/bin/app\"]", "CMD [\"run\", \"--fast\"]", "HEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost/\"]"]),
        ["DL3027"] = new(["FROM ubuntu:24.04", "RUN apt install -y curl"], [2], ["FROM ubuntu:24.04", "RUN apt-cache policy curl"]),
        ["DL3028"] = new(["FROM ruby:3.3", "RUN gem install --no-document bundler:2.5.0 rails"], [2], ["FROM ruby:3.3", "RUN gem install bundler:2.5.0 && gem install rails -v 7.1.0 && gem install rake --version=13.0"]),
        ["DL3030"] = new(["FROM rockylinux:9", "RUN yum install httpd-2.4.57 && yum clean all"], [2], ["FROM rockylinux:9", "RUN yum install -y httpd-2.4.57 && yum --assumeyes install php-8.1 && yum clean all"]),
        ["DL3032"] = new(["FROM rockylinux:9", "RUN yum clean all && yum install -y httpd-2.4.57"], [2], ["FROM rockylinux:9", "RUN yum install -y httpd-2.4.57 && rm -rf /var/cache/yum/*", "RUN yum makecache"]),
        ["DL3038"] = new(["FROM fedora:40", "RUN microdnf install nginx-1.26.0 && microdnf clean all"], [2], ["FROM fedora:40", "RUN dnf install -y nginx-1.26.0 && dnf clean all"]),
        ["DL3040"] = new(["FROM fedora:40", "RUN dnf install -y nginx-1.26.0"], [2], ["FROM fedora:40", "RUN dnf upgrade -y && dnf clean all", "RUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y x-1.0"]),
        ["DL3046"] = new(["FROM debian:12", "RUN useradd -u 1000000 app"], [2], ["FROM debian:12", "RUN useradd -l -u 1000000 app && useradd --uid=999 redis"]),
        ["DL3062"] = new(["FROM golang:1.26", "RUN go install golang.org/x/tools/gopls@latest"], [2], ["FROM golang:1.26", "RUN go install golang.org/x/tools/gopls@v0.16.0 && go install ./cmd/... && go get -d ."]),
        ["DL3029"] = new(["FROM --platform=linux/amd64 alpine:3.20"], [1], ["FROM --platform=$BUILDPLATFORM alpine:3.20"]),
        ["DL3042"] = new(["FROM python:3.13", "RUN pip3 install flask==3.0.0"], [2],
            ["FROM python:3.13", "ENV PIP_NO_CACHE_DIR=1", "RUN pip3 install flask==3.0.0", "FROM python:3.13", "RUN PIP_NO_CACHE_DIR=true pip install x==1 && pipx install black==24.1"]),
        ["DL3043"] = new(["FROM alpine:3.20", "ONBUILD ONBUILD RUN true", "ONBUILD FROM alpine:3.20"], [2, 3], ["FROM alpine:3.20", "ONBUILD RUN make"]),
        ["DL3044"] = new(["FROM alpine:3.20", "ENV A=/opt B=$A/bin"], [2], ["FROM alpine:3.20", "ENV A=/opt", "ENV B=$A/bin PATH=$PATH:/x AB=$ABC"]),
        ["DL3045"] = new(["FROM alpine:3.20", "COPY app.py app/"], [2], ["FROM alpine:3.20 AS base", "WORKDIR /srv", "FROM base", "COPY app.py app/", "FROM alpine:3.20", "COPY a /abs/", "COPY b $DEST"]),
        ["DL3047"] = new(["FROM alpine:3.20", "RUN wget -O x.tgz https://example.com/x.tgz"], [2],
            ["FROM alpine:3.20", "RUN wget -q https://e/x && wget --progress=dot:giga https://e/y && wget -nv https://e/z"]),
        ["DL3059"] = new(["FROM alpine:3.20", "RUN apk upgrade", "# a comment", "RUN echo one && echo two"], [4],
            ["FROM alpine:3.20", "RUN apk upgrade", "ENV A=1", "RUN echo one", "RUN --network=none echo two", "RUN a; b; c"]),
        ["DL3061"] = new(["LABEL x=y", "FROM alpine:3.20"], [1], ["# comment", "ARG V=1", "FROM alpine:3.20", "LABEL x=y"]),
        ["DL4000"] = new(["FROM alpine:3.20", "MAINTAINER someone@example.com"], [2], ["FROM alpine:3.20", "LABEL org.opencontainers.image.authors=someone@example.com"]),
        ["DL4001"] = new(["FROM alpine:3.20", "RUN wget -q https://e/a", "RUN curl -fsS https://e/b"], [3], ["FROM alpine:3.20", "RUN wget -q https://e/a", "FROM alpine:3.20", "RUN curl -fsS https://e/b"]),
        ["DL4003"] = new(["FROM alpine:3.20", "CMD [\"a\"]", "CMD [\"b\"]"], [3], ["FROM alpine:3.20 AS a", "CMD [\"a\"]", "FROM alpine:3.20", "CMD [\"b\"]"]),
        ["DL4004"] = new(["FROM alpine:3.20", "ENTRYPOINT [\"a\"]", "ENTRYPOINT [\"b\"]"], [3], ["FROM alpine:3.20 AS a", "ENTRYPOINT [\"a\"]", "FROM alpine:3.20", "ENTRYPOINT [\"b\"]"]),
        ["DL4005"] = new(["FROM debian:12", "RUN ln -sf /bin/bash /bin/sh"], [2], ["FROM debian:12", "SHELL [\"/bin/bash\", \"-c\"]", "RUN ln -s /a /b"]),
        ["DL4006"] = new(["FROM alpine:3.20", "SHELL [\"/bin/ash\", \"-o\", \"pipefail\", \"-c\"]", "RUN wget -qO- https://e/x | tar x", "FROM alpine:3.20", "RUN wget -qO- https://e/x | tar x"], [5],
            ["FROM alpine:3.20", "SHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]", "RUN wget -qO- https://e/x | tar x", "RUN a || b"]),
    };
}
