#!/usr/bin/env node
// Serves the demo front end (this folder) on http://localhost:$WEB_PORT (5173),
// bound to 127.0.0.1. /config.js tells the page where the API is: by default
// the CORS Inspector proxy (http://localhost:4001), which forwards to demo/api.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');

const PORT = Number(process.env.WEB_PORT) || 5173;
const API_BASE = process.env.API_BASE || 'http://localhost:4001';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (pathname === '/config.js') {
    res.writeHead(200, { 'Content-Type': TYPES['.js'], 'Cache-Control': 'no-store' });
    return res.end(`window.DEMO_API_BASE = ${JSON.stringify(API_BASE)};\n`);
  }
  const file = path.join(__dirname, pathname === '/' ? 'index.html' : path.normalize(pathname).replace(/^([/\\])+/, ''));
  if (!file.startsWith(__dirname + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    return res.end('not found');
  }
  res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
  fs.createReadStream(file).pipe(res);
});

server.listen(PORT, '127.0.0.1', () => {
  console.log(`demo web page on http://localhost:${PORT} (calls the API at ${API_BASE})`);
});
