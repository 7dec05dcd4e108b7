// The items API on bare node:http: a tiny router and JSON helpers.
const items = [
	{ id: 1, name: 'Notebook' },
	{ id: 2, name: 'Pencil' },
];

function sendJson(res, status, body) {
	res.writeHead(status, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify(body));
}

function readJson(req) {
	return new Promise((resolve, reject) => {
		let data = '';
		req.setEncoding('utf8');
		req.on('data', (chunk) => (data += chunk));
		req.on('end', () => {
			try {
				resolve(data ? JSON.parse(data) : {});
			} catch (err) {
				reject(err);
			}
		});
		req.on('error', reject);
	});
}

/** The login page sets a `sid` cookie; a real app would look it up in a session store. */
function currentUser(cookieHeader = '') {
	const sid = cookieHeader
		.split(';')
		.map((part) => part.trim())
		.find((part) => part.startsWith('sid='))
		?.slice('sid='.length);
	return sid === 'demo-session' ? { name: 'Ada' } : null;
}

async function handleApi(req, res) {
	const { pathname } = new URL(req.url, 'http://localhost');
	const itemMatch = /^\/api\/items\/(\d+)$/.exec(pathname);

	if (pathname === '/api/items' && req.method === 'GET') {
		return sendJson(res, 200, items);
	}
	if (pathname === '/api/items' && req.method === 'POST') {
		const body = await readJson(req);
		const item = { id: items.length + 1, name: String(body.name ?? 'untitled') };
		items.push(item);
		return sendJson(res, 201, item);
	}
	if (itemMatch && req.method === 'PUT') {
		const item = items.find((i) => i.id === Number(itemMatch[1]));
		if (!item) return sendJson(res, 404, { error: 'no such item' });
		const body = await readJson(req);
		item.name = String(body.name ?? item.name);
		return sendJson(res, 200, item);
	}
	if (itemMatch && req.method === 'DELETE') {
		const index = items.findIndex((i) => i.id === Number(itemMatch[1]));
		if (index === -1) return sendJson(res, 404, { error: 'no such item' });
		items.splice(index, 1);
		res.writeHead(204);
		return res.end();
	}
	if (pathname === '/api/me' && req.method === 'GET') {
		return sendJson(res, 200, { user: currentUser(req.headers.cookie) });
	}
	sendJson(res, 404, { error: 'not found' });
}

module.exports = { handleApi, currentUser, sendJson };
