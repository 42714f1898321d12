#!/usr/bin/env bash
# Installs what the tests and the local drill need on a Debian machine of this project's kind.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${need_apt[*]} (run: sudo apt-get install ${need_apt[*]})" >&2
    exit 1
  fi
  echo "Installing Debian packages: ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
# The Debian redis-server package starts a system service; the tests start their own servers.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now redis-server >/dev/null 2>&1 || true; fi

python3 -c 'import moto' 2>/dev/null || {
  echo "moto is not installed for python3: pip install 'moto[server]==5.2.1'" >&2
  exit 1
}
# The conformance tests run cfn-lint on template.yaml and the AWS SAM translator on its JSON form.
command -v cfn-lint >/dev/null 2>&1 || {
  echo "cfn-lint is not installed: pip install cfn-lint" >&2
  exit 1
}
python3 -c 'import samtranslator' 2>/dev/null || {
  echo "The AWS SAM translator is not installed for python3: pip install aws-sam-translator" >&2
  exit 1
}

if [ ! -d node_modules/asl-validator ] || [ ! -d node_modules/playwright-core ]; then
  echo "Installing npm packages (asl-validator, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi

. scripts/java-home.sh
./mvnw -B -q -v >/dev/null
echo "Setup complete: $(java -version 2>&1 | head -1)"
