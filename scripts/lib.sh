# shellcheck shell=bash
# Shared by scripts/run-demo, scripts/run-tests and the benchmarks:
# find an installed Odoo 19 and run a throwaway PostgreSQL cluster of our own.
#
# Environment knobs (all optional):
#   ODOO_PATH     Odoo 19 source tree (the folder with odoo-bin) when `import odoo` fails
#   ODOO_PYTHON   Python interpreter that can import odoo (default: python3)
#   AR_PG_DIR     where the throwaway cluster lives (default: .local/pg in the repository)
#   AR_PG_PORT    its port (default: 54329)

AR_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
AR_MODULE=account_receivable_management
AR_LOCAL="$AR_REPO/.local"
AR_PG_PORT=${AR_PG_PORT:-54329}
AR_PG_DIR=${AR_PG_DIR:-$AR_LOCAL/pg}
ODOO_PYTHON=${ODOO_PYTHON:-python3}
if [ -n "${ODOO_PATH:-}" ]; then
    export PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}"
fi

ar_say() { printf '%s\n' "$*" >&2; }

# Sets AR_ODOO_ADDONS (the addons path Odoo needs, ours included) and
# returns 1 with one clear sentence when no Odoo 19 can be imported.
ar_find_odoo() {
    local out
    if ! out=$("$ODOO_PYTHON" - 2>/dev/null <<'PY'
import importlib.util, os
import odoo.release
if odoo.release.version_info[0] != 19:
    raise SystemExit(2)
paths = []
if importlib.util.find_spec("odoo.addons.account") is None:
    # a source install keeps its addons beside the odoo package; addons
    # installed from wheels add other folders to odoo.__path__
    for package_dir in odoo.__path__:
        addons = os.path.join(os.path.dirname(package_dir), "addons")
        if os.path.isdir(os.path.join(addons, "account")) and addons not in paths:
            paths.append(addons)
print(",".join(paths))
PY
    ); then
        ar_say "Odoo 19 was not found: '$ODOO_PYTHON' cannot import odoo 19.0; install Odoo 19 into that Python, or point ODOO_PATH at an Odoo 19 source tree (the folder holding odoo-bin), or ODOO_PYTHON at a Python that imports it."
        return 1
    fi
    # Odoo finds addons by folder name: expose this repository as $AR_MODULE.
    # The link lives outside the repository, or Odoo's translation export
    # would walk into the repository again through it.
    local links="${TMPDIR:-/tmp}/${AR_MODULE}-addons-$(printf '%s' "$AR_REPO" | md5sum | cut -c1-8)"
    mkdir -p "$links" "$AR_LOCAL"
    ln -sfn "$AR_REPO" "$links/$AR_MODULE"
    AR_ODOO_ADDONS="$links${out:+,$out}"
    export AR_ODOO_ADDONS
}

# Runs Odoo's command line with the cluster and addons path filled in.
ar_odoo() {
    local sub=()
    case "${1:-}" in shell | db | i18n | module | neutralize) sub=("$1"); shift ;; esac
    # Run from a neutral folder: the repository root on sys.path would make
    # `engine` importable as a top-level package and hide wrong imports.
    (cd "$AR_LOCAL" && "$ODOO_PYTHON" -m odoo "${sub[@]}" --addons-path="$AR_ODOO_ADDONS" \
        --db_host="$AR_PG_SOCKET" --db_port="$AR_PG_PORT" --db_user=odoo \
        --data-dir="$AR_LOCAL/filestore" "$@")
}

_ar_pg_bin() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
        [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
    done
    command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
    return 1
}

# As root, PostgreSQL must run as an unprivileged user: Debian's `postgres`.
_ar_as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Starts (or reuses) the throwaway cluster; sets AR_PG_SOCKET.
ar_pg_up() {
    local bin
    if ! bin=$(_ar_pg_bin); then
        ar_say "PostgreSQL server binaries were not found: install Debian's 'postgresql' package (apt-get install postgresql)."
        return 1
    fi
    mkdir -p "$AR_PG_DIR"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$AR_PG_DIR"
        # the postgres user must reach the folder; a private checkout may forbid it
        if ! runuser -u postgres -- test -w "$AR_PG_DIR"; then
            AR_PG_DIR="/tmp/${AR_MODULE}-pg-$(printf '%s' "$AR_REPO" | md5sum | cut -c1-8)"
            mkdir -p "$AR_PG_DIR" && chown postgres: "$AR_PG_DIR"
        fi
    fi
    AR_PG_SOCKET="$AR_PG_DIR/run"
    export AR_PG_SOCKET AR_PG_DIR
    if [ ! -f "$AR_PG_DIR/data/PG_VERSION" ]; then
        _ar_as_pg "$bin/initdb" -D "$AR_PG_DIR/data" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >"$AR_PG_DIR/initdb.log" 2>&1 ||
            { ar_say "initdb failed, see $AR_PG_DIR/initdb.log"; return 1; }
    fi
    _ar_as_pg mkdir -p "$AR_PG_SOCKET"
    if ! _ar_as_pg "$bin/pg_ctl" -D "$AR_PG_DIR/data" status >/dev/null 2>&1; then
        _ar_as_pg "$bin/pg_ctl" -D "$AR_PG_DIR/data" -l "$AR_PG_DIR/server.log" -w -t 60 start \
            -o "-p $AR_PG_PORT -k $AR_PG_SOCKET -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=512MB -c max_connections=200" >/dev/null ||
            { ar_say "PostgreSQL did not start, see $AR_PG_DIR/server.log"; return 1; }
    fi
}

ar_pg_down() {
    local bin
    bin=$(_ar_pg_bin) || return 0
    [ -n "${AR_PG_DIR:-}" ] && [ -d "$AR_PG_DIR/data" ] &&
        _ar_as_pg "$bin/pg_ctl" -D "$AR_PG_DIR/data" -m fast stop >/dev/null 2>&1
    return 0
}

ar_psql() {
    psql -h "$AR_PG_SOCKET" -p "$AR_PG_PORT" -U odoo -X -q "$@"
}

ar_dropdb() {
    ar_psql -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null
    rm -rf "$AR_LOCAL/filestore/filestore/$1"
}

# Writes an Odoo configuration file for database $1 (cluster, addons path,
# filestore) and prints its path: pytest-odoo's --odoo-config, or
# `python3 -m odoo -c FILE` by hand.
ar_odoo_config() {
    local conf="$AR_LOCAL/odoo-$1.conf"
    cat >"$conf" <<CONF
[options]
addons_path = $AR_ODOO_ADDONS
db_host = $AR_PG_SOCKET
db_port = $AR_PG_PORT
db_user = odoo
db_name = $1
data_dir = $AR_LOCAL/filestore
CONF
    printf '%s\n' "$conf"
}

# The addon's folder as Odoo imports it (odoo.addons.$AR_MODULE): pytest-odoo
# names test modules after the folder, which need not be the checkout's name.
ar_addon_dir() {
    printf '%s\n' "${AR_ODOO_ADDONS%%,*}/$AR_MODULE"
}
