#!/bin/sh
# The shell npm runs install scripts with (`npm ci --script-shell`) when it installs code-server.
# code-server's postinstall refuses to run as root unless npm_config_unsafe_perm=true (it checks the variable;
# npm 7+ runs scripts as root anyway). npm itself no longer knows that config and warns "Unknown env config" when
# the variable is in npm's own environment, so it is set here, for the install scripts only.
npm_config_unsafe_perm=true
export npm_config_unsafe_perm
exec /bin/sh "$@"
