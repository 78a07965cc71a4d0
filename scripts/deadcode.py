"""List code nothing uses: functions, classes, methods, properties, imports, unreachable lines.

Runs vulture over the project (not its tests: code that only a test calls is dead too).
Names Django reaches by other means count as used:
- a word in a template tag or variable (``{{ provider.is_independent }}``);
- the last part of a dotted path in a string of reach/settings.py or reach/urls.py
  (middleware, authentication backends, error handlers);
- the names in scripts/deadcode_whitelist.py, each with why it is used.
Class-body assignments (model fields, Meta, form and admin options) are not reported:
Django reads them by name.

    python scripts/deadcode.py    # prints each hit; exit status 1 when there is one
"""

import re
import sys
from pathlib import Path

import vulture

ROOT = Path(__file__).resolve().parent.parent
EXCLUDE = [
    ".venv",
    "node_modules",
    "static",
    "staticfiles",
    "var",
    "*/migrations/*",
    "tests",
]
REPORTED = {"function", "method", "class", "property", "import", "unreachable_code"}
MIN_CONFIDENCE = 60

# Django and its libraries call these by convention, never by name in our code.
CONVENTIONS = [
    "Command",
    "add_arguments",
    "handle",
    "ready",
    "clean_*",
    "*Config",
    "*Admin",
    "has_*_permission",
    "Meta",
    "get_security_definition",
    "authenticate_header",
    "to_python",
    "to_url",
    "get_by_natural_key",
    "_get_session_auth_hash",
]
DECORATORS = ["@public", "@signed_in", "@requires", "@register.*", "@receiver", "@admin.register"]

_TEMPLATE_CODE = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.S)
_WORD = re.compile(r"[A-Za-z_]\w*")
_DOTTED = re.compile(r"[\"']((?:\w+\.)+(\w+))[\"']")


def template_words() -> set[str]:
    words: set[str] = set()
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        for match in _TEMPLATE_CODE.finditer(path.read_text(encoding="utf-8")):
            words.update(_WORD.findall(match.group(1) or match.group(2)))
    return words


def dotted_names() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "reach" / "settings.py", ROOT / "reach" / "urls.py"):
        names.update(match.group(2) for match in _DOTTED.finditer(path.read_text()))
    return names


def main() -> int:
    finder = vulture.Vulture(
        ignore_names=[*CONVENTIONS, *template_words(), *dotted_names()],
        ignore_decorators=DECORATORS,
    )
    finder.scavenge(
        [str(ROOT), str(ROOT / "scripts" / "deadcode_whitelist.py")],
        exclude=[str(ROOT / pattern) for pattern in EXCLUDE],
    )
    hits = [
        item
        for item in finder.get_unused_code(min_confidence=MIN_CONFIDENCE, sort_by_size=False)
        if item.typ in REPORTED
    ]
    for item in hits:
        print(item.get_report().replace(str(ROOT) + "/", ""))
    print(f"{len(hits)} unused" if hits else "no unused code found")
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
