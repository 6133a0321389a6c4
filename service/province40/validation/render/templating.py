"""The Jinja2 environment of the report templates (``validation/render/templates/``).

Autoescaping is on for every template (HTML and SVG alike), so names and messages taken from the
data can never inject markup; every string the templates print is normalised to Unicode NFC (Thai
text typed on some systems arrives decomposed). Nothing is fetched: templates load from the package.
"""

from __future__ import annotations

import functools
import unicodedata
from importlib.resources import files

from jinja2 import Environment, FunctionLoader


def _nfc(value: object) -> object:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def _load(name: str) -> str:
    return (files("province40.validation.render") / "templates" / name).read_text(encoding="utf-8")


@functools.cache
def template_environment() -> Environment:
    """The shared environment (built on first use, never at import time)."""
    env = Environment(
        loader=FunctionLoader(_load),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.finalize = _nfc
    return env
