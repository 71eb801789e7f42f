#!/usr/bin/env bash
# Runs a single-node Apache Kafka broker (KRaft, no ZooKeeper) without Docker.
#   infra/kafka.sh start | stop | status | restart
# Settings (environment):
#   KAFKA_PORT  client port on 127.0.0.1 (default 9092); the controller listens on KAFKA_PORT+1000
#   KAFKA_DIR   where its config, data, log and pid file live (default .kafka/<port> in the repository)
#   KAFKA_HEAP  JVM heap (default 512m)
# The broker jars come from Maven Central through infra/kafka/pom.xml (fetched on first start).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
port="${KAFKA_PORT:-9092}"
ctrl_port=$((port + 1000))
dir="${KAFKA_DIR:-$root/.kafka/$port}"
heap="${KAFKA_HEAP:-512m}"
lib="$here/kafka/target/lib"
pidfile="$dir/kafka.pid"
logfile="$dir/kafka.log"

log() { printf '[kafka:%s] %s\n' "$port" "$*"; }

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

fetch() {
  if [ ! -f "$lib/.complete" ]; then
    log "fetching the broker from Maven Central (mvn package in infra/kafka)"
    (cd "$here/kafka" && mvn -q -B package)
    touch "$lib/.complete"
  fi
}

configure() {
  mkdir -p "$dir/data"
  cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$ctrl_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$ctrl_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=1000
log.retention.hours=168
PROPS
  if [ ! -f "$dir/data/meta.properties" ]; then
    local id
    id="$(java -cp "$lib/*" kafka.tools.StorageTool random-uuid)"
    log "formatting storage in $dir/data (cluster $id)"
    java -cp "$lib/*" -Dlog4j2.configurationFile="$here/kafka/log4j2.yaml" \
      kafka.tools.StorageTool format -t "$id" -c "$dir/server.properties" >> "$logfile" 2>&1
  fi
}

start() {
  if running; then log "already running (pid $(cat "$pidfile"))"; return 0; fi
  if port_open "$port"; then log "port $port is taken by another process"; exit 1; fi
  fetch
  configure
  log "starting (log: $logfile)"
  local from; from=$(wc -l < "$logfile" 2>/dev/null || echo 0)
  nohup java -Xms128m -Xmx"$heap" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$here/kafka/log4j2.yaml" \
    -cp "$lib/*" kafka.Kafka "$dir/server.properties" >> "$logfile" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  local deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-90}))
  until port_open "$port" && tail -n +"$((from + 1))" "$logfile" | grep -q 'Kafka Server started'; do
    if ! running; then log "the broker exited; the end of its log:"; tail -n 30 "$logfile"; exit 1; fi
    if [ $SECONDS -ge $deadline ]; then log "not ready in time; the end of its log:"; tail -n 30 "$logfile"; exit 1; fi
    sleep 0.5
  done
  log "ready on 127.0.0.1:$port (pid $(cat "$pidfile"))"
}

stop() {
  if ! running; then log "not running"; rm -f "$pidfile"; return 0; fi
  local pid; pid="$(cat "$pidfile")"
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then log "did not stop in 30 s, killing"; kill -KILL "$pid" 2>/dev/null || true; fi
    sleep 0.2
  done
  rm -f "$pidfile"
  log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) if running; then log "running (pid $(cat "$pidfile"))"; else log "not running"; exit 1; fi ;;
  fetch) fetch ;;
  *) echo "usage: $0 start|stop|restart|status|fetch" >&2; exit 2 ;;
esac
