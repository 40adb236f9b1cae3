"""Deployment helpers run on the host: the .dockerignore matcher and `make deploy-check`."""
