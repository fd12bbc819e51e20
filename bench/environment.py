"""What every bench script does before it measures: Django set up for a run of its own, the database created when
missing and migrated. The scripts put the project folder on sys.path, then import this module as bench.environment.
"""

import os
import secrets
import tempfile


def django_start(*, database_url: str | None = None, throwaway_files: bool = True) -> None:
    """Set up Django for a bench run: no worker (the in-memory broker, tasks not run in the caller), DEBUG off.

    `throwaway_files`: the var folder (files, key file) is a new temporary folder and the secret key, unless the
    environment sets one, a throw-away one of its own. `database_url`: the database to use; None: a throw-away SQLite
    database in that temporary folder (whatever DATABASE_URL says, so a bench never writes to a developer's database
    unasked)."""
    env = {
        "DJANGO_SETTINGS_MODULE": "romantik.settings",
        "CELERY_BROKER_URL": "memory://",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DEBUG": "false",
    }
    if throwaway_files:
        tmp = tempfile.mkdtemp(prefix="romantik-bench-")
        env["ROMANTIK_VAR_DIR"] = tmp
        env["SECRET_KEY"] = os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)
        env["DATABASE_URL"] = database_url or f"sqlite:///{tmp}/bench.sqlite3"
    elif database_url is None:
        raise ValueError("without throw-away files, name the database (database_url)")
    else:
        env["DATABASE_URL"] = database_url
    os.environ.update(env)
    import django

    django.setup()


def database_prepare() -> None:
    """PostgreSQL: create the database when it is missing (SQLite creates its file itself). Then migrate."""
    from django.conf import settings
    from django.core.management import call_command

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        import psycopg2

        params = {"host": db["HOST"] or None, "port": db["PORT"] or None, "user": db["USER"]}
        params["password"] = db["PASSWORD"]
        try:
            psycopg2.connect(dbname=db["NAME"], **params).close()
        except psycopg2.OperationalError as error:
            if "does not exist" not in str(error):
                raise
            admin = psycopg2.connect(dbname="postgres", **params)
            admin.autocommit = True
            with admin.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
            admin.close()
            print(f"created database {db['NAME']}")
    call_command("migrate", verbosity=0)


def demo_letter():
    """The demo data (`seed_demo`), and the letter of its FS3 of BPS Kabupaten Kotawaringin Timur, taken to a layak
    decision and numbered as at signing (the number is not saved)."""
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from review import services
    from submissions.models import Submission
    from submissions.states import State

    call_command("seed_demo", quiet=True, stdout=StringIO())
    reviewer = get_user_model().objects.get(email="reviewer.6202@demo.bps.go.id")
    submission = Submission.objects.get(state=State.SUBMITTED, office__code="6202")
    submission = services.review_accept(submission=submission, actor=reviewer)
    services.review_take(submission=submission, actor=reviewer)
    submission = services.review_decide(
        submission=submission, actor=reviewer, decision=State.FEASIBLE, text="Saran uji kinerja."
    )
    letter = submission.letter
    letter.number = "B-999/62020/VS.300/2026"
    return letter
