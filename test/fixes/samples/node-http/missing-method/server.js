const http = require('node:http');
const { handleApi } = require('./api');

const port = Number(process.env.PORT) || 4000;

const server = http.createServer((req, res) => {
	res.setHeader('Access-Control-Allow-Origin', 'http://localhost:5173');
	res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
	res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
	if (req.method === 'OPTIONS') {
		res.writeHead(204);
		res.end();
		return;
	}
	handleApi(req, res).catch((err) => {
		console.error(err);
		res.writeHead(500);
		res.end();
	});
});

server.listen(port, '127.0.0.1', () => {
	console.log(`items API on http://127.0.0.1:${port}`);
});
