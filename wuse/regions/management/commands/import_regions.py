from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wuse.audit.services import audit_record
from wuse.regions.importer import RegionImportError, import_regions_text


class Command(BaseCommand):
    help = "Import an administrative-division CSV (code,name,level,parent_code). All rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"{file}: no such file") from None
        except UnicodeDecodeError as exc:
            raise CommandError(f"{file}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8") from None
        try:
            result = import_regions_text(text)
        except RegionImportError as exc:
            for message in exc.errors:
                self.stderr.write(f"{file}: {message}")
            raise CommandError(f"{len(exc.errors)} bad row(s); nothing was imported from {file}") from None
        audit_record(action="regions.import", target=None, detail={
            "file": file.name, "created": result.created, "updated": result.updated})
        self.stdout.write(self.style.SUCCESS(
            f"{file.name}: {result.created} created, {result.updated} updated, {result.unchanged} unchanged"))
