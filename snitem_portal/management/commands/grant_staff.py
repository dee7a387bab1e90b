from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from snitem_portal.users.staff import STAFF_GROUP_NAME, grant_staff


class Command(BaseCommand):
    help = (
        "Make an existing account association staff: admin access and the Staff group's permissions "
        "over the portal's data. The person signs up on the portal first (verified email), then this "
        "command, or an administrator in admin, grants the rights."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="Email address of the account.")

    def handle(self, *args, email, **options):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(
                f"No account with the email {email!r}: sign up on the portal first "
                "(or create an administrator with `python manage.py createsuperuser`)."
            )
        if not user.is_active:
            raise CommandError(f"The account {user.email} is deactivated.")
        grant_staff(user)
        self.stdout.write(self.style.SUCCESS(f"{user.email} is now staff (group {STAFF_GROUP_NAME!r})."))
