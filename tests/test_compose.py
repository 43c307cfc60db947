"""docker-compose.yml and the Dockerfile agree with each other and with the settings.

No Docker engine is needed: the files are parsed, compose's ``${VAR...}`` interpolation is
reproduced for the forms the file uses, and the resulting environment is handed to the real
production settings in a subprocess.
"""

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
APP_SERVICES = ("web", "worker", "beat")
REQUIRED_VARIABLES = {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "PII_ENCRYPTION_KEYS",
                      "PII_INDEX_KEY"}
SECRET_KEY = "k7Qz-2vN9xLp4TrW8mYc1HbF6sJd3GaE0uKo5iZ-qX7wVn2Rt9PyB4eM6hDf8S"
OPERATOR_ENV = {  # what an operator puts in .env: only the variables the file marks as required
    "SECRET_KEY": SECRET_KEY,
    "POSTGRES_PASSWORD": "0f3a9c2e7b1d",
    "WUSE_APP_DB_PASSWORD": "7c1e5a9b3d2f",
    "ALLOWED_HOSTS": "wuse.example.gov.cn",
    "PII_ENCRYPTION_KEYS": "LC6FD5j8AyPtS0cLGwUjYBH7pzeVsFdiiCngjUDv2C8=",
    "PII_INDEX_KEY": "index-key-0123456789-abcdefghij-ABCDEFGHIJ",
}


# --- helpers -------------------------------------------------------------------------------


def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def service(name: str) -> dict:
    return compose()["services"][name]


def environment_of(name: str) -> dict[str, str]:
    raw = service(name).get("environment") or {}
    if isinstance(raw, list):
        pairs = (item.split("=", 1) for item in raw)
        return {pair[0]: (pair[1] if len(pair) > 1 else "") for pair in pairs}
    return {key: "" if value is None else str(value) for key, value in raw.items()}


def command_tokens(name: str) -> list[str]:
    """The service's command as words; a ``sh -c "…"`` script is split into its words too."""
    command = service(name).get("command") or []
    if isinstance(command, str):
        return shlex.split(command)
    tokens: list[str] = []
    for part in command:
        tokens.extend(shlex.split(part) if " " in str(part) else [str(part)])
    return tokens


def contains_run(tokens: list[str], run: list[str]) -> bool:
    return any(tokens[i : i + len(run)] == run for i in range(len(tokens) - len(run) + 1))


def option_value(tokens: list[str], *names: str) -> str | None:
    for index, token in enumerate(tokens):
        if token in names and index + 1 < len(tokens):
            return tokens[index + 1]
        for option in names:
            if option.startswith("--") and token.startswith(option + "="):
                return token.split("=", 1)[1]
    return None


def runs_beat(tokens: list[str]) -> bool:
    return "celery" in tokens and ("beat" in tokens or "-B" in tokens or "--beat" in tokens)


class MissingVariable(Exception):
    pass


