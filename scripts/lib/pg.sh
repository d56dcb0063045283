# A private Postgres cluster for the RUN and TEST commands: inside the project directory
# (git-ignored), on a Unix socket only, no system service. Sourced after setup.sh.
#
#   start_private_pg NAME [extra postgres -c options...]
# starts (or reuses) the cluster NAME and sets PG_SOCKET_DIR, PG_PORT and PG_BASE_URL
# (a URL without the database name). Its data stays between runs.

PG_PORT=5432

pg_cluster_dir() {
  local name=$1 dir="$ROOT/.pgdata/$name"
  # The socket path must stay short (Unix sockets: 107 bytes), and as root the server runs
  # as the postgres user, which must be able to reach the directory (a clone under /root
  # cannot be reached). Otherwise fall back to a directory under /var/tmp named after the
  # project's path, and say so.
  local fallback="/var/tmp/to-cong-tac-pg-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)/$name"
  if [ ${#dir} -gt 80 ]; then
    dir=$fallback
  elif [ "$(id -u)" = 0 ]; then
    mkdir -p "$ROOT/.pgdata"
    if ! runuser -u postgres -- test -x "$ROOT/.pgdata" 2>/dev/null; then
      dir=$fallback
    fi
  fi
  printf '%s' "$dir"
}

pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_private_pg() {
  local name=$1; shift
  local dir; dir=$(pg_cluster_dir "$name")
  case "$dir" in "$ROOT"/*) ;; *) say "Postgres cluster for '$name' lives in $dir (the project directory is not reachable for the postgres user or its path is too long)";; esac
  if [ "$(id -u)" = 0 ]; then
    install -d -o postgres -m 700 "$dir"
  else
    mkdir -p "$dir"; chmod 700 "$dir"
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    say "initdb $dir/data"
    pg_as_owner "$PG_BIN/initdb" -D "$dir/data" -A trust -U app -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  local opts="-k $dir -p $PG_PORT -c listen_addresses='' -c max_connections=200"
  for o in "$@"; do opts="$opts -c $o"; done
  if ! pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    say "starting Postgres ($name)"
    pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -o "$opts" -w start >/dev/null
    PG_STARTED_HERE=1
  fi
  PG_SOCKET_DIR=$dir
  PG_DATA_DIR=$dir/data
  PG_BASE_URL="postgres://app@localhost"
  PG_URL_PARAMS="host=$dir&port=$PG_PORT"
}

stop_private_pg() {
  if [ -n "${PG_STARTED_HERE:-}" ] && [ -n "${PG_DATA_DIR:-}" ]; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA_DIR" -m fast stop >/dev/null 2>&1 || true
  fi
}

# A URL for database DB on the private cluster.
pg_url() {
  printf '%s/%s?%s' "$PG_BASE_URL" "$1" "$PG_URL_PARAMS"
}

# psql against the private cluster's maintenance database.
pg_psql() {
  psql -q -v ON_ERROR_STOP=1 "$(pg_url postgres)" "$@"
}
