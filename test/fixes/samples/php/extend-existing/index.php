<?php
require __DIR__ . '/api.php';

$allowedOrigins = ['http://localhost:3000'];

$origin = $_SERVER['HTTP_ORIGIN'] ?? '';
if (in_array($origin, $allowedOrigins, true)) {
	header('Access-Control-Allow-Origin: ' . $origin);
	header('Access-Control-Allow-Credentials: true');
	header('Vary: Origin');
}
if ($_SERVER['REQUEST_METHOD'] === 'OPTIONS') {
	header('Access-Control-Allow-Methods: GET, POST, PUT');
	header('Access-Control-Allow-Headers: Content-Type');
	header('Access-Control-Max-Age: 600');
	http_response_code(204);
	exit;
}

handle_api();
