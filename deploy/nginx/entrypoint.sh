#!/bin/sh
# Starts nginx in front of the app: renders nginx.conf.template, generates a self-signed
# certificate on first start when none is mounted, and runs nginx in the foreground.
# The nginx image runs it as its command; `make deploy-check` runs the same script on the host
# with its own directories and loopback ports.
set -eu

: "${NGINX_TEMPLATE:=/etc/nginx/huanjie/nginx.conf.template}"
: "${NGINX_RUN_DIR:=/run/huanjie-nginx}"
: "${NGINX_TLS_DIR:=/etc/nginx/tls}"
: "${NGINX_HTTP_LISTEN:=80}"
: "${NGINX_HTTPS_LISTEN:=443}"
# The app nodes, comma-separated: web:8000 (compose) or host:port,host:port (several nodes).
: "${HUANJIE_UPSTREAM:=web:8000}"
# The heavy pool (documents, exports, imports: nginx.conf.template), comma-separated likewise:
# web-heavy:8000 in compose. Empty: the one pool above takes every path.
: "${HUANJIE_HEAVY_UPSTREAM:=}"
: "${NGINX_WORKER_PROCESSES:=auto}"
# The name in a generated certificate: the site's host name (first of ALLOWED_HOSTS).
: "${TLS_SELF_SIGNED_NAME:=localhost}"
HUANJIE_UPSTREAM_SERVERS=""
for node in $(echo "$HUANJIE_UPSTREAM" | tr ',' ' '); do
  HUANJIE_UPSTREAM_SERVERS="${HUANJIE_UPSTREAM_SERVERS}server $node; "
done
HUANJIE_HEAVY_UPSTREAM_SERVERS="$HUANJIE_UPSTREAM_SERVERS"
HUANJIE_HEAVY_POOL=huanjie
if [ -n "$HUANJIE_HEAVY_UPSTREAM" ]; then
  HUANJIE_HEAVY_UPSTREAM_SERVERS=""
  for node in $(echo "$HUANJIE_HEAVY_UPSTREAM" | tr ',' ' '); do
    HUANJIE_HEAVY_UPSTREAM_SERVERS="${HUANJIE_HEAVY_UPSTREAM_SERVERS}server $node; "
  done
  HUANJIE_HEAVY_POOL=huanjie_heavy
fi
export NGINX_RUN_DIR NGINX_TLS_DIR NGINX_HTTP_LISTEN NGINX_HTTPS_LISTEN NGINX_WORKER_PROCESSES \
  HUANJIE_UPSTREAM_SERVERS HUANJIE_HEAVY_UPSTREAM_SERVERS HUANJIE_HEAVY_POOL

mkdir -p "$NGINX_RUN_DIR"
if [ ! -s "$NGINX_TLS_DIR/fullchain.pem" ] || [ ! -s "$NGINX_TLS_DIR/privkey.pem" ]; then
  echo "No certificate in $NGINX_TLS_DIR: generating a self-signed one for $TLS_SELF_SIGNED_NAME." >&2
  mkdir -p "$NGINX_TLS_DIR"
  umask 077
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -sha256 \
    -subj "/CN=$TLS_SELF_SIGNED_NAME" \
    -addext "subjectAltName=DNS:$TLS_SELF_SIGNED_NAME,DNS:localhost,IP:127.0.0.1" \
    -keyout "$NGINX_TLS_DIR/privkey.pem" -out "$NGINX_TLS_DIR/fullchain.pem" 2>/dev/null
fi

envsubst '${NGINX_RUN_DIR} ${NGINX_TLS_DIR} ${NGINX_HTTP_LISTEN} ${NGINX_HTTPS_LISTEN}
  ${NGINX_WORKER_PROCESSES} ${HUANJIE_UPSTREAM_SERVERS} ${HUANJIE_HEAVY_UPSTREAM_SERVERS}
  ${HUANJIE_HEAVY_POOL}' \
  < "$NGINX_TEMPLATE" > "$NGINX_RUN_DIR/nginx.conf"
nginx -t -q -e stderr -p "$NGINX_RUN_DIR" -c "$NGINX_RUN_DIR/nginx.conf"
exec nginx -e stderr -p "$NGINX_RUN_DIR" -c "$NGINX_RUN_DIR/nginx.conf" -g 'daemon off;'
