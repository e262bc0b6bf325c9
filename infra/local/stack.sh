#!/usr/bin/env bash
# Starts and stops the local stack: Azurite and etcd (one member, or a 3-member loopback cluster),
# each with its own data folder under .local/data and its PID under .local/run. Processes are
# stopped by the PID recorded here, never by name, so nothing else on the machine is touched.
# etcd serves TLS (clients and members, certificates from a local CA) with auth on: root, and one
# user and role per site (etcd-secure.sh; site-a, site-b and site-c for key root /mao at start).
#
#   stack.sh start [--etcd-members 1|3] [--fresh]   start what is not running (--fresh: wipe data first)
#   stack.sh stop                                    stop what this script started
#   stack.sh status                                  show what runs, with endpoints
#   stack.sh env                                     print the environment variables that point at the stack
#   stack.sh site-user SITE [KEY_ROOT]               make SITE an etcd user (role for KEY_ROOT, default /mao); print its settings
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
run="$root/.local/run"
data="$root/.local/data"
logs="$root/.local/logs"
mkdir -p "$run" "$data" "$logs"

azurite_bin="$root/.local/azurite/node_modules/.bin/azurite"
blob_port=${MAO_AZURITE_BLOB_PORT:-10000}
queue_port=${MAO_AZURITE_QUEUE_PORT:-10001}
table_port=${MAO_AZURITE_TABLE_PORT:-10002}
etcd_client_ports=(2379 22379 32379)
etcd_peer_ports=(2380 22380 32380)
secure="$root/infra/local/etcd-secure.sh"
tls="${MAO_ETCD_SECURE_DIR:-$root/.local/etcd-secure}/tls"
default_sites=(site-a site-b site-c)

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_port() { # port, name, seconds
  local deadline=$((SECONDS + $3))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then echo "$2 did not open port $1 within $3 s; see $logs" >&2; return 1; fi
    sleep 0.2
  done
}

start_azurite() {
  if alive "$run/azurite.pid"; then echo "azurite already running (pid $(cat "$run/azurite.pid"))"; return; fi
  [ -x "$azurite_bin" ] || "$root/infra/local/install-azurite.sh"
  mkdir -p "$data/azurite"
  # --skipApiVersionCheck: the Blobs SDK's newest API version is newer than Azurite's.
  setsid "$azurite_bin" --silent --skipApiVersionCheck --loose --disableTelemetry \
    --blobHost 127.0.0.1 --blobPort "$blob_port" --queueHost 127.0.0.1 --queuePort "$queue_port" \
    --tableHost 127.0.0.1 --tablePort "$table_port" --location "$data/azurite" \
    >"$logs/azurite.log" 2>&1 < /dev/null &
  echo $! > "$run/azurite.pid"
  wait_port "$blob_port" azurite 30 && wait_port "$table_port" azurite 10 && wait_port "$queue_port" azurite 10
  echo "azurite started (pid $(cat "$run/azurite.pid")): blob $blob_port, queue $queue_port, table $table_port"
}

