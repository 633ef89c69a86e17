#!/usr/bin/env bash
# Start (or reuse) a local single-node Apache Kafka broker in KRaft mode.
#
# The broker is a real Apache Kafka, run straight from the jars on Maven Central
# (no Docker, no tarball download). See infra/kafka/README.md.
#
# stdout: exactly one line, the last one:  KAFKA_BROKERS=127.0.0.1:<port>
# stderr: progress messages; on failure the tail of the broker log.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE_DIR="${TENFOLD_KAFKA_HOME:-$HOME/.cache/tenfold-kafka}"
STATE_DIR="${TENFOLD_KAFKA_STATE:-/tmp/tenfold-kafka}"
START_TIMEOUT="${TENFOLD_KAFKA_START_TIMEOUT:-90}"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms512m -Xmx512m}"

PID_FILE="$STATE_DIR/kafka.pid"
PORT_FILE="$STATE_DIR/port"
CPORT_FILE="$STATE_DIR/controller.port"
CLUSTER_ID_FILE="$STATE_DIR/cluster.id"
CONF_FILE="$STATE_DIR/server.properties"
LOG_FILE="$STATE_DIR/broker.log"
ENV_FILE="$STATE_DIR/kafka.env"
DATA_DIR="$STATE_DIR/data"

log() { printf '[tenfold-kafka] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA="$(command -v java || true)"
fi
[[ -n "$JAVA" ]] || die "java not found (need Java 17+ on PATH or JAVA_HOME)"

mkdir -p "$STATE_DIR" "$CACHE_DIR"
STATE_DIR="$(cd "$STATE_DIR" && pwd)"
CONF_FILE="$STATE_DIR/server.properties"

# Serialise concurrent start.sh runs on the same state dir (lock released on exit).
if command -v flock >/dev/null 2>&1; then
  exec 8>"$STATE_DIR/.start.lock"
  flock -w $((START_TIMEOUT + 120)) 8 || die "timed out waiting for another start.sh on $STATE_DIR"
fi

# ---------------------------------------------------------------- helpers ---

port_open() { # port -> 0 if something accepts TCP connections on 127.0.0.1:port
  # shellcheck disable=SC2016  # $1 is expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" >/dev/null 2>&1
}

# is_our_broker PID -> 0 if PID is alive and is a kafka.Kafka using our config
is_our_broker() {
  local pid="$1" cmd
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
  else
    cmd="$(ps -o args= -p "$pid" 2>/dev/null || true)"
  fi
  [[ "$cmd" == *kafka.Kafka* && "$cmd" == *"$CONF_FILE"* ]]
}

# pick_ports SPEC... -> prints one port per SPEC. SPEC: 0 = any free port,
# N = N if it can be bound else any free port, N! = exactly N (fails otherwise).
# All sockets are held until every port is chosen, so the ports are distinct.
pick_ports() {
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$@" <<'PY'
import socket, sys
held, out = [], []
for spec in sys.argv[1:]:
    strict = spec.endswith("!")
    want = int(spec.rstrip("!"))
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", want))
    except OSError:
        s.close()
        if strict:
            sys.stderr.write("port %d is not free\n" % want)
            sys.exit(1)
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.1", 0))
    held.append(s)
    out.append(str(s.getsockname()[1]))
print(" ".join(out))
PY
  elif command -v node >/dev/null 2>&1; then
    node -e '
      const net = require("net");
      const listen = (port) => new Promise((resolve) => {
        const s = net.createServer();
        s.once("error", () => resolve(null));
        s.listen({ port, host: "127.0.0.1", exclusive: true }, () => resolve(s));
      });
      (async () => {
        const held = [], out = [];
        for (const spec of process.argv.slice(1)) {
          let s = await listen(parseInt(spec, 10));
          if (!s) {
            if (spec.endsWith("!")) { console.error("port " + parseInt(spec, 10) + " is not free"); process.exit(1); }
            s = await listen(0);
          }
          held.push(s); out.push(s.address().port);
        }
        console.log(out.join(" "));
        held.forEach((s) => s.close());
      })();' "$@"
  else
    die "need python3 or node to pick free ports (or set KAFKA_PORT and KAFKA_CONTROLLER_PORT)"
  fi
}

stop_pid() { # pid: SIGTERM, wait, SIGKILL
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 40; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.5
}

# ------------------------------------------------- already running? reuse ---

if [[ -f "$PID_FILE" ]]; then
  old_pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  if is_our_broker "$old_pid"; then
    old_port="$(cat "$PORT_FILE" 2>/dev/null || true)"
    if [[ -n "$old_port" ]] && port_open "$old_port"; then
      log "broker already running (pid $old_pid, port $old_port)"
      echo "KAFKA_BROKERS=127.0.0.1:$old_port"
      exit 0
    fi
    log "broker pid $old_pid is alive but not answering on port ${old_port:-?}; restarting it"
    stop_pid "$old_pid"
  else
    log "removing stale pid file (pid ${old_pid:-?} is not running)"
  fi
  rm -f "$PID_FILE"
fi

# ------------------------------------------------------- jars (cached) ---

POM="$SCRIPT_DIR/pom.xml"
[[ -f "$POM" ]] || die "missing $POM"
CACHE_KEY="$(sha256sum "$POM" | cut -c1-12)"
LIB_DIR="$CACHE_DIR/libs-$CACHE_KEY"
MARKER="$LIB_DIR/.complete"

if [[ ! -f "$MARKER" ]]; then
  if command -v flock >/dev/null 2>&1; then
    exec 7>"$CACHE_DIR/.fetch.lock"
    flock -w 900 7 || die "timed out waiting for another jar download into $CACHE_DIR"
  fi
  if [[ ! -f "$MARKER" ]]; then
    command -v mvn >/dev/null 2>&1 || die "mvn not found (needed once, to fetch the Kafka jars)"
    log "fetching Kafka jars from Maven Central into $LIB_DIR (first run only)..."
    tmp_dir="$CACHE_DIR/.libs-$CACHE_KEY.tmp.$$"
    mvn_log="$CACHE_DIR/mvn-$CACHE_KEY.log"
    rm -rf "$tmp_dir"
    if ! mvn -B -q -f "$POM" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp_dir" >"$mvn_log" 2>&1; then
      tail -n 40 "$mvn_log" >&2 || true
      rm -rf "$tmp_dir"
      die "mvn dependency:copy-dependencies failed (full log: $mvn_log)"
    fi
    compgen -G "$tmp_dir/kafka_2.13-*.jar" >/dev/null || { rm -rf "$tmp_dir"; die "kafka_2.13 jar missing after mvn run"; }
    rm -rf "$LIB_DIR"
    mv -T "$tmp_dir" "$LIB_DIR"
    (cd "$LIB_DIR" && printf '%s\n' ./*.jar) >"$MARKER"
    log "fetched $(wc -l <"$MARKER") jars"
  fi
  if command -v flock >/dev/null 2>&1; then exec 7>&-; fi
fi
CLASSPATH_LIBS="$LIB_DIR/*"
kafka_jars=("$LIB_DIR"/kafka_2.13-*.jar)
KAFKA_VERSION="${kafka_jars[0]##*/kafka_2.13-}"
KAFKA_VERSION="${KAFKA_VERSION%.jar}"

# Short-lived CLI tools: small heap, fast JIT, warnings only (on stderr).
TOOL_JVM=(-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
  "-Dlog4j2.configurationFile=$SCRIPT_DIR/tools-log4j2.properties")
run_tool() { "$JAVA" "${TOOL_JVM[@]}" -cp "$CLASSPATH_LIBS" "$@"; }

# ------------------------------------------------------------ ports ---

if [[ -n "${KAFKA_PORT:-}" ]]; then
  port_spec="${KAFKA_PORT}!"
else
  port_spec="$(cat "$PORT_FILE" 2>/dev/null || echo 0)"
fi
if [[ -n "${KAFKA_CONTROLLER_PORT:-}" ]]; then
  cport_spec="${KAFKA_CONTROLLER_PORT}!"
else
  cport_spec="$(cat "$CPORT_FILE" 2>/dev/null || echo 0)"
fi
[[ "$port_spec" =~ ^[0-9]+!?$ ]] || port_spec=0
[[ "$cport_spec" =~ ^[0-9]+!?$ ]] || cport_spec=0
ports="$(pick_ports "$port_spec" "$cport_spec")" || die "could not allocate ports ($port_spec, $cport_spec)"
read -r PORT CPORT <<<"$ports"
[[ "$PORT" != "$CPORT" ]] || die "broker and controller port must differ ($PORT)"

# ------------------------------------------------------- config + storage ---

mkdir -p "$DATA_DIR"
CLUSTER_ID=""
if [[ -f "$DATA_DIR/meta.properties" ]]; then
  CLUSTER_ID="$(sed -n 's/^cluster\.id=//p' "$DATA_DIR/meta.properties" | head -n1)"
fi
if [[ -z "$CLUSTER_ID" && -s "$CLUSTER_ID_FILE" ]]; then
  CLUSTER_ID="$(cat "$CLUSTER_ID_FILE")"
fi
if [[ -z "$CLUSTER_ID" ]]; then
  CLUSTER_ID="$(run_tool kafka.tools.StorageTool random-uuid | tail -n1)"
fi
[[ -n "$CLUSTER_ID" ]] || die "could not determine a cluster id"
printf '%s\n' "$CLUSTER_ID" >"$CLUSTER_ID_FILE"

# Static controller quorum (controller.quorum.voters): nothing about the
# controller endpoint is persisted in the log dir, so the ports may change
# between runs without re-formatting.
cat >"$CONF_FILE" <<EOF
# Generated by infra/kafka/start.sh -- do not edit (rewritten on every start).
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CPORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA_DIR
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=3
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
# After a crash (kill -9) the new incarnation cannot register until the old
# registration's session expires; keep that short (defaults: 2000 / 9000 ms).
broker.heartbeat.interval.ms=1000
broker.session.timeout.ms=6000
delete.topic.enable=true
num.network.threads=2
num.io.threads=4
log.retention.hours=24
log.segment.bytes=67108864
EOF

log "formatting storage in $DATA_DIR (cluster id $CLUSTER_ID; no-op if already formatted)"
if ! run_tool kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$CONF_FILE" --ignore-formatted >&2; then
  die "kafka-storage format failed"
fi

# ------------------------------------------------------------- start ---

printf '%s\n' "$PORT" >"$PORT_FILE"
printf '%s\n' "$CPORT" >"$CPORT_FILE"
mkdir -p "$STATE_DIR/logs"
log "starting Kafka $KAFKA_VERSION (KRaft) on 127.0.0.1:$PORT (controller :$CPORT), log: $LOG_FILE"
# shellcheck disable=SC2086  # HEAP_OPTS / KAFKA_JVM_OPTS are intentionally word-split
nohup "$JAVA" $HEAP_OPTS \
  -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
  -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
  ${KAFKA_JVM_OPTS:-} \
  "-Dlog4j2.configurationFile=$SCRIPT_DIR/log4j2.properties" \
  "-Dkafka.logs.dir=$STATE_DIR/logs" \
  -cp "$CLASSPATH_LIBS" kafka.Kafka "$CONF_FILE" \
  >"$LOG_FILE" 2>&1 </dev/null 7>&- 8>&- &
BROKER_PID=$!
printf '%s\n' "$BROKER_PID" >"$PID_FILE"

fail_start() {
  log "ERROR: $*"
  if [[ -f "$LOG_FILE" ]]; then
    log "---- last 60 lines of $LOG_FILE ----"
    tail -n 60 "$LOG_FILE" >&2 || true
    log "----"
  fi
  if kill -0 "$BROKER_PID" 2>/dev/null; then
    log "stopping the half-started broker (pid $BROKER_PID)"
    stop_pid "$BROKER_PID"
  fi
  rm -f "$PID_FILE"
  exit 1
}

# ----------------------------------------------------- wait until ready ---

deadline=$((SECONDS + START_TIMEOUT))
ready=0
while ((SECONDS < deadline)); do
  kill -0 "$BROKER_PID" 2>/dev/null || fail_start "broker process exited during startup"
  if port_open "$PORT" && grep -q "Kafka Server started" "$LOG_FILE" 2>/dev/null; then
    # A real metadata round-trip through the admin client.
    if timeout 30 "$JAVA" "${TOOL_JVM[@]}" -cp "$CLASSPATH_LIBS" org.apache.kafka.tools.TopicCommand \
      --bootstrap-server "127.0.0.1:$PORT" --list >/dev/null 2>"$STATE_DIR/probe.err"; then
      ready=1
      break
    fi
  fi
  sleep 0.5
done
((ready)) || fail_start "broker not ready within ${START_TIMEOUT}s (probe stderr: $(tail -n 3 "$STATE_DIR/probe.err" 2>/dev/null | tr '\n' ' '))"

printf 'KAFKA_BROKERS=127.0.0.1:%s\n' "$PORT" >"$ENV_FILE"
log "broker ready after $((SECONDS))s (pid $BROKER_PID)"
echo "KAFKA_BROKERS=127.0.0.1:$PORT"
