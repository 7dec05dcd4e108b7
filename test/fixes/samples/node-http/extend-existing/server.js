const http = require('node:http');
const { handleApi } = require('./api');

const port = Number(process.env.PORT) || 4000;

const ALLOWED_ORIGINS = ['http://localhost:3000'];

// Returns true when the request was a preflight and has been answered.
function applyCors(req, res) {
	const origin = req.headers.origin;
	if (origin && ALLOWED_ORIGINS.includes(origin)) {
		res.setHeader('Access-Control-Allow-Origin', origin);
		res.setHeader('Access-Control-Allow-Credentials', 'true');
		res.setHeader('Vary', 'Origin');
	}
	if (req.method === 'OPTIONS') {
		res.writeHead(204, {
			'Access-Control-Allow-Methods': 'GET, POST, PUT',
			'Access-Control-Allow-Headers': 'Content-Type',
			'Access-Control-Max-Age': '600',
		});
		res.end();
		return true;
	}
	return false;
}

const server = http.createServer((req, res) => {
	if (applyCors(req, res)) return;
	handleApi(req, res).catch((err) => {
		console.error(err);
		res.writeHead(500);
		res.end();
	});
});

server.listen(port, '127.0.0.1', () => {
	console.log(`items API on http://127.0.0.1:${port}`);
});
