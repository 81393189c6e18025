'use strict';
/**
 * Counts outgoing connection attempts and DNS lookups made by this process while a function
 * runs, so a test can prove that a refused request never left the machine (not even a DNS
 * query). Spies on net.Socket.prototype.connect (every http/https/undici TCP connection goes
 * through it) and on dns.lookup / dns.promises.lookup.
 */
const dns = require('node:dns');
const net = require('node:net');

async function countNetworkAttempts(fn) {
	/** @type {{ connects: string[], lookups: string[] }} */
	const attempts = { connects: [], lookups: [] };
	// The spies pass any of the originals' overloads through unchanged, hence `any`.
	/** @type {any} */
	const socketPrototype = net.Socket.prototype;
	/** @type {any} */
	const dnsModule = dns;
	const originalConnect = socketPrototype.connect;
	const originalLookup = dnsModule.lookup;
	const originalPromisesLookup = dnsModule.promises.lookup;
	socketPrototype.connect = function connect(...args) {
		attempts.connects.push(describeConnect(args));
		return originalConnect.apply(this, args);
	};
	dnsModule.lookup = function lookup(host, ...rest) {
		attempts.lookups.push(String(host));
		return originalLookup.call(this, host, ...rest);
	};
	dnsModule.promises.lookup = function lookup(host, ...rest) {
		attempts.lookups.push(String(host));
		return originalPromisesLookup.call(this, host, ...rest);
	};
	try {
		const result = await fn();
		return { result, ...attempts };
	} finally {
		socketPrototype.connect = originalConnect;
		dnsModule.lookup = originalLookup;
		dnsModule.promises.lookup = originalPromisesLookup;
	}
}

function describeConnect(args) {
	const first = Array.isArray(args[0]) ? args[0][0] : args[0];
	if (first && typeof first === 'object')
		return `${first.host ?? first.path ?? '?'}:${first.port ?? ''}`;
	return String(first);
}

module.exports = { countNetworkAttempts };
