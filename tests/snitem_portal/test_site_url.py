import os
import subprocess
import sys

from snitem_portal import devrun

from .test_settings import ROOT


def test_development_site_url_is_the_address_make_run_prints():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SITE_URL"))}

    result = subprocess.run(
        [sys.executable, "-c", "import snitem_portal.settings as s; print(s.SITE_URL, s.CSRF_TRUSTED_ORIGINS)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert (devrun.HOST, devrun.DEFAULT_PORT) == ("127.0.0.1", 8000)
    assert result.stdout.split() == ["http://127.0.0.1:8000", "['http://127.0.0.1:8000']"]
    assert "<http://127.0.0.1:8000/>" in (ROOT / "README.md").read_text()
