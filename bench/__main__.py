"""Run every benchmark module and rewrite docs/benchmarks.md.

Each module `bench/bench_<name>.py` defines `TITLE` (a heading) and `run() -> str`, which
measures and returns the Markdown body of its section. `python -m bench name ...` runs only
the named modules and keeps the other sections of the document as they were.

Benchmarks need PostgreSQL: set DATABASE_URL (the Makefile's `bench` target does, from the
local server, when it is unset). They create and drop their own database `<name>_bench`.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\n"
    "Measured by `make bench` (the modules under `bench/`) on PostgreSQL. Each section says what\n"
    "it measures, how, on which machine, and the goal. Re-run to refresh a section:\n"
    "`make bench` runs all, `.venv/bin/python -m bench <name>` one.\n"
)
SECTION = re.compile(
    r"^<!-- bench:(?P<name>[a-z_]+) -->\n(?P<body>.*?)^<!-- /bench:(?P=name) -->\n", re.M | re.S
)


def _modules() -> list[str]:
    here = Path(__file__).resolve().parent
    return sorted(
        m.name[len("bench_") :] for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_")
    )


def _existing_sections() -> dict[str, str]:
    if not DOC.exists():
        return {}
    return {m["name"]: m.group(0) for m in SECTION.finditer(DOC.read_text())}


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("Benchmarks run on PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    import django

    django.setup()
    wanted = argv or _modules()
    sections = _existing_sections()
    for name in wanted:
        module = importlib.import_module(f"bench.bench_{name}")
        print(f"== {module.TITLE}", flush=True)
        body = module.run().rstrip() + "\n"
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        sections[name] = (
            f"<!-- bench:{name} -->\n## {module.TITLE}\n\n_Measured {stamp}._\n\n"
            f"{body}<!-- /bench:{name} -->\n"
        )
        print(body)
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(HEADER + "".join("\n" + sections[n] for n in sorted(sections)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
