import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from snitem_portal.users.staff import ensure_staff_group


class Command(BaseCommand):
    help = (
        "Load the sourced reference data (working groups, 2019 roadmap, past Health Data Hub "
        "calls) and the Staff group's permissions. Idempotent: running it again updates records in place."
    )

    def handle(self, *args, **options):
        with open(settings.REFERENCE_FACTS_PATH, encoding="utf-8") as handle:
            facts = json.load(handle)
        with transaction.atomic():
            ensure_staff_group()
            for path in settings.REFERENCE_DATA_LOADERS:
                import_string(path)(facts=facts, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
