#!/usr/bin/env bash
# The servers the tests and a development machine use, installed and started on 127.0.0.1 only:
#
#   deploy/services.sh                 PostgreSQL 15 and Redis 7 (Debian's packages)
#   deploy/services.sh opensearch      OpenSearch 2.19 (from Maven Central) on :9200
#   deploy/services.sh stop [NAME...]  stops them (all three without a name)
#
# Idempotent: what is installed is not installed again, a server that answers is left as it is,
# and configuration is written only when it differs. Installing needs root (apt-get, a system
# user for OpenSearch); with everything installed, a run takes a few seconds.
#
# Not for production: PostgreSQL trusts local TCP for the user postgres and does not fsync, for
# speed of the test suites. deploy/compose.yaml and deploy/systemd/ describe production.
set -euo pipefail

PG_VERSION=15
PG_CLUSTER=main
OPENSEARCH_VERSION="${OPENSEARCH_VERSION:-2.19.6}"
OPENSEARCH_HEAP="${OPENSEARCH_HEAP:-512m}"
OPENSEARCH_PORT="${OPENSEARCH_PORT:-9200}"
# OpenSearch refuses to run as root: as root, the node lives under /var/lib and runs as a system
# user of its own; as anyone else, under the checkout's var/ as that person.
if [ "$(id -u)" = 0 ]; then
  OPENSEARCH_DIR="${OPENSEARCH_DIR:-/var/lib/kennisplein-opensearch}"
  OPENSEARCH_USER=kennisplein-search
else
  OPENSEARCH_DIR="${OPENSEARCH_DIR:-$(cd "$(dirname "$0")/.." && pwd)/var/opensearch}"
  OPENSEARCH_USER="$(id -un)"
fi

say() { echo "services: $*"; }

