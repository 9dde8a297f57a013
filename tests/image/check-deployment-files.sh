#!/usr/bin/env bash
# The deployment files, checked offline (ctest: Manifests). docker/kubernetes renders with
# kubectl kustomize, and every object passes the Kubernetes API's schema of its kind and the
# operator's checks of check-manifests.mjs; docker/docker-compose.yml passes the Compose
# Specification's schema (check-compose.mjs) and podman-compose reads it. Needs
# `npm ci --prefix tests/image` (tests/run.sh does it). Ends with "N passed, N failed".
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d /tmp/polytomic-manifests.XXXXXX)
trap 'rm -rf "$work"' EXIT

{
	if kubectl kustomize "$root/docker/kubernetes" >"$work/rendered.yaml" 2>"$work/kustomize.err"; then
		echo "ok   kubectl kustomize docker/kubernetes ($(grep -c '^kind:' "$work/rendered.yaml") objects)"
		node "$here/check-manifests.mjs" "$work/rendered.yaml" "$root/docker/kubernetes/secret.example.yaml" \
			"$root/docker/entrypoint.sh" "$root/docker/kubernetes/migrate-job.example.yaml" 2>&1 || echo "FAIL check-manifests.mjs exited $?"
	else
		echo "FAIL kubectl kustomize docker/kubernetes: $(head -c 600 "$work/kustomize.err")"
	fi
	node "$here/check-compose.mjs" "$root/docker/docker-compose.yml" 2>&1 || echo "FAIL check-compose.mjs exited $?"
	# Debian 12's podman-compose (1.0.3) has no "config": there, --dry-run ps reads the file and
	# prints the podman command it would run, and changes nothing.
	if podman-compose --help 2>/dev/null | grep -qw config; then
		read=(config)
	else
		read=(--dry-run ps)
	fi
	if (cd "$root/docker" && podman-compose -f docker-compose.yml "${read[@]}") >"$work/compose.out" 2>&1; then
		echo "ok   podman-compose ${read[*]}: docker/docker-compose.yml is read"
	else
		echo "FAIL podman-compose ${read[*]} docker/docker-compose.yml: $(tail -n 3 "$work/compose.out")"
	fi
} | tee "$work/out"
passed=$(grep -c '^ok ' "$work/out")
failed=$(grep -c '^FAIL ' "$work/out")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
