"""The frames cache's seal: an HMAC of its manifest under a key kept outside the data folder. No Streamlit.

The manifest lists the sha256 of every Parquet file written with it, and carries an HMAC of itself under a
key kept outside the data folder (per user, ~/.cache/ceasefire-monitor/cache-key, mode 0600). A Parquet file
rewritten after the fact (a poisoned summary) fails its digest; a manifest rewritten to match fails the HMAC
unless its writer can also read this user's key. A cache that fails either is not served: the YAML is
validated instead, and the app then writes a fresh cache over the bad one. The trust boundary is in
docs/DEPLOY.md.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

KEY_ENV = "CEASEFIRE_CACHE_KEY_FILE"
_process_key = secrets.token_bytes(32)  # when no key file can be kept: caches then live as long as the process


def _key_file() -> Path:
    if os.environ.get(KEY_ENV):
        return Path(os.environ[KEY_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ceasefire-monitor" / "cache-key"


def _seal_key() -> bytes:
    path = _key_file()
    try:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(32))
        return path.read_bytes()
    except FileExistsError:  # another process created it meanwhile
        try:
            return path.read_bytes()
        except OSError:
            return _process_key
    except OSError:
        return _process_key


def _seal(manifest: dict) -> str:
    body = json.dumps({k: v for k, v in manifest.items() if k != "seal"}, sort_keys=True, ensure_ascii=False)
    return hmac.new(_seal_key(), body.encode("utf-8"), hashlib.sha256).hexdigest()


def _file_digest(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