wait_for() {  # wait_for SECONDS WHAT COMMAND...
  local seconds=$1 what=$2
  shift 2
  for _ in $(seq $((seconds * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  say "$what did not answer within $seconds s" >&2
  return 1
}

APT_UPDATED=
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    say "needs the Debian packages $* (run this script as root once, or install them)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "$APT_UPDATED" ]; then apt-get update -qq; APT_UPDATED=1; fi
  # policy-rc.d: the packages' own scripts must not start servers (there may be no init system)
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  apt-get install -y -qq "$@" >/dev/null
  rm -f /usr/sbin/policy-rc.d
}

write_if_changed() {  # write_if_changed FILE < content; returns 0 when the file changed
  local file=$1 new
  new="$(cat)"
  if [ -f "$file" ] && [ "$(cat "$file")" = "$new" ]; then return 1; fi
  printf '%s\n' "$new" >"$file"
}

postgres_up() {
  local bin=/usr/lib/postgresql/$PG_VERSION/bin
  [ -x "$bin/postgres" ] || apt_install "postgresql-$PG_VERSION"
  [ -d "/etc/postgresql/$PG_VERSION/$PG_CLUSTER" ] || pg_createcluster "$PG_VERSION" "$PG_CLUSTER" >/dev/null
  local conf=/etc/postgresql/$PG_VERSION/$PG_CLUSTER changed=
  # The tests connect as postgres://postgres@127.0.0.1:5432 without a password: trusted from
  # this machine's loopback only, ahead of Debian's password lines.
  if ! grep -q '^host all postgres 127.0.0.1/32 trust' "$conf/pg_hba.conf"; then
    sed -i '1i host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust' "$conf/pg_hba.conf"
    changed=1
  fi
  if write_if_changed "$conf/conf.d/kennisplein.conf" <<EOF
# deploy/services.sh: a development and CI server, loopback only; speed over durability
listen_addresses = '127.0.0.1,::1'
port = 5432
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
  then changed=1; fi
  if pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" status >/dev/null 2>&1; then
    if [ -n "$changed" ]; then
      say "PostgreSQL $PG_VERSION: configuration changed, restarting"
      pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" restart
    fi
  else
    say "PostgreSQL $PG_VERSION: starting"
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" start
  fi
  wait_for 30 "PostgreSQL" psql "postgres://postgres@127.0.0.1:5432/postgres" -Atc "select 1"
  say "PostgreSQL $PG_VERSION answers at postgres://postgres@127.0.0.1:5432/"
}

redis_up() {
  command -v redis-server >/dev/null || apt_install redis-server
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    say "Redis: starting"
    # keeps nothing on disk: the tests' Redis is a cache and a channel layer
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --logfile "${TMPDIR:-/tmp}/kennisplein-redis.log"
  fi
  wait_for 15 "Redis" redis-cli -h 127.0.0.1 -p 6379 ping
  say "Redis answers at redis://127.0.0.1:6379/0"
}

java17_home() {
  # OpenSearch 2.19 runs on Java 17 (Java 24 and later removed the security manager it needs)
  local candidate
  for candidate in "${OPENSEARCH_JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 \
    /usr/lib/jvm/java-17-openjdk-arm64 "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"; do
    if [ -n "$candidate" ] && "$candidate/bin/java" -version 2>&1 | grep -q 'version "17'; then
      echo "$candidate"
      return
    fi
  done
  say "OpenSearch $OPENSEARCH_VERSION needs a Java 17 JDK (set OPENSEARCH_JAVA_HOME)" >&2
  exit 1
}

opensearch_answers() {
  curl -sf "http://127.0.0.1:$OPENSEARCH_PORT/_cluster/health?wait_for_status=yellow&timeout=1s"
}

opensearch_install() {
  local home=$OPENSEARCH_DIR/opensearch-$OPENSEARCH_VERSION
  [ -x "$home/bin/opensearch" ] && return
  command -v mvn >/dev/null || apt_install maven
  say "OpenSearch $OPENSEARCH_VERSION: fetching from Maven Central"
  # The integration-test distribution is the real server with only its HTTP transport; the
  # analysis module (Dutch stemmer, stop words, ASCII folding) comes beside it as a module.
  local zip jar repo="${MAVEN_REPOSITORY:-$HOME/.m2/repository}"
  mvn -q dependency:get -Dtransitive=false \
    -Dartifact="org.opensearch.distribution.integ-test-zip:opensearch:$OPENSEARCH_VERSION:zip"
  mvn -q dependency:get -Dtransitive=false \
    -Dartifact="org.opensearch.plugin:analysis-common:$OPENSEARCH_VERSION"
  zip="$repo/org/opensearch/distribution/integ-test-zip/opensearch/$OPENSEARCH_VERSION/opensearch-$OPENSEARCH_VERSION.zip"
  jar="$repo/org/opensearch/plugin/analysis-common/$OPENSEARCH_VERSION/analysis-common-$OPENSEARCH_VERSION.jar"
  mkdir -p "$OPENSEARCH_DIR"
  rm -rf "$home.partial" && mkdir "$home.partial"
  (cd "$home.partial" && python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall()' "$zip")
  mv "$home.partial/opensearch-$OPENSEARCH_VERSION"/* "$home.partial/" && rmdir "$home.partial/opensearch-$OPENSEARCH_VERSION"
  chmod +x "$home.partial"/bin/*
  mkdir -p "$home.partial/modules/analysis-common"
  cp "$jar" "$home.partial/modules/analysis-common/"
  # Its painless extension (scripted token filters) is not needed: no extended plugin.
  cat >"$home.partial/modules/analysis-common/plugin-descriptor.properties" <<EOF
description=Adds "built in" analyzers to OpenSearch.
version=$OPENSEARCH_VERSION
name=analysis-common
classname=org.opensearch.analysis.common.CommonAnalysisPlugin
java.version=11
opensearch.version=$OPENSEARCH_VERSION
custom.foldername=
extended.plugins=
has.native.controller=false
EOF
  mv "$home.partial" "$home"
}

opensearch_up() {
  if opensearch_answers >/dev/null 2>&1; then
    say "OpenSearch answers at http://127.0.0.1:$OPENSEARCH_PORT"
    return
  fi
  opensearch_install
  local home=$OPENSEARCH_DIR/opensearch-$OPENSEARCH_VERSION java_home
  java_home="$(java17_home)"
  if [ "$(id -u)" = 0 ] && ! id "$OPENSEARCH_USER" >/dev/null 2>&1; then
    useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin "$OPENSEARCH_USER"
  fi
  mkdir -p "$OPENSEARCH_DIR/data" "$OPENSEARCH_DIR/logs"
  write_if_changed "$home/config/opensearch.yml" <<EOF || true
# deploy/services.sh: one node for development and the tests, loopback only, no security plugin
cluster.name: kennisplein
node.name: kennisplein-1
network.host: 127.0.0.1
http.port: $OPENSEARCH_PORT
transport.port: $((OPENSEARCH_PORT + 100))
discovery.type: single-node
path.data: $OPENSEARCH_DIR/data
path.logs: $OPENSEARCH_DIR/logs
# a development machine's disk may be fuller than a server's: do not turn indexes read-only
cluster.routing.allocation.disk.threshold_enabled: false
EOF
  [ "$(id -u)" = 0 ] && chown -R "$OPENSEARCH_USER" "$OPENSEARCH_DIR"
  say "OpenSearch $OPENSEARCH_VERSION: starting (heap $OPENSEARCH_HEAP)"
  local start="OPENSEARCH_JAVA_HOME='$java_home' OPENSEARCH_JAVA_OPTS='-Xms$OPENSEARCH_HEAP -Xmx$OPENSEARCH_HEAP'"
  start="$start '$home/bin/opensearch' -d -p '$OPENSEARCH_DIR/opensearch.pid'"
  start="$start >'$OPENSEARCH_DIR/logs/start.log' 2>&1"
  if [ "$(id -u)" = 0 ]; then
    su -s /bin/bash "$OPENSEARCH_USER" -c "$start" || { cat "$OPENSEARCH_DIR/logs/start.log" >&2; exit 1; }
  else
    bash -c "$start" || { cat "$OPENSEARCH_DIR/logs/start.log" >&2; exit 1; }
  fi
  wait_for 120 "OpenSearch (log: $OPENSEARCH_DIR/logs/kennisplein.log)" opensearch_answers
  say "OpenSearch answers at http://127.0.0.1:$OPENSEARCH_PORT"
}

stop() {
  local names=("$@") name pid
  [ ${#names[@]} -gt 0 ] || names=(postgres redis opensearch)
  for name in "${names[@]}"; do
    case "$name" in
      postgres)
        if pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" status >/dev/null 2>&1; then
          pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" stop
        fi ;;
      redis)
        if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
          redis-cli -h 127.0.0.1 -p 6379 shutdown nosave >/dev/null
        fi ;;
      opensearch)
        if [ -f "$OPENSEARCH_DIR/opensearch.pid" ]; then
          pid="$(cat "$OPENSEARCH_DIR/opensearch.pid")"
          kill "$pid" 2>/dev/null || true
          wait_for 60 "OpenSearch's stop" bash -c "! kill -0 $pid"
        fi ;;
      *) say "unknown service $name" >&2; exit 2 ;;
    esac
    say "$name stopped"
  done
}

case "${1:-}" in
  "") postgres_up; redis_up ;;
  postgres) postgres_up ;;
  redis) redis_up ;;
  opensearch) opensearch_up ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 [postgres|redis|opensearch|stop [NAME...]]" >&2; exit 2 ;;
esac
