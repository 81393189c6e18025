#!/usr/bin/env node
// Makes sure the official JSON-Schema-Test-Suite files that `npm test` runs are on the machine:
// Debian's package json-schema-test-suite (bookworm: 2.0.0-1.1, suite release 2.0.0, drafts 3, 4,
// 6 and 7) under /usr/share/json-schema-test-suite/tests. The project vendors no suite files.
//
//   node scripts/ensure-json-schema-suite.js   -> nothing to do when installed (one stat call);
//                                                 as root, installs it with apt-get; otherwise
//                                                 prints what to install and exits 1.
// test/shared/json-schema-suite.test.js reads DEBIAN_SUITE from here and fails if the files are missing.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const DEBIAN_PACKAGE = 'json-schema-test-suite';
/** The package version whose counts test/shared/json-schema-suite.test.js asserts. */
const DEBIAN_VERSION = '2.0.0-1.1';
const DEBIAN_SUITE = '/usr/share/json-schema-test-suite/tests';
/** Present only when the package's draft-07 files are installed. */
const MARKER = path.join(DEBIAN_SUITE, 'draft7', 'type.json');
const INSTALL_HINT = `apt-get install -y ${DEBIAN_PACKAGE}   # Debian/Ubuntu (version ${DEBIAN_VERSION} on bookworm)`;

function log(message) {
	process.stderr.write(`[ensure-json-schema-suite] ${message}\n`);
}

function isInstalled() {
	return fs.existsSync(MARKER);
}

function aptGet(args) {
	log(`apt-get ${args.join(' ')}`);
	const run = spawnSync('apt-get', args, {
		stdio: ['ignore', 'ignore', 'inherit'],
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
	if (run.error) log(`apt-get could not start: ${run.error.message}`);
	return run.status === 0;
}

/** Installs the package; a failed install is retried once after refreshing stale package lists. */
function install() {
	if (aptGet(['install', '-y', '-q', DEBIAN_PACKAGE]) && isInstalled()) return true;
	return (
		aptGet(['update', '-q']) && aptGet(['install', '-y', '-q', DEBIAN_PACKAGE]) && isInstalled()
	);
}

function main() {
	if (isInstalled()) return 0;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (isRoot && install()) {
		log(`installed ${DEBIAN_PACKAGE}: ${DEBIAN_SUITE}`);
		return 0;
	}
	log(`missing ${MARKER}: the JSON-Schema-Test-Suite draft-07 files that npm test runs.`);
	log(
		isRoot
			? `installing with apt-get failed; install it by hand:\n    ${INSTALL_HINT}`
			: `install them with:\n    sudo ${INSTALL_HINT}`,
	);
	return 1;
}

module.exports = { DEBIAN_PACKAGE, DEBIAN_VERSION, DEBIAN_SUITE, INSTALL_HINT };

if (require.main === module) process.exitCode = main();
