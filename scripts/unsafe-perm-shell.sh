#!/bin/sh
# The shell npm runs install scripts with (`npm ci --script-shell`) when it installs code-server.
# code-server's postinstall refuses to run as root unless npm_config_unsafe_perm=true (it checks the variable;
# npm 7+ runs scripts as root anyway). npm itself no longer knows that config and warns "Unknown env config" when
# the variable is in npm's own environment, so it is set here, for the install scripts only. (code-server's own
# nested `npm install --unsafe-perm` still prints that warning: its script, not ours.)
# npm_config_yes: node-pty's postinstall runs `npx node-gyp`, which without it refuses to fetch node-gyp when no
# terminal can answer its question (CI).
npm_config_unsafe_perm=true
npm_config_yes=true
export npm_config_unsafe_perm npm_config_yes
exec /bin/sh "$@"