start_etcd() { # members
  local members=$1 cluster="" i
  command -v etcd >/dev/null || "$root/infra/local/install-etcd.sh"
  # A member's data remembers its cluster: one member cannot start on data a 3-member cluster wrote (no quorum).
  if [ -f "$data/etcd-members" ] && [ "$(cat "$data/etcd-members")" != "$members" ]; then
    echo "etcd data in $data was written by a $(cat "$data/etcd-members")-member cluster; start with --etcd-members $(cat "$data/etcd-members"), or --fresh to wipe it" >&2
    exit 1
  fi
  echo "$members" > "$data/etcd-members"
  "$secure" certs
  for ((i = 0; i < members; i++)); do
    cluster+="${cluster:+,}mao-etcd-$i=https://127.0.0.1:${etcd_peer_ports[$i]}"
  done
  for ((i = 0; i < members; i++)); do
    if alive "$run/etcd-$i.pid"; then echo "etcd member $i already running"; continue; fi
    mkdir -p "$data/etcd-$i"
    setsid etcd --name "mao-etcd-$i" --data-dir "$data/etcd-$i" \
      --listen-client-urls "https://127.0.0.1:${etcd_client_ports[$i]}" \
      --advertise-client-urls "https://127.0.0.1:${etcd_client_ports[$i]}" \
      --cert-file "$tls/server.pem" --key-file "$tls/server-key.pem" \
      --listen-peer-urls "https://127.0.0.1:${etcd_peer_ports[$i]}" \
      --initial-advertise-peer-urls "https://127.0.0.1:${etcd_peer_ports[$i]}" \
      --peer-cert-file "$tls/server.pem" --peer-key-file "$tls/server-key.pem" \
      --peer-trusted-ca-file "$tls/ca.pem" --peer-client-cert-auth \
      --initial-cluster "$cluster" --initial-cluster-state new --initial-cluster-token mao-local \
      >"$logs/etcd-$i.log" 2>&1 < /dev/null &
    echo $! > "$run/etcd-$i.pid"
  done
  for ((i = 0; i < members; i++)); do wait_port "${etcd_client_ports[$i]}" "etcd member $i" 30; done
  echo "$members" > "$run/etcd-members"
  "$secure" users "$(etcd_endpoints)" /mao "${default_sites[@]}"
  echo "etcd started ($members member(s)), TLS and auth on (users root, ${default_sites[*]}): $(etcd_endpoints)"
}

etcd_endpoints() {
  local members out="" i
  members=$(cat "$run/etcd-members" 2>/dev/null || echo 1)
  for ((i = 0; i < members; i++)); do out+="${out:+,}https://127.0.0.1:${etcd_client_ports[$i]}"; done
  echo "$out"
}

stop_pid() { # pidfile, name
  if alive "$1"; then
    local pid; pid=$(cat "$1")
    kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    echo "$2 stopped (pid $pid)"
  fi
  rm -f "$1"
}

print_env() {
  echo "export MAO_STORAGE_CONNECTION='DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;'"
  echo "export MAO_ETCD_ENDPOINTS='$(etcd_endpoints)'"
  echo "export MAO_ETCD_CA_FILE='$tls/ca.pem'"
}

site_user() { # site, key root
  "$secure" users "$(etcd_endpoints)" "${2:-/mao}" "$1"
  "$secure" env "$1"
}

cmd=${1:-status}; shift || true
if [ "$cmd" = site-user ]; then
  [ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: stack.sh site-user SITE [KEY_ROOT]" >&2; exit 2; }
  site_user "$@"
  exit
fi
members=1 fresh=0
while [ $# -gt 0 ]; do
  case $1 in
    --etcd-members) members=$2; shift 2 ;;
    --fresh) fresh=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
case $members in 1|3) ;; *) echo "--etcd-members must be 1 or 3" >&2; exit 2 ;; esac

case $cmd in
  start)
    if [ $fresh = 1 ]; then "$0" stop >/dev/null; rm -rf "$data"; mkdir -p "$data"; fi
    start_azurite
    start_etcd "$members"
    ;;
  stop)
    stop_pid "$run/azurite.pid" azurite
    for i in 0 1 2; do stop_pid "$run/etcd-$i.pid" "etcd member $i"; done
    rm -f "$run/etcd-members"
    ;;
  status)
    alive "$run/azurite.pid" && echo "azurite: running (pid $(cat "$run/azurite.pid")), blob $blob_port, table $table_port" || echo "azurite: stopped"
    for i in 0 1 2; do alive "$run/etcd-$i.pid" && echo "etcd member $i: running (pid $(cat "$run/etcd-$i.pid")), client ${etcd_client_ports[$i]}" || true; done
    ;;
  env) print_env ;;
  *) echo "usage: stack.sh start [--etcd-members 1|3] [--fresh] | stop | status | env | site-user SITE [KEY_ROOT]" >&2; exit 2 ;;
esac
