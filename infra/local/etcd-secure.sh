#!/usr/bin/env bash
# TLS and auth for the local federation's etcd: a local CA and server certificate, a root user, and per site a user
# whose role may read the federation's keys and write only its own (docs/federation.md, "Running etcd with auth and
# TLS", lists them and why). Safe to run again: what exists is kept.
#
#   etcd-secure.sh certs                               CA + server certificate (127.0.0.1, localhost) if missing
#   etcd-secure.sh users ENDPOINTS KEY_ROOT SITE...    root user, each site's user and role for KEY_ROOT, auth enable
#   etcd-secure.sh env SITE                            export lines: the site's user, password file and the CA
#
# Files live in $MAO_ETCD_SECURE_DIR (default .local/etcd-secure): tls/{ca,server}.pem and keys, users/<name>.password.
# Passwords are random, written owner-only (umask 077) and never printed; etcdctl gets them through its environment
# and stdin, never its command line (which any local user can read in /proc).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${MAO_ETCD_SECURE_DIR:-$root/.local/etcd-secure}
tls="$dir/tls"
users="$dir/users"
umask 077

make_certs() {
  command -v openssl >/dev/null || "$root/infra/local/apt-install.sh" openssl
  mkdir -p "$tls"
  if [ ! -f "$tls/ca.pem" ] || [ ! -f "$tls/ca-key.pem" ]; then
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tls/ca-key.pem" 2>/dev/null
    openssl req -x509 -new -key "$tls/ca-key.pem" -subj "/CN=mao local etcd ca" -days 3650 -out "$tls/ca.pem" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    rm -f "$tls/server.pem"
  fi
  if [ ! -f "$tls/server.pem" ] || [ ! -f "$tls/server-key.pem" ]; then
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tls/server-key.pem" 2>/dev/null
    openssl req -new -key "$tls/server-key.pem" -subj "/CN=127.0.0.1" -out "$tls/server.csr"
    # serverAuth for clients, clientAuth too: cluster members use the same certificate towards each other.
    printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "extendedKeyUsage=serverAuth,clientAuth" \
      "keyUsage=critical,digitalSignature,keyEncipherment" "basicConstraints=CA:FALSE" > "$tls/server.ext"
    openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca-key.pem" -CAcreateserial \
      -days 825 -extfile "$tls/server.ext" -out "$tls/server.pem" 2>/dev/null
    rm -f "$tls/server.csr" "$tls/server.ext"
  fi
  # The CA certificate is public: sites read it to trust the members.
  chmod 644 "$tls/ca.pem" "$tls/server.pem"
}

password_file() { # name: the user's password file, created with a fresh random password if missing
  mkdir -p "$users"
  chmod 700 "$dir" "$users"
  local file="$users/$1.password"
  [ -s "$file" ] || openssl rand -hex 24 > "$file"
  echo "$file"
}

check_name() { # etcd user/role names and key roots end up in keys: the same rule as the code's Identifier
  [[ $1 =~ ^[a-z0-9._-]{1,63}$ && $1 != *..* ]] || { echo "site name '$1' is not 1-63 of a-z 0-9 . _ - (no ..)" >&2; exit 2; }
}

add_once() { # etcdctl arguments of an add: one that already exists is fine (runs again keep users and passwords)
  local out
  out=$(etcdctl "$@" 2>&1) || [[ $out == *"already exists"* ]] || { echo "etcdctl ${1:-} ${2:-} ${3:-}: $out" >&2; return 1; }
}

