"""python manage.py triage_vignettes PATH [--check]: run the classifier over vignette lines."""

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from symptoms.triage.vignettes import Vignette, read_vignettes


class Command(BaseCommand):
    help = (
        "Classify every vignette in a JSON-lines file (shared/vignettes/dev.jsonl format) and "
        "print one JSON line per vignette. With --check, compare with each 'expected' level."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path, help="JSON-lines file of vignettes")
        parser.add_argument(
            "--check",
            action="store_true",
            help="print 'N passed, N failed' and fail if any expected level differs",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        passed = failed = 0
        for vignette in self._read(options["path"]):
            triage = vignette.classify()
            result = {"id": vignette.id, "level": triage.level, "rules": list(triage.rules)}
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            if vignette.expected is not None:
                if triage.level == vignette.expected:
                    passed += 1
                else:
                    failed += 1
        if options["check"]:
            self.stdout.write(f"{passed} passed, {failed} failed")
            if failed:
                raise CommandError(f"{failed} vignette(s) did not get the expected level")

    def _read(self, path: Path) -> list[Vignette]:
        try:
            with path.open(encoding="utf-8") as lines:
                return list(read_vignettes(lines))
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error}") from error
        except ValueError as error:
            raise CommandError(f"{path}: {error}") from error
