#!/bin/sh
# The container's entrypoint; the test suites run this same script outside Docker.
#
#   entrypoint.sh [serve|migrate|config check|version]   (default: serve)
#
# For every secret variable NAME, NAME_FILE may name a file holding the value
# (Docker and Kubernetes secrets); a value set directly wins. The secrets of the
# connectors' OAuth apps are every <TYPE>_CLIENT_SECRET (HUBSPOT_CLIENT_SECRET_FILE, ...).
set -eu

# The names of the <TYPE>_CLIENT_SECRET_FILE variables set (a name only: letters, digits, _).
client_secrets=$(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*_CLIENT_SECRET\)_FILE=.*/\1/p' | sort -u)

for name in DATABASE_URL DATABASE_PASSWORD REDIS_URL REDIS_PASSWORD DEPLOYMENT_KEY DEPLOYMENT_API_KEY \
	GOOGLE_CLIENT_SECRET OIDC_CLIENT_SECRET ENCRYPTION_KEY ENCRYPTION_KEY_PREVIOUS $client_secrets; do
	eval "file=\${${name}_FILE:-}"
	eval "value=\${${name}:-}"
	if [ -n "$file" ] && [ -z "$value" ]; then
		if [ ! -r "$file" ]; then
			echo "configuration problem: ${name}_FILE: cannot read '$file'" >&2
			exit 78
		fi
		value=$(cat "$file")
		export "$name=$value"
	fi
	unset "${name}_FILE" 2>/dev/null || true
done

bin=${POLYTOMIC_BIN:-}
if [ -z "$bin" ]; then
	here=$(dirname "$0")
	if [ -x "$here/polytomic" ]; then bin="$here/polytomic"; else bin=$(command -v polytomic || true); fi
fi
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
	echo "entrypoint: the polytomic binary was not found (set POLYTOMIC_BIN)" >&2
	exit 127
fi

if [ "$#" -eq 0 ]; then set -- serve; fi
exec "$bin" "$@"
