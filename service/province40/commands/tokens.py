"""``province40 token add | list | revoke``: province-scoped import tokens (see :mod:`province40.tokens`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _file(args: argparse.Namespace) -> Path:
    if args.tokens_file is not None:
        return Path(args.tokens_file)
    from province40.settings import get_settings

    return get_settings().tokens_file


def _cmd_add(args: argparse.Namespace) -> int:
    from province40.tokens import TokenFile

    tokens = TokenFile(_file(args))
    secret = tokens.add(args.name, args.province)
    print(secret)
    print(
        f"province40: token {args.name!r} for {', '.join(p.upper() for p in args.province)} added to {tokens.path}; "
        "it is shown only now (the file keeps its SHA-256)",
        file=sys.stderr,
    )
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    from province40.tokens import TokenFile

    entries = TokenFile(_file(args)).entries()
    if args.format == "json":
        sys.stdout.write(json.dumps([e.public() for e in entries], ensure_ascii=False, indent=2) + "\n")
        return 0
    for entry in entries:
        state = f"revoked {entry.revoked}" if entry.revoked else "active"
        print(f"{entry.name}\t{entry.scope()}\tcreated {entry.created}\t{state}")
    return 0


def _cmd_revoke(args: argparse.Namespace) -> int:
    from province40.tokens import TokenFile

    entry = TokenFile(_file(args)).revoke(args.name)
    print(f"province40: token {entry.name!r} revoked ({entry.revoked})", file=sys.stderr)
    return 0


def add_token_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``token`` with its three verbs."""
    token = commands.add_parser(
        "token",
        help="manage province-scoped import tokens",
        description="Tokens a province office uses to import its own plans over HTTP (POST /api/plans/{code}/imports). "
        "They are kept hashed in the tokens file (setting tokens_file, default var/tokens.json); a scoped token cannot "
        "run SPARQL Update or Graph Store writes.",
    )
    verbs = token.add_subparsers(dest="verb", required=True, metavar="VERB")
    add = verbs.add_parser("add", help="create a token and print it (once)")
    add.add_argument("name", help="who the token is for, e.g. 'Surat Thani provincial office'; recorded on each import")
    add.add_argument(
        "--province", action="append", required=True, metavar="CODE", help="a province it may import; repeatable"
    )
    add.set_defaults(handler=_cmd_add)
    listing = verbs.add_parser("list", help="list tokens (names, provinces, dates; never the tokens)")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=_cmd_list)
    revoke = verbs.add_parser("revoke", help="revoke a token by name")
    revoke.add_argument("name")
    revoke.set_defaults(handler=_cmd_revoke)
    for parser in (add, listing, revoke):
        parser.add_argument("--tokens-file", metavar="FILE", help="the tokens file (default: setting tokens_file)")
