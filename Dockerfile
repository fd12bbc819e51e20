# Production image: gunicorn web, Celery worker and beat share it (docker-compose.yml).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 ROMANTIK_VAR_DIR=/app/var
RUN apt-get update && apt-get install -y --no-install-recommends \
        gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The runtime only: the test, lint and bench tools are in requirements-dev.txt, not in the image.
COPY requirements.txt package.json package-lock.json ./
RUN pip install --no-cache-dir -r requirements.txt && npm ci --no-audit --no-fund
COPY . .
# No SECRET_KEY in the image: the build's two commands get a random one that is thrown away, and the running
# containers refuse to start without their own (docker-compose.yml requires it; romantik/keys.py).
RUN export SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    && python manage.py compilemessages --ignore=node_modules \
    && STATICFILES_STORAGE=whitenoise.storage.CompressedManifestStaticFilesStorage python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["gunicorn", "-c", "python:romantik.gunicorn_conf", "romantik.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
