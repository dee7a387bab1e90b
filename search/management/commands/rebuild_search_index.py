from django.core.management.base import BaseCommand, CommandError

from search import registry
from search.indexing import rebuild


class Command(BaseCommand):
    help = (
        "Write every entry of the search index again from the objects (in chunks), and drop the entries "
        "of objects gone. Texts extracted from files are kept while the file is the same."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", dest="kinds", help="Only this kind (repeatable).")

    def handle(self, *args, kinds: list[str] | None = None, **options):
        unknown = sorted(set(kinds or []) - set(registry.kinds()))
        if unknown:
            raise CommandError(f"Unknown kind(s): {', '.join(unknown)}. Known: {', '.join(registry.kinds())}.")
        counts = rebuild(kinds)
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {sum(counts.values())} entries."))
