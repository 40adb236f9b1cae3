# Huanjie application image: gunicorn (config/gunicorn.py) serving Django, static files by WhiteNoise.
# nginx runs in front of it from deploy/nginx/Dockerfile (docker-compose.yml). `make deploy-check`
# builds the same layout on a host without Docker and walks it through nginx over HTTPS.

# Build stage: the front-end packages (ECharts, Tom Select) from the npm registry, exactly as package-lock.json
# pins them with their integrity hashes (npm ci, no install scripts); the files the pages load are
# copied into static/vendor/ below, as `make setup` does. Never a CDN.
FROM node:20-bookworm-slim AS assets
WORKDIR /assets
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

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
# requirements.lock holds the sentry extra too: error reporting stays off unless SENTRY_DSN is set.
RUN pip install --no-cache-dir --no-deps .
# .dockerignore keeps .env, databases, media/, .venv and .git out of this copy.
COPY . .
COPY --from=assets /assets/node_modules/echarts/dist/echarts.min.js \
     /assets/node_modules/echarts/LICENSE /assets/node_modules/echarts/NOTICE static/vendor/echarts/
# The source maps too: the minified files name them, and the production static storage
# (a manifest) refuses a reference to a missing file.
COPY --from=assets /assets/node_modules/tom-select/dist/js/tom-select.complete.min.js \
     /assets/node_modules/tom-select/dist/js/tom-select.complete.min.js.map \
     /assets/node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css \
     /assets/node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css.map \
     /assets/node_modules/tom-select/LICENSE static/vendor/tom-select/
# Static files are collected with the production storage (DEBUG=false: hashed names and the
# manifest that {% static %} reads at run time). The secret here only lets settings load: it is
# set for this command alone, never stored in the image, and the server refuses to start
# without a real SECRET_KEY from the environment (config/wsgi.py).
RUN DEBUG=false SECRET_KEY=build-time-only-collectstatic-needs-no-real-secret-0123456789 \
      python manage.py collectstatic --no-input -v 0 \
 && test -s staticfiles/staticfiles.json \
 && DEBUG=true python manage.py compilemessages -v 0 --ignore=.venv \
 && useradd --system --home /app huanjie && mkdir -p /app/media && chown huanjie /app/media
USER huanjie
EXPOSE 8000
CMD ["gunicorn", "--config", "config/gunicorn.py", "config.wsgi"]
