# Huanjie production image: gunicorn serving Django, static files by WhiteNoise.
FROM python:3.11-slim-bookworm

# Pango for WeasyPrint, HarfBuzz's subsetter (a Chinese PDF in ~70 ms instead of ~5 s),
# CJK fonts so Chinese PDFs never print as empty boxes, gettext for the English catalogue, and
# pg_dump/pg_restore for `manage.py backup` and `restore` (bookworm: 15, as the compose database).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fontconfig gettext \
      postgresql-client \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PIP_CONSTRAINT=/app/config/build-constraints.txt PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
# The packages from the hashed lock (reproducible, no development tools), then the project alone.
COPY requirements.lock ./
COPY config/build-constraints.txt config/
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY config/ config/
COPY branches/ branches/
COPY members/ members/
COPY elections/ elections/
RUN pip install --no-cache-dir --no-deps .
COPY . .
# collectstatic and compilemessages need settings but no database or real secret.
RUN DEBUG=true python manage.py collectstatic --no-input -v 0 \
 && DEBUG=true python manage.py compilemessages -v 0 --ignore=.venv \
 && useradd --system --home /app huanjie && mkdir -p /app/media && chown huanjie /app/media
USER huanjie
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
