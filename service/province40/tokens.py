"""Province-scoped import tokens, kept hashed in the file the settings point to (``tokens_file``).

A province office gets a token scoped to its province(s): it may import those provinces' plans and
nothing else (no SPARQL Update, no Graph Store writes: those stay with the administrator's
``update_token``). The file holds each token's name, provinces, creation time, revocation time and the
SHA-256 of the token, never the token itself (a token is 32 random bytes, so a plain SHA-256 cannot
be reversed by guessing). Presented tokens are compared with every entry in constant time. The file is
re-read when it changes, so ``province40 token revoke`` takes effect at once on a running service.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from province40.errors import ConfigurationError, ParameterError
from province40.namespaces import ISO_CODE_PATTERN

TOKEN_PREFIX = "p40_"  # noqa: S105 - a visible prefix, not a secret


@dataclass(frozen=True, kw_only=True)
class TokenEntry:
    """One token as the file keeps it."""

    name: str
    provinces: tuple[str, ...]
    sha256: str
    created: str
    revoked: str | None = None

    def scope(self) -> str:
        """The provinces, e.g. ``TH-84, TH-85``."""
        return ", ".join(self.provinces)

    def public(self) -> dict[str, object]:
        """What ``token list`` shows (no digest)."""
        return {"name": self.name, "provinces": list(self.provinces), "created": self.created, "revoked": self.revoked}


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokenFile:
    """The tokens file: read (cached by modification time), add, revoke, verify."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cache: tuple[tuple[int, int], tuple[TokenEntry, ...]] | None = None
        self._lock = threading.Lock()

    def entries(self) -> tuple[TokenEntry, ...]:
        """Every token (revoked ones included); none when the file does not exist."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return ()
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if self._cache is not None and self._cache[0] == stamp:
                return self._cache[1]
            try:
                raw = json.loads(self.path.read_text(encoding="utf-8"))
                entries = tuple(
                    TokenEntry(
                        name=e["name"],
                        provinces=tuple(e["provinces"]),
                        sha256=e["sha256"],
                        created=e["created"],
                        revoked=e.get("revoked"),
                    )
                    for e in raw["tokens"]
                )
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise ConfigurationError(f"{self.path}: not a province40 tokens file ({error})") from None
            self._cache = (stamp, entries)
            return entries

    def _write(self, entries: tuple[TokenEntry, ...]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        staging = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        body = json.dumps({"tokens": [asdict(e) for e in entries]}, ensure_ascii=False, indent=2) + "\n"
        descriptor = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(body)
        os.replace(staging, self.path)

    def add(self, name: str, provinces: list[str]) -> str:
        """Create a token; returns the secret (shown once, never stored)."""
        name = name.strip()
        if not name or len(name) > 100:
            raise ParameterError("a token needs a name (at most 100 characters)", parameter="name")
        codes = tuple(dict.fromkeys(p.strip().upper() for p in provinces))
        bad = [c for c in codes if not ISO_CODE_PATTERN.match(c)]
        if not codes or bad:
            raise ParameterError(
                f"give the token's provinces as ISO codes such as TH-84 (not {', '.join(bad) or 'none'})",
                parameter="province",
            )
        entries = self.entries()
        if any(e.name == name for e in entries):
            raise ParameterError(f"a token named {name!r} exists already (names are never reused)", parameter="name")
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        created = datetime.now(UTC).replace(microsecond=0).isoformat()
        self._write((*entries, TokenEntry(name=name, provinces=codes, sha256=_digest(secret), created=created)))
        return secret

    def revoke(self, name: str) -> TokenEntry:
        """Revoke a token by name (kept in the file, so its imports stay attributed)."""
        entries = self.entries()
        found = next((e for e in entries if e.name == name), None)
        if found is None:
            raise ParameterError(f"no token named {name!r} in {self.path}", parameter="name")
        if found.revoked:
            return found
        revoked = TokenEntry(
            **{
                **asdict(found),
                "provinces": found.provinces,
                "revoked": datetime.now(UTC).replace(microsecond=0).isoformat(),
            }
        )
        self._write(tuple(revoked if e.name == name else e for e in entries))
        return revoked

    def verify(self, token: str) -> TokenEntry | None:
        """The entry of a presented token (revoked ones too), comparing digests in constant time."""
        presented = _digest(token)
        match: TokenEntry | None = None
        for entry in self.entries():
            if hmac.compare_digest(presented, entry.sha256):
                match = entry
        return match
