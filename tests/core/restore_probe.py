"""Restores into a new database, run as their own process: Django reads its database
settings once, and the restore must meet a database that is empty and migrated, as in
real use. tests/core/test_backup.py runs this and reads its last line (JSON).

Arguments: the assessor's email, then backup files to restore one after another. For
each, whether it was restored (or the message refusing it) and how many rows the
database then holds beyond what `migrate` made; at the end, the national figures.
"""

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def figures(email: str) -> str:
    """Every area's figures as the assessor's national export gives them, as one digest."""
    from accounts.models import User
    from monitoring.national_figures import export_records
    from returns.models import Period

    records = export_records(User.objects.get(email=email), list(Period.objects.order_by("pk")))
    text = json.dumps(records, default=str, sort_keys=True)
    return f"{len(records)} {hashlib.sha256(text.encode()).hexdigest()}"


def rows_held() -> int:
    from core.backup import SEEDED, _models

    return sum(m._base_manager.count() for m in _models() if m._meta.label_lower not in SEEDED)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import CommandError, call_command

    call_command("migrate", verbosity=0, interactive=False)
    email, *files = sys.argv[1:]
    attempts = []
    for file in files:
        try:
            call_command("restore", file, verbosity=0)
            outcome = "restored"
        except CommandError as error:
            outcome = str(error)
        attempts.append({"file": Path(file).name, "outcome": outcome, "rows": rows_held()})
    print(json.dumps({"attempts": attempts, "figures": figures(email)}))


if __name__ == "__main__":
    main()
