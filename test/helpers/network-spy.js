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
	const attempts = { connects: [], lookups: [] };
	const originalConnect = net.Socket.prototype.connect;
	const originalLookup = dns.lookup;
	const originalPromisesLookup = dns.promises.lookup;
	net.Socket.prototype.connect = function connect(...args) {
		attempts.connects.push(describeConnect(args));
		return originalConnect.apply(this, args);
	};
	dns.lookup = function lookup(host, ...rest) {
		attempts.lookups.push(String(host));
		return originalLookup.call(this, host, ...rest);
	};
	dns.promises.lookup = function lookup(host, ...rest) {
		attempts.lookups.push(String(host));
		return originalPromisesLookup.call(this, host, ...rest);
	};
	try {
		const result = await fn();
		return { result, ...attempts };
	} finally {
		net.Socket.prototype.connect = originalConnect;
		dns.lookup = originalLookup;
		dns.promises.lookup = originalPromisesLookup;
	}
}

function describeConnect(args) {
	const first = Array.isArray(args[0]) ? args[0][0] : args[0];
	if (first && typeof first === 'object')
		return `${first.host ?? first.path ?? '?'}:${first.port ?? ''}`;
	return String(first);
}

module.exports = { countNetworkAttempts };
