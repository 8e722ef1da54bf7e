FROM python:3.11-slim-bookworm

# WeasyPrint needs Pango and fonts; compilemessages needs gettext.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# Only what the portal runs on: the test and lint tools are in requirements-dev.lock.
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
RUN DJANGO_SECRET_KEY=build-only python manage.py compilemessages --ignore=.venv \
    && DJANGO_SECRET_KEY=build-only DJANGO_ENV=production DJANGO_DEBUG=false \
       python manage.py collectstatic --noinput

RUN useradd --create-home rcm && mkdir -p /app/media /app/var && chown -R rcm /app/media /app/var
USER rcm
EXPOSE 8000
CMD ["gunicorn", "rcm_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
