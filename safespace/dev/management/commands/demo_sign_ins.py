from typing import Any

from django.core.management.base import BaseCommand

from safespace.dev.demo import accounts as demo


class Command(BaseCommand):
    help = "Print the demo sign-ins (all fictional), as `make run` shows them."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Demo sign-ins (fictional people; every password is the same):")
        for role, name, email in demo.sign_ins():
            self.stdout.write(f"  {role:<36} {name:<16} {email}")
        self.stdout.write(f"  Password: {demo.DEMO_PASSWORD}")
        self.stdout.write(
            f"  Two-factor secret for your authenticator app: {demo.DEMO_TOTP_SECRET}"
        )
        self.stdout.write("  Or print the current code: .venv/bin/python manage.py demo_code")
