'use strict';
// Admin API under /__sim/ (no auth, not logged) for users in another process (e2e runner, demo).
const { readBody, parseBody } = require('./http-body');
const { messageOf } = require('./errors');

function sendJson(res, status, value) {
	const payload = Buffer.from(JSON.stringify(value));
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': String(payload.length),
	});
	res.end(payload);
}

function taskView({ stepCache, final, ...rest }) {
	return rest;
}

async function handleAdmin(sim, req, res, urlPath, query) {
	const raw = await readBody(req);
	const body = raw ? parseBody(raw, 'application/json') : undefined;
	try {
		switch (`${req.method} ${urlPath}`) {
			case 'GET /__sim/health':
				return sendJson(res, 200, { ok: true, url: sim.url });
			case 'GET /__sim/requests': {
				const since = Number(query.since ?? 0);
				return sendJson(
					res,
					200,
					since > 0 ? sim.requests.filter((e) => e.id > since) : sim.requests,
				);
			}
			case 'POST /__sim/reset':
				sim.clearLog();
				sim.clearFaults();
				return sendJson(res, 200, { ok: true });
			case 'POST /__sim/faults':
				if (!body || typeof body !== 'object')
					return sendJson(res, 400, {
						ok: false,
						error: 'body must be a fault object or an array of them',
					});
				return sendJson(res, 200, { ok: true, added: sim.addFault(body) });
			case 'GET /__sim/faults':
				return sendJson(res, 200, sim.faults.describe());
			case 'DELETE /__sim/faults':
				sim.clearFaults();
				return sendJson(res, 200, { ok: true });
			case 'POST /__sim/browser':
				if (!body || typeof body !== 'object')
					return sendJson(res, 400, { ok: false, error: 'body must be an object' });
				sim.setBrowserDefaults(body);
				return sendJson(res, 200, { ok: true, defaults: sim.browserDefaults });
			case 'GET /__sim/tasks':
				return sendJson(res, 200, [...sim.tasks.values()].map(taskView));
			case 'GET /__sim/sandboxes':
				return sendJson(res, 200, [...sim.sandboxes.values()]);
			case 'GET /__sim/sandboxes/live': {
				const ids = sim.liveSandboxes();
				return sendJson(res, 200, { count: ids.length, ids });
			}
			default:
				return sendJson(res, 404, {
					ok: false,
					error: `unknown admin route ${req.method} ${urlPath}`,
				});
		}
	} catch (error) {
		return sendJson(res, 400, {
			ok: false,
			error: messageOf(error),
		});
	}
}

module.exports = { handleAdmin };
