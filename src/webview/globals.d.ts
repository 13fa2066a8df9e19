/** True in the test and bench builds only (esbuild `define`): the test hooks are compiled out of the production bundle. */
declare const __TEST_HOOKS__: boolean;