setup_users() { # endpoints, key root, sites...
  local endpoints=$1 key_root=${2%/} site
  shift 2
  [ $# -gt 0 ] || { echo "usage: etcd-secure.sh users ENDPOINTS KEY_ROOT SITE..." >&2; exit 2; }
  [[ $key_root =~ ^/[A-Za-z0-9._/-]+$ ]] || { echo "key root '$key_root' must start with / and hold only A-Z a-z 0-9 . _ - /" >&2; exit 2; }
  for site in "$@"; do check_name "$site"; done
  command -v etcdctl >/dev/null || "$root/infra/local/install-etcd.sh"
  # Generous timeouts: each call as root checks a bcrypt password, slow on a loaded machine.
  export ETCDCTL_API=3 ETCDCTL_ENDPOINTS="$endpoints" ETCDCTL_COMMAND_TIMEOUT=30s ETCDCTL_DIAL_TIMEOUT=10s
  [ -f "$tls/ca.pem" ] && export ETCDCTL_CACERT="$tls/ca.pem"
  local root_password
  root_password=$(cat "$(password_file root)")
  # Before auth is on, etcdctl must not log in (etcd refuses a login then); after, everything runs as root.
  local probe open=0 deadline=$((SECONDS + 30))
  # A member that just started may have no leader yet: wait for an answer, whichever it is.
  until probe=$(etcdctl user list 2>&1) && open=1 || [[ $probe == *"user name is empty"* || $probe == *"permission denied"* ]] || [ $SECONDS -ge $deadline ]; do
    sleep 0.5
  done
  if [ $open = 1 ]; then
    unset ETCDCTL_USER
  elif [[ $probe == *"user name is empty"* || $probe == *"permission denied"* ]]; then
    export ETCDCTL_USER="root:$root_password"
    probe=$(etcdctl user get root 2>&1) || {
      echo "etcd at $endpoints has auth on and refused root with the password in $users/root.password (${probe##*Error: });" \
        "if that file was made anew, start etcd afresh (stack.sh start --fresh)" >&2
      exit 1
    }
  else
    echo "etcd at $endpoints did not answer: ${probe##*Error: }" >&2
    exit 1
  fi
  printf '%s\n' "$root_password" | add_once user add root --interactive=false
  etcdctl user grant-role root root >/dev/null
  for site in "$@"; do
    add_once role add "$site"
    local r=$key_root
    # Read: the whole federation.
    etcdctl role grant-permission "$site" --prefix=true read "$r/" >/dev/null
    # Write, the site's own keys (KeyLayout.SiteOwned): its card (one key: a prefix would also match site-ab), its
    # public keys, dataset locations, claims, announcements, answers, verified results and notifications (prefixes that
    # name the site right after the kind). No prefix is writable by two sites: the round's winner is the earliest
    # signed claim among all sites' own claims, and readers take announcements and results only from that round.
    etcdctl role grant-permission "$site" readwrite "$r/sites/$site" >/dev/null
    local own old
    for own in keys datasets claims rounds answers verified notifications; do
      etcdctl role grant-permission "$site" --prefix=true readwrite "$r/$own/$site/" >/dev/null
    done
    # Roles made by an earlier version of this script could write claims, rounds and verified results of every site.
    local grants
    grants=$(etcdctl role get "$site")
    for old in claims rounds verified; do
      if grep -qF "(prefix $r/$old/)" <<<"$grants"; then
        etcdctl role revoke-permission "$site" --prefix=true "$r/$old/" >/dev/null
      fi
    done
    add_once user add "$site" --interactive=false < "$(password_file "$site")"
    etcdctl user grant-role "$site" "$site" >/dev/null
  done
  if [ -z "${ETCDCTL_USER:-}" ]; then
    etcdctl auth enable >/dev/null
  fi
}

print_env() { # site
  check_name "$1"
  [ -s "$users/$1.password" ] || { echo "no etcd user for site '$1' yet: run etcd-secure.sh users ENDPOINTS KEY_ROOT $1 (or stack.sh site-user $1)" >&2; exit 1; }
  echo "export MAO_ETCD_USER='$1'"
  echo "export MAO_ETCD_PASSWORD_FILE='$users/$1.password'"
  echo "export MAO_ETCD_CA_FILE='$tls/ca.pem'"
}

cmd=${1:-}; shift || true
case $cmd in
  certs) make_certs ;;
  users) setup_users "$@" ;;
  env) [ $# -eq 1 ] || { echo "usage: etcd-secure.sh env SITE" >&2; exit 2; }; print_env "$1" ;;
  *) echo "usage: etcd-secure.sh certs | users ENDPOINTS KEY_ROOT SITE... | env SITE" >&2; exit 2 ;;
esac
