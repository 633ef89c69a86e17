#!/usr/bin/env bash
# Stop the local Kafka broker started by infra/kafka/start.sh.
#
#   stop.sh           SIGTERM the broker (SIGKILL after ~20 s), remove the pid file
#   stop.sh --clean   additionally wipe the state dir (topics, offsets, logs, config)
#
# Succeeds when nothing is running.
set -euo pipefail

STATE_DIR="${TENFOLD_KAFKA_STATE:-/tmp/tenfold-kafka}"
STOP_TIMEOUT="${TENFOLD_KAFKA_STOP_TIMEOUT:-20}"
PID_FILE="$STATE_DIR/kafka.pid"

log() { printf '[tenfold-kafka] %s\n' "$*" >&2; }

clean=0
for arg in "$@"; do
  case "$arg" in
    --clean) clean=1 ;;
    -h | --help)
      sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      log "unknown argument: $arg"
      exit 2
      ;;
  esac
done

is_kafka() { # pid -> 0 if alive and a kafka.Kafka process
  local pid="$1" cmd
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
  else
    cmd="$(ps -o args= -p "$pid" 2>/dev/null || true)"
  fi
  [[ "$cmd" == *kafka.Kafka* ]]
}

if [[ -f "$PID_FILE" ]]; then
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  if is_kafka "$pid"; then
    log "stopping broker (pid $pid)..."
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + STOP_TIMEOUT))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "broker did not exit within ${STOP_TIMEOUT}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      for _ in 1 2 3 4 5 6 7 8 9 10; do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
      done
    fi
    if kill -0 "$pid" 2>/dev/null; then
      log "ERROR: pid $pid is still alive"
      exit 1
    fi
    log "broker stopped"
  else
    log "no running broker (stale pid file ${pid:-empty})"
  fi
  rm -f "$PID_FILE"
else
  log "no running broker (no pid file in $STATE_DIR)"
fi
rm -f "$STATE_DIR/kafka.env"

if ((clean)); then
  case "$STATE_DIR" in
    "" | "/" | "$HOME" | "$HOME/")
      log "ERROR: refusing to wipe state dir '$STATE_DIR'"
      exit 1
      ;;
  esac
  if [[ -d "$STATE_DIR" ]]; then
    log "wiping state dir $STATE_DIR"
    rm -rf -- "$STATE_DIR"
  fi
fi
