"""The deployment files: compose.yaml parsed, Dockerfile checked, .env.example complete."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def test_compose_has_the_bot_and_postgres_16_with_volume_and_healthchecks() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"bot", "db"}
    db, bot = services["db"], services["bot"]
    assert db["image"].startswith("postgres:16")
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert bot["build"] == "."
    assert bot["env_file"] == ".env"
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    url = bot["environment"]["THIDUABOT_DATABASE_URL"]
    assert url.startswith("postgresql://") and "@db:5432/" in url
    port = bot["environment"]["THIDUABOT_HTTP_PORT"]
    assert any(p.endswith(f":{port}") for p in bot["ports"])
    assert f":{port}/healthz" in " ".join(bot["healthcheck"]["test"])


def test_dockerfile_is_slim_non_root_and_runs_the_bot() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    assert re.match(r"FROM python:3\.1[1-9]-slim$", lines[0])
    users = [ln for ln in lines if ln.startswith("USER ")]
    assert users and users[-1].split()[1] not in ("root", "0")
    assert lines.index(users[-1]) < lines.index('ENTRYPOINT ["thiduabot"]')
    assert 'CMD ["run"]' in lines
    for line in lines:  # every file copied into the image exists here
        if line.startswith("COPY "):
            for src in line.split()[1:-1]:
                assert (ROOT / src).exists(), src
    assert "pip install -r requirements.txt" in text  # the lock file, not loose ranges


def test_env_example_lists_every_setting_and_loads() -> None:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    names = set(re.findall(r"^#? ?(THIDUABOT_[A-Z_]+)=", text, re.M))
    expected = {f"THIDUABOT_{name.upper()}" for name in Settings.model_fields}
    assert names == expected
    loaded = Settings(_env_file=ROOT / ".env.example")  # type: ignore[call-arg]
    assert loaded.http_port is None and loaded.zalo_webhook_secret is None


def test_lock_files_pin_every_dependency() -> None:
    for name in ("requirements.txt", "requirements-dev.txt"):
        pins = [
            ln.split("==")[0].lower()
            for ln in (ROOT / name).read_text(encoding="utf-8").splitlines()
            if ln and not ln.startswith((" ", "#"))
        ]
        assert pins and all("==" in ln or ln.startswith(("-", " ", "#")) or not ln
                            for ln in (ROOT / name).read_text(encoding="utf-8").splitlines())
        for needed in ("sqlalchemy", "sqlmodel", "numpy", "prometheus-client"):
            assert needed in pins, (name, needed)
    dev = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").lower()
    assert "ruff==" in dev and "mypy==" in dev and "pytest==" in dev
