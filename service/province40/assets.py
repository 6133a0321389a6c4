"""Where the packaged RDF lives: ontology/, shapes/ and data/.

In a checkout (editable install) they are the repository's top-level folders; in an installed wheel
they are packaged under ``province40/_assets``. Nothing here reads the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class AssetDirs:
    """The three asset folders and the root they were found under."""

    root: Path
    ontology: Path
    shapes: Path
    data: Path
    in_checkout: bool


def checkout_root() -> Path | None:
    """The repository root when running from a checkout (``service/province40`` inside it)."""
    candidate = _PACKAGE_DIR.parent.parent
    if (candidate / "pyproject.toml").is_file() and (candidate / "ontology").is_dir():
        return candidate
    return None


def asset_dirs() -> AssetDirs:
    """Locate ontology/, shapes/ and data/ (checkout first, then the installed package)."""
    root = checkout_root()
    if root is not None:
        return AssetDirs(root, root / "ontology", root / "shapes", root / "data", in_checkout=True)
    packaged = _PACKAGE_DIR / "_assets"
    return AssetDirs(packaged, packaged / "ontology", packaged / "shapes", packaged / "data", in_checkout=False)


def default_store_dir() -> Path:
    """``var/store`` inside the checkout (git ignores ``var/``), else ``~/.local/share/province40/store``."""
    root = checkout_root()
    if root is not None:
        return root / "var" / "store"
    return Path.home() / ".local" / "share" / "province40" / "store"


def default_tokens_file() -> Path:
    """``var/tokens.json`` inside the checkout (beside the store), else ``~/.local/share/province40/tokens.json``."""
    return default_store_dir().parent / "tokens.json"
