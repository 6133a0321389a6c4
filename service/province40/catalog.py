"""Stored planner questions: ``queries/*.rq``, each a valid SPARQL file with a comment header::

    # title: English title
    # title@th: ชื่อภาษาไทย
    # description: What it answers.
    # description@th: คำอธิบาย
    # parameter: province
    #   type: iri
    #   iri: https://w3id.org/province40/id/province/{value}
    #   pattern: ^TH-[0-9]{2}$
    #   example: TH-84
    #   description: ISO 3166-2:TH code of the province
    #   description@th: รหัสจังหวัดตาม ISO 3166-2:TH

The file stem is the question's slug and its URL (``province-plan.rq`` → ``/api/province-plan``). A
parameter binds the SELECT variable of the same name (``master_plan`` → ``?master_plan``) as an RDF
term (:mod:`province40.parameters`), never as text pasted into the query. Parameter types:

* ``iri``: the value, checked against ``pattern``, fills ``{value}`` of the ``iri`` template;
* ``string`` / ``integer``: a literal (an integer is ``xsd:integer``);
* ``choice``: one of ``choices``; the value named by ``unbound`` leaves the variable free.

``required: false`` makes a parameter optional (unbound when absent, or ``default``). A question never
has its own LIMIT or OFFSET: paging is the API's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from province40.errors import ConfigurationError

QUERY_DIR = Path(__file__).resolve().parent / "queries"
_HEADER = re.compile(r"^#\s*(?P<key>[a-z]+)(?:@(?P<lang>[a-z]{2}))?\s*:\s*(?P<value>.+?)\s*$")
_FIELD = re.compile(r"^#\s{2,}(?P<key>[a-z]+)(?:@(?P<lang>[a-z]{2}))?\s*:\s*(?P<value>.*?)\s*$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_SLUG = re.compile(r"^[a-z][a-z0-9-]*$")
_PAGING = re.compile(r"\b(LIMIT|OFFSET)\s+[0-9]", re.IGNORECASE)

ParameterType = Literal["iri", "string", "integer", "choice"]
RESERVED_NAMES = frozenset({"format", "limit", "offset", "lang"})
"""Request parameters every answer takes; no stored question may declare them."""


@dataclass(frozen=True, kw_only=True)
class Parameter:
    """One declared parameter of a stored question."""

    name: str
    type: ParameterType
    pattern: str
    example: str
    description_en: str
    description_th: str
    required: bool = True
    iri_template: str | None = None
    choices: tuple[str, ...] = ()
    default: str | None = None
    unbound: str | None = None

    @property
    def variable(self) -> str:
        """The SPARQL variable the parameter binds (its name)."""
        return self.name


@dataclass(frozen=True, kw_only=True)
class StoredQuery:
    """One stored question: bilingual metadata, declared parameters and the SPARQL text."""

    slug: str
    title_en: str
    title_th: str
    description_en: str
    description_th: str
    text: str
    parameters: tuple[Parameter, ...] = ()

    def title(self, lang: str) -> str:
        """The title in ``lang`` ('th' or 'en')."""
        return self.title_th if lang == "th" else self.title_en

    def description(self, lang: str) -> str:
        """The description in ``lang``."""
        return self.description_th if lang == "th" else self.description_en

    def parameter(self, name: str) -> Parameter | None:
        """The declared parameter called ``name``, if any."""
        return next((p for p in self.parameters if p.name == name), None)


def _parameter(path: Path, name: str, fields: dict[str, str]) -> Parameter:
    where = f"{path.name}: parameter {name!r}"
    if not _NAME.match(name) or name in RESERVED_NAMES:
        raise ConfigurationError(
            f"{where}: a name is lower-case letters, digits and _, not one of {sorted(RESERVED_NAMES)}"
        )
    kind = fields.get("type", "")
    if kind not in ("iri", "string", "integer", "choice"):
        raise ConfigurationError(f"{where}: type must be iri, string, integer or choice, not {kind!r}")
    choices = tuple(fields.get("choices", "").split())
    pattern = fields.get("pattern") or ("^(" + "|".join(map(re.escape, choices)) + ")$" if choices else "")
    if not pattern:
        raise ConfigurationError(f"{where}: give a pattern (or choices)")
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        raise ConfigurationError(f"{where}: the pattern does not compile: {error}") from None
    for key in ("example", "description", "description@th"):
        if not fields.get(key):
            raise ConfigurationError(f"{where}: the header lacks {key}")
    if not compiled.fullmatch(fields["example"]):
        raise ConfigurationError(f"{where}: the example {fields['example']!r} does not match {pattern}")
    template = fields.get("iri")
    if kind == "iri" and (not template or "{value}" not in template):
        raise ConfigurationError(f"{where}: an iri parameter needs an 'iri' template containing {{value}}")
    return Parameter(
        name=name,
        type=kind,  # type: ignore[arg-type]  # checked above
        pattern=pattern,
        example=fields["example"],
        description_en=fields["description"],
        description_th=fields["description@th"],
        required=fields.get("required", "true") != "false",
        iri_template=template,
        choices=choices,
        default=fields.get("default"),
        unbound=fields.get("unbound"),
    )


def parse_query_file(path: Path) -> StoredQuery:
    """Read one ``.rq`` file; a malformed header raises :class:`ConfigurationError` naming the file."""
    text = path.read_text(encoding="utf-8")
    if not _SLUG.match(path.stem):
        raise ConfigurationError(f"{path.name}: a stored question's file name is its URL slug (a-z, 0-9, -)")
    meta: dict[str, str] = {}
    params: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        field = _FIELD.match(line)
        if field and params:
            key = field["key"] + ("@" + field["lang"] if field["lang"] else "")
            params[-1][1][key] = field["value"]
            continue
        match = _HEADER.match(line)
        if match and match["key"] == "parameter":
            params.append((match["value"], {}))
        elif match:
            key = match["key"] + ("@" + match["lang"] if match["lang"] else "")
            meta[key] = match["value"]
    missing = [k for k in ("title", "title@th", "description", "description@th") if k not in meta]
    if missing:
        raise ConfigurationError(f"{path.name}: the header lacks {', '.join(missing)}")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    if _PAGING.search(body):
        raise ConfigurationError(f"{path.name}: a stored question has no LIMIT or OFFSET of its own (the API pages)")
    parameters = tuple(_parameter(path, name, fields) for name, fields in params)
    for parameter in parameters:
        if not re.search(r"SELECT\b[^{]*\?" + parameter.variable + r"\b", body, re.IGNORECASE | re.DOTALL):
            raise ConfigurationError(f"{path.name}: SELECT must project ?{parameter.variable} (parameters bind it)")
    return StoredQuery(
        slug=path.stem,
        title_en=meta["title"],
        title_th=meta["title@th"],
        description_en=meta["description"],
        description_th=meta["description@th"],
        text=text,
        parameters=parameters,
    )


def stored_queries(directory: Path = QUERY_DIR) -> list[StoredQuery]:
    """Every stored question, sorted by slug."""
    return [parse_query_file(path) for path in sorted(directory.glob("*.rq"))]


@cache
def catalog() -> dict[str, StoredQuery]:
    """The packaged questions by slug (read once: they are part of the installed package)."""
    return {q.slug: q for q in stored_queries()}