_INTERPOLATION = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def interpolate(value: str, variables: dict[str, str]) -> str:
    """compose's ``$$``, ``$VAR``, ``${VAR}``, ``${VAR:-default}``, ``${VAR-default}``, ``${VAR:?err}``."""

    def replace(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name = match.group(1) or match.group(4)
        operator, argument = match.group(2), match.group(3) or ""
        current = variables.get(name)
        unset_or_empty = current is None or current == ""
        if operator == ":-":
            return argument if unset_or_empty else current
        if operator == "-":
            return argument if current is None else current
        if operator == ":?" and unset_or_empty or operator == "?" and current is None:
            raise MissingVariable(f"{name}: {argument}")
        return current or ""

    return _INTERPOLATION.sub(replace, value)


def clean_env(overrides: dict[str, str]) -> dict[str, str]:
    """os.environ without anything the settings (or Django) would read, plus ``overrides``."""
    settings_dir = ROOT / "wuse" / "settings"
    names = set()
    for path in settings_dir.glob("*.py"):
        names.update(re.findall(r"env_\w+\(\s*\"([A-Z][A-Z0-9_]*)\"", path.read_text(encoding="utf-8")))
    result = {key: value for key, value in os.environ.items() if key not in names and not key.startswith("DJANGO_")}
    result.update(overrides)
    return result


@pytest.fixture(scope="module")
def known_variables() -> set[str]:
    """Every variable name production settings read, as recorded by env.KNOWN at import."""
    code = (
        "import json, wuse.settings.production; from wuse.settings.env import KNOWN; print(json.dumps(sorted(KNOWN)))"
    )
    environment = clean_env(
        {
            "SECRET_KEY": SECRET_KEY,
            "DATABASE_URL": "postgres://u:p@db.example:5432/wuse",
            "REDIS_URL": "redis://cache.example:6379/0",
            "PII_ENCRYPTION_KEYS": OPERATOR_ENV["PII_ENCRYPTION_KEYS"],
            "PII_INDEX_KEY": OPERATOR_ENV["PII_INDEX_KEY"],
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def gunicorn_port() -> int:
    bind = option_value(command_tokens("web"), "--bind", "-b")
    assert bind, "web's gunicorn has no --bind"
    return int(bind.rsplit(":", 1)[1])


# --- the compose file ----------------------------------------------------------------------


def test_it_parses_and_has_the_five_services():
    services = compose()["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)


def test_postgres_is_15_with_a_volume_and_pg_isready_healthcheck():
    postgres = service("postgres")
    assert postgres["image"].startswith("postgres:15")
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in postgres["volumes"])
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])


def test_redis_is_7_with_appendonly_and_a_healthcheck():
    redis = service("redis")
    assert redis["image"].startswith("redis:7")
    assert contains_run(command_tokens("redis"), ["--appendonly", "yes"])
    assert "ping" in " ".join(redis["healthcheck"]["test"])


def test_web_runs_gunicorn_on_the_wsgi_application():
    tokens = command_tokens("web")
    assert "gunicorn" in tokens
    gunicorn = tokens.index("gunicorn")
    assert "wuse.wsgi:application" in tokens[gunicorn:]
    assert option_value(tokens[gunicorn:], "--bind", "-b").startswith("0.0.0.0:")


# The migrate service differs from the app services only in connecting as the owner of the tables and in
# knowing the app role's password (to create the role and set it).
MIGRATE_ONLY = {"DATABASE_URL", "WUSE_APP_DB_PASSWORD"}
APP_ROLE = "wuse_app"


def test_migrations_run_once_before_web_worker_and_beat_start():
    assert contains_run(command_tokens("migrate"), ["manage.py", "migrate", "--noinput"])
    assert service("migrate")["restart"] == "no"
    migrate, web = environment_of("migrate"), environment_of("web")
    assert {k: v for k, v in migrate.items() if k not in MIGRATE_ONLY} == {
        k: v for k, v in web.items() if k not in MIGRATE_ONLY}
    for name in APP_SERVICES:
        assert service(name)["depends_on"]["migrate"]["condition"] == "service_completed_successfully", name
        assert "migrate" not in command_tokens(name)


def test_worker_runs_a_celery_worker():
    tokens = command_tokens("worker")
    assert contains_run(tokens, ["celery", "-A", "wuse", "worker"])
    assert "-B" not in tokens and "--beat" not in tokens


def test_beat_runs_celery_beat_in_exactly_one_service():
    assert contains_run(command_tokens("beat"), ["celery", "-A", "wuse", "beat"])
    beats = [name for name in compose()["services"] if runs_beat(command_tokens(name))]
    assert beats == ["beat"]
    deploy = service("beat").get("deploy") or {}
    assert deploy.get("replicas", 1) == 1
    assert service("beat").get("scale", 1) == 1


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_wait_for_healthy_postgres_and_redis(name):
    depends_on = service(name)["depends_on"]
    assert depends_on["postgres"]["condition"] == "service_healthy"
    assert depends_on["redis"]["condition"] == "service_healthy"


def test_app_services_share_one_environment():
    web = environment_of("web")
    assert web
    assert environment_of("worker") == web
    assert environment_of("beat") == web


@pytest.mark.parametrize("name", APP_SERVICES)
def test_every_variable_is_one_the_settings_understand(name, known_variables):
    assert "SECURE_HSTS_SECONDS" in known_variables  # production itself was imported, not only base
    unknown = set(environment_of(name)) - known_variables - {"DJANGO_SETTINGS_MODULE"}
    assert not unknown, f"{name} sets variables no setting reads: {sorted(unknown)}"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_required_variables_are_set_and_production_settings_are_used(name):
    environment = environment_of(name)
    assert set(environment) >= REQUIRED_VARIABLES
    assert environment["DJANGO_SETTINGS_MODULE"] == "wuse.settings.production"
    assert re.fullmatch(r"\$\{SECRET_KEY:?\?[^}]*\}", environment["SECRET_KEY"]), "SECRET_KEY must come from ${…:?}"


def test_database_url_points_at_the_postgres_service():
    postgres_env = {key: str(value) for key, value in service("postgres")["environment"].items()}
    for name in ("migrate", *APP_SERVICES):
        url = urlsplit(interpolate(environment_of(name)["DATABASE_URL"], OPERATOR_ENV))
        assert url.scheme in {"postgres", "postgresql"}, name
        assert url.hostname == "postgres", name
        assert url.port in {None, 5432}, name
        assert url.path.lstrip("/") == postgres_env["POSTGRES_DB"], name


def test_migrations_run_as_the_owner_and_grant_the_app_role_its_rights():
    """The owner (POSTGRES_USER) migrates, then gives the app role its rights; the app never connects as the
    owner, so it cannot disable the audit table's append-only triggers (tests/test_db_roles.py)."""
    postgres_env = {key: str(value) for key, value in service("postgres")["environment"].items()}
    url = urlsplit(interpolate(environment_of("migrate")["DATABASE_URL"], OPERATOR_ENV))
    assert url.username == postgres_env["POSTGRES_USER"]
    assert url.password == interpolate(postgres_env["POSTGRES_PASSWORD"], OPERATOR_ENV)
    tokens = command_tokens("migrate")
    assert contains_run(tokens, ["manage.py", "db_grant_app_role", APP_ROLE])
    assert tokens.index("db_grant_app_role") > tokens.index("migrate")  # after the migrations, every deploy
    assert option_value(tokens, "--password-env") == "WUSE_APP_DB_PASSWORD"
    assert interpolate(environment_of("migrate")["WUSE_APP_DB_PASSWORD"], OPERATOR_ENV) == OPERATOR_ENV[
        "WUSE_APP_DB_PASSWORD"]


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_connect_as_the_app_role_which_owns_nothing(name):
    postgres_env = {key: str(value) for key, value in service("postgres")["environment"].items()}
    url = urlsplit(interpolate(environment_of(name)["DATABASE_URL"], OPERATOR_ENV))
    assert url.username == APP_ROLE != postgres_env["POSTGRES_USER"]
    assert url.password == OPERATOR_ENV["WUSE_APP_DB_PASSWORD"] != OPERATOR_ENV["POSTGRES_PASSWORD"]
    assert "POSTGRES_PASSWORD" not in " ".join(environment_of(name).values())  # the owner's password stays out


def test_redis_url_points_at_the_redis_service():
    url = urlsplit(interpolate(environment_of("web")["REDIS_URL"], OPERATOR_ENV))
    assert url.scheme in {"redis", "rediss"}
    assert url.hostname == "redis"


@pytest.mark.parametrize("missing", sorted(OPERATOR_ENV))
def test_compose_refuses_to_start_without_a_required_operator_variable(missing):
    variables = {key: value for key, value in OPERATOR_ENV.items() if key != missing}
    with pytest.raises(MissingVariable, match=missing):
        for name in ("web", "migrate", "postgres"):
            for value in environment_of(name).values():
                interpolate(value, variables)


def test_interpolated_environment_passes_check_deploy():
    """With only the required .env entries, the defaults in the file make a valid production set-up."""
    environment = {key: interpolate(value, OPERATOR_ENV) for key, value in environment_of("web").items()}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_env(environment),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout

    code = (
        "import json; from django.conf import settings as s; print(json.dumps({'otp': s.WUSE_REQUIRE_OTP,"
        " 'debug': s.DEBUG, 'csrf': s.CSRF_TRUSTED_ORIGINS, 'hosts': s.ALLOWED_HOSTS}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean_env(environment), capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"otp": True, "debug": False, "csrf": [], "hosts": ["wuse.example.gov.cn"]}


def test_web_publishes_the_gunicorn_port():
    container_ports = {int(str(mapping).rsplit(":", 1)[1].split("/")[0]) for mapping in service("web")["ports"]}
    assert container_ports == {gunicorn_port()}


# --- the Dockerfile ------------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    instructions = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            keyword, _, rest = stripped.partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def test_dockerfile_exposes_the_gunicorn_port():
    exposed = {
        int(port.split("/")[0]) for key, rest in dockerfile_instructions() if key == "EXPOSE" for port in rest.split()
    }
    assert exposed == {gunicorn_port()}


def test_dockerfile_builds_from_python_311_slim_without_dev_extras():
    instructions = dockerfile_instructions()
    assert instructions[0] == ("FROM", "python:3.11-slim")
    runs = [rest for key, rest in instructions if key == "RUN"]
    assert any(re.search(r"\bpip install (--\S+ )*\.(\s|$)", run) for run in runs)
    assert not any("[dev]" in run for run in runs)


def test_dockerfile_collects_static_files_with_production_settings():
    runs = [rest for key, rest in dockerfile_instructions() if key == "RUN"]
    collect = [run for run in runs if "collectstatic" in run]
    assert len(collect) == 1
    assert "DJANGO_SETTINGS_MODULE=wuse.settings.production" in collect[0]
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL"):
        assert f"{name}=" in collect[0]
    # the dummy build-time values are for that RUN line only, never baked into the image
    envs = " ".join(rest for key, rest in dockerfile_instructions() if key in {"ENV", "ARG"})
    assert not re.search(r"\b(SECRET_KEY|DATABASE_URL|REDIS_URL)\b", envs)


def test_dockerfile_runs_as_a_non_root_user():
    users = [rest for key, rest in dockerfile_instructions() if key == "USER"]
    assert users, "no USER instruction: the container would run as root"
    assert users[-1].split(":")[0] not in {"root", "0"}


def test_dockerignore_keeps_local_state_out_but_the_app_in():
    patterns = {
        line.strip().rstrip("/")
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".git", ".venv", "var", "staticfiles"} <= patterns
    assert not patterns & {"wuse", "static", "templates", "manage.py", "pyproject.toml", "data"}
