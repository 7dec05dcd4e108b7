<?php

// CORS for the allowed origins only; Laravel's HandleCors middleware reads this file.
return [
    'paths' => ['api/*'],
    'allowed_methods' => ['GET', 'HEAD', 'POST', 'PUT'],
    'allowed_origins' => ['http://localhost:5173'],
    'allowed_origins_patterns' => [],
    'allowed_headers' => ['content-type'],
    'exposed_headers' => [],
    'max_age' => 600,
    'supports_credentials' => false,
];
