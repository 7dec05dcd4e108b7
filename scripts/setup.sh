#!/usr/bin/env bash
# Installs everything this project needs on a fresh Debian machine: Chromium
# (the oracle for the CORS engine and the browser for the VS Code tests), the
# build dependencies of code-server's native modules, the npm packages, and a
# local code-server (a real VS Code) under .tools/. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(chromium ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config fonts-dejavu-core)
# The CORS audit's vulnerable sample servers (test/audit/): Flask with Flask-CORS, and nginx.
apt_packages+=(python3-flask python3-flask-cors nginx-light)
# The Python servers the quick fixes are verified on (run with /usr/bin/python3).
apt_packages+=(python3-fastapi python3-uvicorn python3-django python3-django-cors-headers)
# The web servers the nginx and Apache quick fixes are verified on (test/fixes/samples/nginx, apache; nginx-light is above).
apt_packages+=(apache2)
# The PHP (built-in server) and Rack (rack-cors under puma) servers the quick fixes are verified on.
apt_packages+=(php-cli ruby-rack ruby-rack-cors puma)
# The Go servers the quick fixes are verified on (built in GOPATH mode from /usr/share/gocode).
apt_packages+=(golang-go golang-github-rs-cors-dev golang-github-gin-gonic-gin-dev golang-github-gin-contrib-cors-dev golang-github-go-chi-cors-dev golang-github-go-chi-chi-dev)

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: please install these Debian packages (needs root): ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing Debian packages: ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "setup: npm packages"
npm ci --no-audit --no-fund --loglevel=error

if [ -f scripts/setup-code-server.sh ]; then
  bash scripts/setup-code-server.sh
fi
echo "setup: done"
