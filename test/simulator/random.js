'use strict';
// Small seedable PRNG (mulberry32) so fault soak runs are repeatable.

function seededRandom(seed) {
	let state = Number(seed) >>> 0 || 0x302;
	return function next() {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

module.exports = { seededRandom };
